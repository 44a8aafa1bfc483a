import Model

/// Art. 13: the objections to a year's results, counted in the measures' terms as they stand on one day —
/// what a notice prints. Objections are filed within the notice period (公示期内); one filed outside it is
/// counted apart (公示期外), whether the bureau refused it or accepted it late. Of those received, each
/// was refused (不予受理) or accepted (受理); of those accepted, each was decided by that day — the result
/// kept (维持) or corrected (更正) — or is still under review (复核中). Who objected is never counted or shown.
public struct ObjectionTally: Sendable, Equatable {
    /// One group's counts: `received` = `refused` + `kept` + `corrected` + `underReview` (not yet decided).
    public struct Counts: Sendable, Equatable {
        public var received = 0
        public var refused = 0
        public var kept = 0
        public var corrected = 0
        public var underReview = 0
    }

    /// Filed from the first to the last day of the notice period, both included.
    public var withinPeriod = Counts()
    /// Filed before the notice period's first day or after its last.
    public var outsidePeriod = Counts()

    public var isEmpty: Bool { withinPeriod.received == 0 && outsidePeriod.received == 0 }

    /// `objections`: the year's, to results it published (an out-of-scope agency has none to object to).
    public init(_ objections: [Objection], stage: PublicationStage, asOf: CivilDate) {
        for o in objections where o.filedOn <= asOf {
            let decided = o.decidedOn.map { $0 <= asOf } ?? false
            let outside = o.filedOn < stage.noticeStart || o.filedOn > stage.noticeEnd
            var counts = outside ? outsidePeriod : withinPeriod
            counts.received += 1
            switch o.decision {
            // A refusal is known from the day it was decided (or, undated, from the filing).
            case .rejected where decided || o.decidedOn == nil: counts.refused += 1
            case .kept where decided: counts.kept += 1
            case .corrected where decided: counts.corrected += 1
            default: counts.underReview += 1
            }
            if outside { outsidePeriod = counts } else { withinPeriod = counts }
        }
    }
}
