import Messages
import Model

/// Art. 11, 13–14: which year's results are in force on a day. A year's final results (公布) take effect on
/// their publication day and stay in force until the day before the next year's results are published; a
/// year under notice (公示) is not in force yet. This is the one rule every output that says "in force",
/// "有效" or "现行" reads: agency pages and their twins, the directory, search, open data, workbooks,
/// report verification, sharing bundles and the inspection draw's tiers.
public struct ResultsInForce: Sendable {
    /// Every year with a publication stage, oldest first (the checks keep their dates in the same order).
    public let stages: [PublicationStage]

    public init(_ stages: some Sequence<PublicationStage>) {
        self.stages = stages.sorted { $0.year < $1.year }
    }

    /// The year whose results are in force on `date`: the newest published (公布) by then; nil before any is.
    public func year(on date: CivilDate) -> Int? {
        stages.last { $0.finalOn <= date }?.year
    }

    /// The day `year`'s results stop being in force: the publication day of the next year's results, if the
    /// registry holds it (it may lie after the as-of date: it is then the day the output changes by itself).
    public func supersededOn(_ year: Int) -> CivilDate? {
        stages.first { $0.year > year }?.finalOn
    }

    /// The first and the last day `year`'s results are in force, as known on `asOf`: the last day is open
    /// (nil) while the next year's publication lies after `asOf` or is not set.
    public func validity(of year: Int, asOf: CivilDate) -> (from: CivilDate, through: CivilDate?)? {
        guard let stage = stages.first(where: { $0.year == year }) else { return nil }
        let next = supersededOn(year).flatMap { $0 <= asOf ? $0 : nil }
        return (stage.finalOn, next?.adding(days: -1))
    }

    /// Whether `year`'s results are in force on `date`.
    public func isInForce(_ year: Int, on date: CivilDate) -> Bool { self.year(on: date) == year }

    /// E199.drawAfterLapse's words when a later year's results replaced `year`'s by `date`: the year, the day,
    /// the later year and the day it was published; nil while `year`'s are in force or none is yet.
    public func lapse(of year: Int, on date: CivilDate) -> [String: MessageArgument]? {
        guard let later = self.year(on: date), later != year, let on = supersededOn(year) else { return nil }
        return ["year": "\(year)", "drawnOn": "\(date)", "later": "\(later)", "lapsedOn": "\(on)"]
    }
}

/// Art. 11–14: where an agency's grade stands on the as-of date, and why — what its page says beside
/// "现行信用风险等级".
public enum GradeStanding: Sendable {
    /// Art. 12: E from the event's verification, whatever the year's list says.
    case seriousDishonesty(SeriousDishonestyEvent)
    /// The grade of the year in force, which the agency was rated in.
    case rated(year: Int, grade: Grade, since: CivilDate)
    /// No grade is in force: none of its years is final yet, or the year in force did not rate it (out of
    /// scope, not rated, not evaluated) — a grade of an earlier year lapsed on that year's publication.
    case none(yearInForce: Int?, lapsed: Lapsed?)

    /// A grade that was in force and is no longer.
    public struct Lapsed: Sendable {
        public var year: Int
        public var grade: Grade
        /// The publication day of the year that superseded it.
        public var on: CivilDate
    }

    /// The grade in force; nil when none is.
    public var grade: Grade? {
        switch self {
        case .seriousDishonesty: return .e
        case .rated(_, let grade, _): return grade
        case .none: return nil
        }
    }

    /// The one rule: E while an event is in force; else the agency's grade in the year whose results are in
    /// force on the day (`history` newest first, as of that day); else none.
    public static func of(history: [AgencyYear], event: SeriousDishonestyEvent?, calendar: ResultsInForce, on date: CivilDate) -> GradeStanding {
        if let event { return .seriousDishonesty(event) }
        let inForce = calendar.year(on: date)
        if let inForce, let year = history.first(where: { $0.year == inForce }), case .rated(let r) = year.outcome {
            return .rated(year: inForce, grade: r.currentGrade, since: calendar.stages.first { $0.year == inForce }!.finalOn)
        }
        // The newest earlier final year that rated it: its grade lapsed when a later year was published.
        let lapsed = history.lazy.filter { $0.year < (inForce ?? Int.min) && $0.status.isFinal }.compactMap { year -> Lapsed? in
            guard case .rated(let r) = year.outcome, let on = calendar.supersededOn(year.year) else { return nil }
            return Lapsed(year: year.year, grade: r.currentGrade, on: on)
        }.first
        return .none(yearInForce: inForce, lapsed: lapsed)
    }
}
