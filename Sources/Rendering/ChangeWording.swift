import Evaluation
import Model

/// Sentences a clerk can paste into a change notice, one per change entry (the change log, the feed, `gongshi diff`).
public struct ChangeWording: Sendable {
    let names: [UnifiedSocialCreditCode: String]

    public init(publication: Publication) {
        names = Dictionary(publication.agencies.map { ($0.agency.code, $0.agency.name) }, uniquingKeysWith: { a, _ in a })
    }

    public init(names: [UnifiedSocialCreditCode: String]) { self.names = names }

    func agency(_ code: UnifiedSocialCreditCode?) -> String {
        guard let code else { return "" }
        return "\(names[code] ?? code.value)（\(code.value)）"
    }

    public func kindLabel(_ kind: ChangeEntry.Kind) -> String {
        switch kind {
        case .notice: return "公示"
        case .final: return "公布"
        case .correction: return "异议更正"
        case .seriousDishonesty: return "严重失信"
        case .lifted: return "解除严重失信"
        case .badRecord: return "新增不良记录"
        case .repair: return "信用修复"
        case .expiry: return "公示期满"
        }
    }

    public func title(_ e: ChangeEntry) -> String {
        switch e.kind {
        case .notice: return "\(e.year ?? 0)年度信用评价结果公示"
        case .final: return "\(e.year ?? 0)年度信用评价结果正式公布"
        case .repair, .expiry: return "\(kindLabel(e.kind))：\(e.recordCount) 条不良记录不再公示"
        default: return "\(kindLabel(e.kind))：\(e.agency.map { names[$0] ?? $0.value } ?? "")"
        }
    }

    public func sentence(_ e: ChangeEntry) -> String {
        switch e.kind {
        case .notice:
            return "\(e.year ?? 0)年度社会监测机构信用评价结果开始公示（第十三条）。"
        case .final:
            return "\(e.year ?? 0)年度社会监测机构信用评价结果经公示和异议处理后正式公布（第十四条）。"
        case .correction:
            return "\(agency(e.agency))\(e.year ?? 0)年度信用评价等级经异议复核，由\(e.fromGrade!.letter)级更正为\(e.toGrade!.letter)级（第十三条）。"
        case .seriousDishonesty:
            let revoked = e.revoked.map { "\($0.year)年度\($0.grade.letter)级" }.joined(separator: "、")
            return "\(agency(e.agency))因第十二条第（\(e.trigger!.numeral)）项情形\(document(e))直接评定为E级，列入严重失信名单"
                + (revoked.isEmpty ? "。" : "，撤销其已获评的\(revoked)。")
        case .lifted:
            return "\(agency(e.agency))的严重失信认定\(document(e))解除，移出严重失信名单。"
        case .badRecord:
            return "公开\(agency(e.agency))的不良记录（\(e.reference)）。"
        case .repair:
            return "\(e.recordCount) 条不良记录经信用修复，自本日起不再公示；依第十五条消除不利影响，本记录不再列明机构和文书。"
        case .expiry:
            return "\(e.recordCount) 条不良记录公示期满，自本日起不再公示（第十四条）；本记录不再列明机构和文书。"
        }
    }

    /// The E listing's document, or, when it was a bad record that is no longer public, that it is not named.
    func document(_ e: ChangeEntry) -> String {
        e.referenceWithdrawn ? "（所依据的文书已不再公示）" : "（\(e.reference)）"
    }

    /// The page an entry is about.
    public func path(_ e: ChangeEntry) -> String {
        switch e.kind {
        case .notice: return SitePaths.generatedNotice(year: e.year ?? 0, final: false)
        case .final: return SitePaths.generatedNotice(year: e.year ?? 0, final: true)
        default: return e.agency.map(SitePaths.agency) ?? SitePaths.changes
        }
    }
}
