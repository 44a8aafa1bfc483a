/// Art. 10, 14–15: a bad record (不良记录) collected from the credit platforms.
public struct BadRecord: Sendable, Hashable {
    public var origin: Origin
    public var agency: UnifiedSocialCreditCode
    public var kind: String
    public var documentNumber: String
    public var authority: String
    public var decidedOn: CivilDate
    public var content: String
    /// End of the disclosure window when the record states one.
    public var disclosureUntil: CivilDate?
    /// Art. 15: credit repair (信用修复) ends the disclosure from this date.
    public var repairedOn: CivilDate?
    /// What the credit platforms' penalty fields ask beyond the public summary, and who supplied the record.
    public var details: BadRecordDetails

    public init(origin: Origin, agency: UnifiedSocialCreditCode, kind: String, documentNumber: String, authority: String,
                decidedOn: CivilDate, content: String, disclosureUntil: CivilDate?, repairedOn: CivilDate?,
                details: BadRecordDetails = BadRecordDetails()) {
        self.origin = origin; self.agency = agency; self.kind = kind; self.documentNumber = documentNumber
        self.authority = authority; self.decidedOn = decidedOn; self.content = content
        self.disclosureUntil = disclosureUntil; self.repairedOn = repairedOn; self.details = details
    }
}

/// Art. 14: the 行政处罚 fields of the national 双公示 standard that a bad record may carry (optional columns
/// of bad-records.csv), and the source of a record another authority decided (经营异常名录, 失信被执行人).
public struct BadRecordDetails: Sendable, Hashable {
    public var violationType: String?
    public var facts: String?
    public var basis: String?
    public var penaltyKind: String?
    public var penaltyContent: String?
    /// 罚款金额（万元）, as written: a decimal number of ten-thousand yuan.
    public var fine: String?
    public var confiscation: String?
    public var license: String?
    /// 处罚有效期.
    public var validUntil: CivilDate?
    public var authorityCode: String?
    /// 数据来源单位 and its code, when not the bureau and not the deciding authority.
    public var source: String?
    public var sourceCode: String?

    public init(violationType: String? = nil, facts: String? = nil, basis: String? = nil, penaltyKind: String? = nil,
                penaltyContent: String? = nil, fine: String? = nil, confiscation: String? = nil, license: String? = nil,
                validUntil: CivilDate? = nil, authorityCode: String? = nil, source: String? = nil, sourceCode: String? = nil) {
        self.violationType = violationType; self.facts = facts; self.basis = basis; self.penaltyKind = penaltyKind
        self.penaltyContent = penaltyContent; self.fine = fine; self.confiscation = confiscation; self.license = license
        self.validUntil = validUntil; self.authorityCode = authorityCode; self.source = source; self.sourceCode = sourceCode
    }
}

extension BadRecord {
    /// `bad-records.csv` and the `bad_record` table.
    public static let entity = Entity<Numbered<BadRecord>>(
        file: "bad-records.csv", title: "不良记录", table: "bad_record", tableTitle: "不良记录", fields: [
            .stored("id", "序号") { $0.id },
            .agencyCode { $0.record.agency },
            .required("类别", .text, "如 行政处罚", en: "begins with a kind: 行政处罚, 经营异常名录, 严重违法失信名单, 失信被执行人, 政府采购严重违法失信行为记录 or 其他 (also 列入经营异常名录, 失信被执行人名单, …); detail may follow and is published as written (行政处罚（罚款）). The kind decides the disclosure rule (E124 for none)", column: "kind") { $0.record.kind },
            .required("决定文书号", .identifier, "如 甬环罚〔2025〕8号", en: "document number", column: "document_number") { $0.record.documentNumber },
            .required("决定机关", .text, "如 宁波市生态环境局", en: "authority", column: "authority") { $0.record.authority },
            .required("决定日期", .date, "如 2025-04-02", en: "date: public from this day", column: "decided_on") { $0.record.decidedOn },
            .required("内容", .text, "公开的违法事实和处理结果摘要", en: "the public summary", column: "content") { $0.record.content },
            .optional("公示截止日期", .date, "留空则按配置的默认公示期", en: "last day of disclosure; empty: the period configured for the kind (`[disclosure.kinds]`), else `bad_record_months` (default 36). For 行政处罚 a stated end must lie within 3 months to 3 years of the decision (E123)", column: "disclosure_until") { $0.record.disclosureUntil },
            .optional("信用修复日期", .date, "信用修复（第十五条）完成之日，自该日起不再公示", en: "credit repair (Art. 15): not public from this day", column: "repaired_on") { $0.record.repairedOn },
            .sourceLine { $0.record.origin.line },
            // The 双公示 fields of an administrative penalty, shared with the credit platforms as they name them.
            .optional("违法行为类型", .text, "共享用（行政处罚）：如 超标排放", en: "for the sharing bundles (Art. 14), the 双公示 penalty field of that name, e.g. 超标排放", column: "violation_type", addedBy: 10) { $0.record.details.violationType },
            .optional("违法事实", .text, "共享用（行政处罚）：违法事实全文；公开的摘要写在“内容”", en: "the full facts as the decision states them (the public summary stays in 内容)", column: "facts", addedBy: 10) { $0.record.details.facts },
            .optional("处罚依据", .text, "共享用（行政处罚）：如《中华人民共和国大气污染防治法》第九十九条", en: "the provisions the decision applies", column: "basis", addedBy: 10) { $0.record.details.basis },
            .optional("处罚类别", .text, "共享用（行政处罚）：如 罚款；警告、没收违法所得", en: "e.g. 罚款, 警告, 没收违法所得", column: "penalty_kind", addedBy: 10) { $0.record.details.penaltyKind },
            .optional("处罚内容", .text, "共享用（行政处罚）：如 罚款人民币贰万元整", en: "e.g. 罚款人民币贰万元整", column: "penalty_content", addedBy: 10) { $0.record.details.penaltyContent },
            .optional("罚款金额（万元）", .number, "共享用：以万元计的数字，最多六位小数，如 2 或 0.5", en: "the fine in 万元 (ten thousand yuan), a plain number with at most six decimals (E125)", column: "fine", addedBy: 10) { $0.record.details.fine },
            .optional("没收金额（万元）", .number, "共享用：没收违法所得、没收非法财物的金额，以万元计", en: "没收违法所得、没收非法财物的金额, in 万元 (E125)", column: "confiscation", addedBy: 10) { $0.record.details.confiscation },
            .optional("暂扣或吊销证照", .text, "共享用：暂扣或吊销的证照名称及编号", en: "name and number of a licence suspended or revoked", column: "license", addedBy: 10) { $0.record.details.license },
            .optional("处罚有效期", .date, "共享用：处罚的有效期，如 2026-04-01；不填则为公示截止日期", en: "date the penalty is in force until; empty: the disclosure end", column: "valid_until", addedBy: 10) { $0.record.details.validUntil },
            .optional("决定机关统一社会信用代码", .identifier, "共享用：决定机关的统一社会信用代码；本局作出的可不填（用 config.toml 的 publisher_code）", en: "the deciding authority's code; empty for the bureau's own decisions (config's `publisher_code`)",
                      column: "authority_code", addedBy: 10) { $0.record.details.authorityCode },
            .optional("数据来源单位", .text, "他机关作出的记录（经营异常名录、失信被执行人等）的提供单位；不填则为决定机关", en: "who supplied a record another authority decided (经营异常名录 from market supervision, 失信被执行人 from a court); empty: the deciding authority (E126 for a code without a name)", column: "source", addedBy: 10) { $0.record.details.source },
            .optional("数据来源单位统一社会信用代码", .identifier, "数据来源单位的统一社会信用代码", en: "that unit's code", column: "source_code", addedBy: 10) { $0.record.details.sourceCode },
        ])
}

