/// Art. 20: a warning. Only public circulars reach the public registry.
public struct WarningRecord: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var form: WarningForm
    public var issuedOn: CivilDate
    public var documentNumber: String
    public var content: String

    package init(origin: Origin, agency: UnifiedSocialCreditCode, form: WarningForm, issuedOn: CivilDate, documentNumber: String, content: String) {
        self.origin = origin; self.agency = agency; self.form = form; self.issuedOn = issuedOn
        self.documentNumber = documentNumber; self.content = content
    }
}

extension WarningRecord {
    /// `warnings.csv` and the `warning` table: public circulars are its public rows.
    public static let entity = Entity<Numbered<WarningRecord>>(
        file: "warnings.csv", title: "警示（第二十条）", table: "warning", tableTitle: "警示", publicRows: "form = '公开通报'", fields: [
            .stored("id", "序号") { $0.id },
            .agencyCode { $0.record.agency },
            .required("警示形式", .text, "书面告知、约见谈话 或 公开通报；仅公开通报公开", en: "书面告知 or 约见谈话 (*internal* rows), or 公开通报 (public)", column: "form") { $0.record.form },
            .required("日期", .date, "如 2025-06-18", en: "date", column: "issued_on") { $0.record.issuedOn },
            // Internal in the rows of 书面告知 and 约见谈话: withheld from messages in every row, since a cell's
            // message is made before its row's form is known.
            .optional("文号", .identifier, "公开通报的文号", en: "document number of a public circular; *internal* in the other rows, so no message repeats it in any row", column: "document_number", withheld: true) { $0.record.documentNumber },
            .required("内容", .text, "事由", en: "the matter; *internal* in the rows of 书面告知 and 约见谈话, so no message repeats it in any row", column: "content", withheld: true) { $0.record.content },
            .sourceLine { $0.record.origin.line },
        ])
}

extension WarningRecord {
    public static func read(_ f: inout some StoredRow) -> WarningRecord? {
        guard let form = f.enumValue("form", WarningForm.self) else { return nil }
        return WarningRecord(origin: f.origin, agency: f.agencyCode(), form: form, issuedOn: f.date("issued_on"),
                             documentNumber: f.string("document_number"), content: f.string("content"))
    }
}

extension WarningRecord {
    /// Made from a row of `warnings.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let code = row.code()
        let form = row.oneOf("警示形式", WarningForm.self)
        let date = row.date("日期")
        let content = row.required("内容")
        guard let code, let form, let date, let content else { return }
        let warning = WarningRecord(origin: row.origin, agency: code, form: form, issuedOn: date, documentNumber: row.text("文号"), content: content)
        if form.isPublic { data.published.publicCirculars.append(warning) } else { data.internalOnly.nonPublicWarnings.append(warning) }
    }
}
