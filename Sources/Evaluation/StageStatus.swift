import Model

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
    /// Months from the decision, for kinds not listed in `monthsByKind`.
    public var defaultMonths: Int
    /// Months from the decision, by record kind (`行政处罚` = 36, `经营异常名录` = 12, …).
    public var monthsByKind: [String: Int]
    /// Art. 20: months a public circular stays on the agency's page.
    public var circularMonths: Int

    public init(defaultMonths: Int, monthsByKind: [String: Int] = [:], circularMonths: Int = 36) {
        self.defaultMonths = defaultMonths
        self.monthsByKind = monthsByKind
        self.circularMonths = circularMonths
    }

    /// The national rule for administrative penalties: at least three months, at most three years.
    public static let penaltyRange = 3...36
    public static let `default` = DisclosurePolicy(defaultMonths: 36)

    /// Months for a 类别 text, by the kind it names (`行政处罚（罚款）` is a 行政处罚).
    public func months(for kind: String) -> Int { monthsByKind[BadRecordKind.classify(kind)?.rawValue ?? kind] ?? defaultMonths }

    /// The last day a record is public: its stated end, or the kind's period after the decision.
    public func lastDay(of record: BadRecord) -> CivilDate {
        record.disclosureUntil ?? record.decidedOn.adding(months: months(for: record.kind)).adding(days: -1)
    }

    /// The first day the record is no longer public, and why: credit repair (Art. 15) or the end of its window.
    public func end(of record: BadRecord) -> (date: CivilDate, repaired: Bool) {
        let expiry = lastDay(of: record).adding(days: 1)
        if let repaired = record.repairedOn, repaired < expiry { return (max(repaired, record.decidedOn), true) }
        return (expiry, false)
    }

    /// Public from the decision until its end.
    public func isPublic(_ record: BadRecord, asOf: CivilDate) -> Bool {
        record.decidedOn <= asOf && asOf < end(of: record).date
    }

    public func isPublic(_ circular: WarningRecord, asOf: CivilDate) -> Bool {
        circular.issuedOn <= asOf && asOf < circular.issuedOn.adding(months: circularMonths)
    }
}