extension BadRecord {
    public static func read(_ f: inout some StoredRow) -> BadRecord {
        BadRecord(origin: f.origin, agency: f.agencyCode(), kind: f.string("kind"), documentNumber: f.string("document_number"),
                  authority: f.string("authority"), decidedOn: f.date("decided_on"), content: f.string("content"),
                  disclosureUntil: f.optionalDate("disclosure_until"), repairedOn: f.optionalDate("repaired_on"),
                  details: BadRecordDetails(
                    violationType: f.optionalString("violation_type"), facts: f.optionalString("facts"), basis: f.optionalString("basis"),
                    penaltyKind: f.optionalString("penalty_kind"), penaltyContent: f.optionalString("penalty_content"),
                    fine: f.optionalString("fine"), confiscation: f.optionalString("confiscation"), license: f.optionalString("license"),
                    validUntil: f.optionalDate("valid_until"), authorityCode: f.optionalString("authority_code"),
                    source: f.optionalString("source"), sourceCode: f.optionalString("source_code")))
    }
}

extension BadRecord {
    /// Made from a row of `bad-records.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let code = row.code()
        let kind = row.required("类别")
        let document = row.required("决定文书号")
        let authority = row.required("决定机关")
        let decided = row.date("决定日期")
        let content = row.required("内容")
        let until = row.date("公示截止日期", required: false)
        let repaired = row.date("信用修复日期", required: false)
        if let decided, let until, until < decided {
            row.error("E122.disclosureEndsBeforeDecided", "公示截止日期", ["until": "\(until)", "decided": "\(decided)"])
        }
        if let decided, let repaired, repaired < decided {
            row.error("E122.repairedBeforeDecided", "信用修复日期", ["repaired": "\(repaired)", "decided": "\(decided)"])
        }
        let details = BadRecordDetails(
            violationType: row.optionalText("违法行为类型"), facts: row.optionalText("违法事实"), basis: row.optionalText("处罚依据"),
            penaltyKind: row.optionalText("处罚类别"), penaltyContent: row.optionalText("处罚内容"),
            fine: row.amount("罚款金额（万元）"), confiscation: row.amount("没收金额（万元）"), license: row.optionalText("暂扣或吊销证照"),
            validUntil: row.date("处罚有效期", required: false), authorityCode: row.optionalCode("决定机关统一社会信用代码"),
            source: row.optionalText("数据来源单位"), sourceCode: row.optionalCode("数据来源单位统一社会信用代码"))
        if let decided, let valid = details.validUntil, valid < decided {
            row.error("E122.validityEndsBeforeDecided", "处罚有效期", ["valid": "\(valid)", "decided": "\(decided)"])
        }
        if details.sourceCode != nil && details.source == nil {
            row.error("E126", "数据来源单位")
        }
        guard let code, let kind, let document, let authority, let decided, let content, row.problems.isEmpty else { return }
        data.published.badRecords.append(BadRecord(origin: row.origin, agency: code, kind: kind, documentNumber: document, authority: authority,
                                                   decidedOn: decided, content: content, disclosureUntil: until, repairedOn: repaired, details: details))
    }
}
