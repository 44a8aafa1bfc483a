/// Art. 19 (一公开): the outcome of an inspection.
public struct InspectionOutcome: Sendable, Hashable {
    public var origin: Origin
    public var year: Int
    public var agency: UnifiedSocialCreditCode
    public var inspectedOn: CivilDate
    public var result: String
    public var circular: String

    package init(origin: Origin, year: Int, agency: UnifiedSocialCreditCode, inspectedOn: CivilDate, result: String, circular: String) {
        self.origin = origin; self.year = year; self.agency = agency; self.inspectedOn = inspectedOn; self.result = result
        self.circular = circular
    }
}

extension InspectionOutcome {
    /// `inspections.csv` and the `inspection` table (一公开).
    public static let entity = Entity<Numbered<InspectionOutcome>>(
        file: "inspections.csv", title: "检查结果（一公开）", table: "inspection", tableTitle: "检查结果", fields: [
            .stored("id", "序号") { $0.id },
            .required("年度", .number, "抽查所属年度", en: "the year of the draw the inspection belongs to", column: "year") { $0.record.year },
            .agencyCode { $0.record.agency },
            .required("检查日期", .date, "现场检查之日", en: "date", column: "inspected_on") { $0.record.inspectedOn },
            .required("检查结果", .text, "如 未发现问题、责令整改", en: "e.g. 未发现问题, 责令整改", column: "result") { $0.record.result },
            .optional("通报文号", .identifier, "公开通报的文号，无则留空", en: "a public circular's document number", column: "circular") { $0.record.circular },
            .sourceLine { $0.record.origin.line },
        ])
}

extension InspectionOutcome {
    public static func read(_ f: inout some StoredRow) -> InspectionOutcome {
        InspectionOutcome(origin: f.origin, year: f.int("year"), agency: f.agencyCode(), inspectedOn: f.date("inspected_on"),
                          result: f.string("result"), circular: f.string("circular"))
    }
}

extension InspectionOutcome {
    /// Made from a row of `inspections.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let year = row.year()
        let code = row.code()
        let date = row.date("检查日期")
        let result = row.required("检查结果")
        guard let year, let code, let date, let result, row.problems.isEmpty else { return }
        data.published.inspections.append(InspectionOutcome(origin: row.origin, year: year, agency: code, inspectedOn: date, result: result,
                                                            circular: row.text("通报文号")))
    }
}
