import Evaluation
import Registry

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
        default: return "\(kindLabel(e.kind))：\(names[e.agency!] ?? e.agency!.value)"
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
            return "\(agency(e.agency))因第十二条第（\(e.trigger!.numeral)）项情形（\(e.reference)）直接评定为E级，列入严重失信名单"
                + (revoked.isEmpty ? "。" : "，撤销其已获评的\(revoked)。")
        case .lifted:
            return "\(agency(e.agency))的严重失信认定（\(e.reference)）解除，移出严重失信名单。"
        case .badRecord:
            return "公开\(agency(e.agency))的不良记录（\(e.reference)）。"
        case .repair:
            return "\(agency(e.agency))的不良记录（\(e.reference)）经信用修复，自本日起不再公示（第十五条）。"
        case .expiry:
            return "\(agency(e.agency))的不良记录（\(e.reference)）公示期满，自本日起不再公示。"
        }
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
