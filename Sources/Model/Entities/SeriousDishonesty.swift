/// Art. 12: a verified serious-dishonesty event; the agency is E from `verifiedOn`.
public struct SeriousDishonestyEvent: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var trigger: SeriousDishonestyTrigger
    public var verifiedOn: CivilDate
    public var documentNumber: String
    public var authority: String
    public var summary: String
    public var liftedOn: CivilDate?

    public init(origin: Origin, agency: UnifiedSocialCreditCode, trigger: SeriousDishonestyTrigger, verifiedOn: CivilDate,
                documentNumber: String, authority: String, summary: String, liftedOn: CivilDate?) {
        self.origin = origin; self.agency = agency; self.trigger = trigger; self.verifiedOn = verifiedOn
        self.documentNumber = documentNumber; self.authority = authority; self.summary = summary; self.liftedOn = liftedOn
    }
}

extension SeriousDishonestyEvent {
    /// `serious-dishonesty.csv` and the `serious_dishonesty` table.
    public static let entity = Entity<Numbered<SeriousDishonestyEvent>>(
        file: "serious-dishonesty.csv", title: "严重失信行为（E级）", table: "serious_dishonesty", tableTitle: "严重失信行为", fields: [
            .stored("id", "序号") { $0.id },
            .agencyCode { $0.record.agency },
            .required("情形", .text, "第十二条的一至七", en: "the clause of Art. 12, 一 to 七", column: "trigger", title: "情形（第十二条，1–7 即一至七）") { $0.record.trigger },
            .required("认定日期", .date, "核实确认之日，自该日起为 E 级", en: "the date the event was verified: the agency is E from this date", column: "verified_on") { $0.record.verifiedOn },
            .required("认定文号", .identifier, "如 甬环罚〔2025〕12号", en: "document number", column: "document_number") { $0.record.documentNumber },
            .required("认定机关", .text, "如 宁波市生态环境局", en: "authority", column: "authority") { $0.record.authority },
            .required("事实摘要", .text, "公开的简要事实", en: "the public summary", column: "summary") { $0.record.summary },
            .optional("解除日期", .date, "依法解除时填写", en: "the date the listing was lifted, if it was", column: "lifted_on") { $0.record.liftedOn },
            .sourceLine { $0.record.origin.line },
        ])
}

extension SeriousDishonestyEvent {
    public static func read(_ f: inout some StoredRow) -> SeriousDishonestyEvent? {
        guard let trigger = SeriousDishonestyTrigger(rawValue: f.int("trigger")) else { f.bad("trigger", "registry.noTrigger", ""); return nil }
        return SeriousDishonestyEvent(origin: f.origin, agency: f.agencyCode(), trigger: trigger, verifiedOn: f.date("verified_on"),
                                      documentNumber: f.string("document_number"), authority: f.string("authority"),
                                      summary: f.string("summary"), liftedOn: f.optionalDate("lifted_on"))
    }
}

extension SeriousDishonestyEvent {
    /// Made from a row of `serious-dishonesty.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let code = row.code()
        var trigger: SeriousDishonestyTrigger?
        let rawTrigger = row.text("情形")
        if rawTrigger.isEmpty {
            row.error("E150", "情形")
        } else if let t = SeriousDishonestyTrigger(numeral: rawTrigger) {
            trigger = t
        } else {
            row.error("E151", "情形", ["rawTrigger": "\(rawTrigger)"])
        }
        let verified = row.date("认定日期")
        let document = row.required("认定文号")
        let authority = row.required("认定机关")
        let summary = row.required("事实摘要")
        let lifted = row.date("解除日期", required: false)
        if let verified, let lifted, lifted < verified {
            row.error("E122.liftedBeforeVerified", "解除日期", ["lifted": "\(lifted)", "verified": "\(verified)"])
        }
        guard let code, let trigger, let verified, let document, let authority, let summary, row.problems.isEmpty else { return }
        data.published.seriousDishonesty.append(SeriousDishonestyEvent(origin: row.origin, agency: code, trigger: trigger, verifiedOn: verified,
                                                                       documentNumber: document, authority: authority, summary: summary, liftedOn: lifted))
    }
}
