/// Art. 6(三): the CMA inspection-body qualification certificate (检验检测机构资质认定证书).
public struct Qualification: Sendable, Hashable {
    public var origin: Origin
    public var certificateNumber: String
    public var agency: UnifiedSocialCreditCode
    public var issuer: String
    public var issuedOn: CivilDate
    public var validUntil: CivilDate

    package init(origin: Origin, certificateNumber: String, agency: UnifiedSocialCreditCode, issuer: String, issuedOn: CivilDate, validUntil: CivilDate) {
        self.origin = origin; self.certificateNumber = certificateNumber; self.agency = agency; self.issuer = issuer
        self.issuedOn = issuedOn; self.validUntil = validUntil
    }
}

extension Qualification {
    /// `qualifications.csv` and the `qualification` table.
    public static let entity = Entity<Qualification>(
        file: "qualifications.csv", title: "资质认定证书", table: "qualification", tableTitle: "资质认定证书", fields: [
            .required("证书编号", .identifier, "检验检测机构资质认定证书编号，12 位数字", en: "CMA certificate number, 12 digits; one row per certificate", column: "certificate_number") { $0.certificateNumber },
            .agencyCode { $0.agency },
            .required("发证机关", .text, "如 浙江省市场监督管理局", en: "e.g. 浙江省市场监督管理局", column: "issuer") { $0.issuer },
            .required("发证日期", .date, "如 2023-05-10", en: "date", column: "issued_on") { $0.issuedOn },
            .required("有效期至", .date, "如 2029-05-09", en: "date, after 发证日期", column: "valid_until") { $0.validUntil },
            .sourceLine { $0.origin.line },
        ])
}

extension Qualification {
    public static func read(_ f: inout some StoredRow) -> Qualification {
        Qualification(origin: f.origin, certificateNumber: f.string("certificate_number"), agency: f.agencyCode(),
                      issuer: f.string("issuer"), issuedOn: f.date("issued_on"), validUntil: f.date("valid_until"))
    }
}

extension Qualification {
    /// Made from a row of `qualifications.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let number = row.required("证书编号")
        if let number, !(number.count == 12 && number.allSatisfy({ $0.asciiDigitValue != nil })) {
            let lostZero = number.count == 11 && number.allSatisfy { $0.asciiDigitValue != nil }
            row.error(lostZero ? "E114.lostZero" : "E114", "证书编号", ["number": "\(number)"])
        }
        let code = row.code()
        let issuer = row.required("发证机关")
        let issued = row.date("发证日期")
        let until = row.date("有效期至")
        if let issued, let until, until <= issued {
            row.error("E122.expiresBeforeIssued", "有效期至", ["until": "\(until)", "issued": "\(issued)"])
        }
        guard let number, let code, let issuer, let issued, let until, row.problems.isEmpty else { return }
        data.published.qualifications.append(Qualification(origin: row.origin, certificateNumber: number, agency: code,
                                                           issuer: issuer, issuedOn: issued, validUntil: until))
    }
}
