/// Art. 6: the filing (备案) with the bureau.
public struct Filing: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var number: String
    public var filedOn: CivilDate
    public var status: FilingStatus

    package init(origin: Origin, agency: UnifiedSocialCreditCode, number: String, filedOn: CivilDate, status: FilingStatus) {
        self.origin = origin; self.agency = agency; self.number = number; self.filedOn = filedOn; self.status = status
    }
}

extension Filing {
    /// `filings.csv` and the `filing` table.
    public static let entity = Entity<Filing>(file: "filings.csv", title: "备案", table: "filing", tableTitle: "备案", fields: [
        .agencyCode { $0.agency },
        .required("备案编号", .identifier, "备案登记表编号", en: "filing number", column: "number") { $0.number },
        .required("备案日期", .date, "如 2024-03-01", en: "date", column: "filed_on") { $0.filedOn },
        .required("备案状态", .text, "有效 或 已注销", en: "有效 or 已注销", column: "status") { $0.status },
        .sourceLine { $0.origin.line },
    ])
}

extension Filing {
    public static func read(_ f: inout some StoredRow) -> Filing? {
        guard let status = f.enumValue("status", FilingStatus.self) else { return nil }
        return Filing(origin: f.origin, agency: f.agencyCode(), number: f.string("number"), filedOn: f.date("filed_on"), status: status)
    }
}

extension Filing {
    /// Made from a row of `filings.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let code = row.code()
        let number = row.required("备案编号")
        let date = row.date("备案日期")
        let status = row.oneOf("备案状态", FilingStatus.self)
        guard let code, let number, let date, let status else { return }
        data.published.filings.append(Filing(origin: row.origin, agency: code, number: number, filedOn: date, status: status))
    }
}
