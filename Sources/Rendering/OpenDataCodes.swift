import Evaluation

/// The code values of the open data: stable in the CSV and JSON that programs read, shown in Chinese in the
/// workbooks, the filtered downloads and on the open-data page, and listed in `gongshi help data-format`.
public enum OpenDataCodes {
    /// Art. 13–14: a list under notice is not yet in force; a final one is.
    public static let stage: [Dataset.Code] = [
        .init("notice", "公示", "under notice (Art. 13): not yet in force"),
        .init("final", "公布", "final (Art. 14)"),
    ]

    public static let changeKind: [Dataset.Code] = ChangeEntry.Kind.allCases.map { kind in
        switch kind {
        case .notice: return .init(kind.snakeCase, "公示", "a year's results put under notice")
        case .final: return .init(kind.snakeCase, "公布", "a year's results made final")
        case .correction: return .init(kind.snakeCase, "异议更正", "a grade corrected after an objection (Art. 13)")
        case .seriousDishonesty: return .init(kind.snakeCase, "严重失信", "an agency became E (Art. 12)")
        case .lifted: return .init(kind.snakeCase, "解除严重失信", "an E listing lifted")
        case .badRecord: return .init(kind.snakeCase, "新增不良记录", "a bad record made public (Art. 14)")
        case .repair: return .init(kind.snakeCase, "信用修复", "bad records left the lists after credit repair (Art. 15), counted")
        case .expiry: return .init(kind.snakeCase, "公示期满", "bad records left the lists at the end of their disclosure (Art. 14), counted")
        }
    }

    /// Art. 17: the tiers of a draw.
    public static let tier: [Dataset.Code] = InspectionTier.Kind.allCases.map { kind in
        .init(kind.rawValue, kind.label, kind == .notRated ? "not rated (Art. 8)" : "grade \(kind.rawValue.uppercased())")
    }

    /// Each list with the fields that carry it, for the reference.
    public static let all: [(field: String, datasets: [String], codes: [Dataset.Code])] = [
        ("stage", ["grades-YEAR", "grades-YEAR.current", "grades-YEAR.versions", "grades-all-years"], stage),
        ("kind", ["changes"], changeKind),
        ("tier", ["inspection-draws"], tier),
    ]
}
