import Registry

/// Art. 13–14: where a year's results stand on a given date.
public enum StageStatus: Sendable, Hashable {
    /// Before the notice starts: nothing of the year is published.
    case unpublished
    /// 公示: under public notice; objections may be filed until `PublicationStage.noticeEnd`.
    case notice
    /// The notice period is over and objections are being reviewed; results are still not final.
    case reviewing
    /// 公布: final results.
    case final

    public init(stage: PublicationStage, asOf: CivilDate) {
        if asOf < stage.noticeStart { self = .unpublished }
        else if asOf <= stage.noticeEnd { self = .notice }
        else if asOf < stage.finalOn { self = .reviewing }
        else { self = .final }
    }

    public var isPublished: Bool { self != .unpublished }
    public var isFinal: Bool { self == .final }

    public var label: String {
        switch self {
        case .unpublished: return "未发布"
        case .notice: return "公示中"
        case .reviewing: return "公示期满，异议复核中"
        case .final: return "已公布"
        }
    }
}

/// Art. 14–15: how long a bad record stays public when it does not state its own end date.
public struct DisclosurePolicy: Sendable, Equatable {
    /// Default disclosure period in months from the decision date.
    public var defaultMonths: Int

    public init(defaultMonths: Int) { self.defaultMonths = defaultMonths }

    /// The national rule for administrative penalties: at most three years.
    public static let `default` = DisclosurePolicy(defaultMonths: 36)

    /// The last day a record is public: its stated end, or the default period after the decision.
    public func lastDay(of record: BadRecord) -> CivilDate {
        record.disclosureUntil ?? record.decidedOn.adding(months: defaultMonths).adding(days: -1)
    }

    /// Public from the decision to the last day, unless credit repair (Art. 15) ended it earlier.
    public func isPublic(_ record: BadRecord, asOf: CivilDate) -> Bool {
        guard record.decidedOn <= asOf, asOf <= lastDay(of: record) else { return false }
        if let repaired = record.repairedOn, repaired <= asOf { return false }
        return true
    }

    public func isPublic(_ circular: WarningRecord, asOf: CivilDate) -> Bool {
        circular.issuedOn <= asOf && asOf < circular.issuedOn.adding(months: defaultMonths)
    }
}
