import Foundation

/// Art. 10, 14–15: the kinds of bad record the credit platforms report. A record's 类别 names one of them,
/// optionally followed by detail that is kept and published as written (`行政处罚（罚款）`); the kind, not
/// the exact text, decides the disclosure rule — so `行政处罚（罚款）` is held to the 3-month-to-3-year rule
/// of administrative penalties like `行政处罚` itself.
public enum BadRecordKind: String, CaseIterable, Sendable, Hashable {
    case administrativePenalty = "行政处罚"
    case abnormalOperation = "经营异常名录"
    case seriousIllegalDishonesty = "严重违法失信名单"
    case dishonestJudgmentDebtor = "失信被执行人"
    case procurementDishonesty = "政府采购严重违法失信行为记录"
    case other = "其他"

    /// Other names the platforms use for the same kinds.
    static let aliases: [(name: String, kind: BadRecordKind)] = [
        ("行政处罚决定", .administrativePenalty),
        ("列入经营异常名录", .abnormalOperation), ("经营异常", .abnormalOperation),
        ("列入严重违法失信名单", .seriousIllegalDishonesty), ("严重违法失信企业名单", .seriousIllegalDishonesty),
        ("失信被执行人名单", .dishonestJudgmentDebtor),
        ("政府采购严重违法失信", .procurementDishonesty),
        ("其他不良记录", .other),
    ]

    /// Every name, longest first, so that the most specific one is found.
    static let names: [(name: String, kind: BadRecordKind)] =
        (allCases.map { ($0.rawValue, $0) } + aliases).sorted { $0.name.count > $1.name.count }

    /// The kind a 类别 text names: the text (full-width forms folded, spaces removed) begins with one of
    /// the kinds' names; what follows is detail. Nil when it names none.
    public static func classify(_ text: String) -> BadRecordKind? {
        let folded = String(String.UnicodeScalarView(text.precomposedStringWithCompatibilityMapping.unicodeScalars.filter { !$0.properties.isWhitespace }))
        return names.first { folded.hasPrefix($0.name) }?.kind
    }

    /// The kinds' names, for messages and the documentation.
    public static var list: String { allCases.map(\.rawValue).joined(separator: "、") }
}

extension BadRecord {
    /// The kind its 类别 names (nil: none; `gongshi check` reports it, E124).
    public var category: BadRecordKind? { BadRecordKind.classify(kind) }
}
