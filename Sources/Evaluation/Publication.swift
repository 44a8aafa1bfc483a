import Model

/// Everything the site and the open data show, as of one date: the pure result of `Evaluator.evaluate`.
public struct Publication: Sendable {
    public var asOf: CivilDate
    public var policy: GradingPolicy
    /// Years whose notice has started, newest first.
    public var years: [YearResults]
    /// Every filed agency, in code order.
    public var agencies: [AgencyProfile]
    /// Art. 12: agencies that are E on the as-of date.
    public var seriousDishonestyList: [SeriousDishonestyListing]
    /// Art. 14: bad records within their disclosure window, newest first.
    public var badRecords: [BadRecord]
    /// Art. 13–15: every publication and every change after it, newest first.
    public var changes: [ChangeEntry]
    /// Real codes whose check character fails, accepted because listed; the list is public.
    public var codeExceptions: [CodeException] = []
    /// Art. 17, 19: draws made by the as-of date, newest first, and the outcomes of inspections (一公开).
    public var draws: [DrawResult] = []
    public var inspections: [InspectionOutcome] = []
    /// Art. 18: report numbers (hashes only) with their agency's current grade.
    public var reportNumbers: [PublishedReportNumber] = []
    /// Art. 14: how long each kind of bad record stays public.
    public var disclosure: DisclosurePolicy = .default
    /// Art. 9: the indicator system of each evaluation year.
    public var indicators: IndicatorSystems = .default
    /// Art. 11, 13–14: which year's results are in force on which day.
    public var calendar = ResultsInForce([])

    /// Art. 14: the last day a bad record is public, and whether the record states it or its kind's period gives it.
    public func disclosureEnd(of record: BadRecord) -> (lastDay: CivilDate, stated: Bool, months: Int) {
        (disclosure.lastDay(of: record), record.disclosureUntil != nil, disclosure.months(for: record.kind))
    }

    /// The year the home page leads with: the newest published one.
    public var currentYear: YearResults? { years.first }

    public func agency(_ code: UnifiedSocialCreditCode) -> AgencyProfile? {
        agencyIndex[code].map { agencies[$0] }
    }

    /// The agency's registry row alone: a list of 100,000 names need not copy 100,000 profiles.
    public func agencyRecord(_ code: UnifiedSocialCreditCode) -> Agency? {
        agencyIndex[code].map { agencies[$0].agency }
    }

    /// Art. 7: the name an agency had on `date` (`AgencyProfile.name(on:)`).
    public func name(of code: UnifiedSocialCreditCode, on date: CivilDate) -> String? {
        agencyIndex[code].map { agencies[$0].name(on: date) }
    }

    /// Every agency's name on `date`, by code.
    public func names(on date: CivilDate) -> [UnifiedSocialCreditCode: String] {
        Dictionary(agencies.map { ($0.agency.code, $0.name(on: date)) }, uniquingKeysWith: { a, _ in a })
    }

    var agencyIndex: [UnifiedSocialCreditCode: Int] = [:]

    public init(asOf: CivilDate, policy: GradingPolicy, years: [YearResults], agencies: [AgencyProfile],
                seriousDishonestyList: [SeriousDishonestyListing], badRecords: [BadRecord], changes: [ChangeEntry]) {
        self.asOf = asOf; self.policy = policy; self.years = years; self.agencies = agencies
        self.seriousDishonestyList = seriousDishonestyList; self.badRecords = badRecords; self.changes = changes
        self.agencyIndex = Dictionary(uniqueKeysWithValues: agencies.enumerated().map { ($1.agency.code, $0) })
    }
}

/// One year's published results.
public struct YearResults: Sendable {
    public var year: Int
    public var stage: PublicationStage
    public var status: StageStatus
    /// Rated agencies in ranking order.
    public var ratings: [Rating]
    /// Art. 8: not rated, with the public reason.
    public var notRated: [NotRatedListing]
    /// Art. 8: agencies with no business in Ningbo that year (counted on the site; listed in the notice
    /// package's annex 2, as peers' notices list them).
    public var outOfScopeCount: Int
    public var outOfScope: [UnifiedSocialCreditCode] = []
    /// Art. 13: objections to this year's results as they stand on the as-of date (counts only: who
    /// objected is never published).
    public var objections: ObjectionTally
    /// Art. 13–14: the same as they stood on the publication day (公布), which the final notice prints and
    /// never changes; nil before it.
    public var objectionsWhenPublished: ObjectionTally?
    /// Art. 13: corrections that changed a grade, by the as-of date (the change log's entries).
    public var correctionCount: Int
    /// Art. 13: the list as it stood on the first day of the notice (公示).
    public var noticeRatings: [Rating] = []
    /// Once final: version 1 is the list as published (公布); each later change that alters it adds a
    /// version. Earlier versions never change (frozen open data).
    public var versions: [GradeVersion] = []

    /// Agencies per current grade, A to E (zero counts included).
    public var gradeCounts: [(grade: Grade, count: Int)] { ratings.gradeCounts }
}

extension Array where Element == Rating {
    /// How many have each grade, A to E: one pass, no copy of the ratings (a national list is 100,000 of them).
    public var gradeCounts: [(grade: Grade, count: Int)] {
        var counts = [Int](repeating: 0, count: Grade.allCases.count)
        for i in indices { counts[self[i].currentGrade.order] += 1 }
        return zip(Grade.allCases, counts).map { ($0, $1) }
    }
}

/// Art. 11–13: one agency's grade for one year, and what changed it.
public struct Rating: Sendable {
    public var agency: UnifiedSocialCreditCode
    public var rank: Int
    public var subScores: SubScores?
    public var total: Score
    /// The grade the ranking gave (Art. 11).
    public var awardedGrade: Grade
    /// Art. 13: the grade after an objection was upheld, if one was.
    public var correctedGrade: Grade?
    /// Art. 12: the event that revoked the grade, making it E.
    public var revokedBy: SeriousDishonestyEvent? {
        get { revocation?.event }
        set { revocation = newValue.map(Revocation.init) }
    }
    /// The event behind a reference: a year's ratings are held several times over (the list, the notice's,
    /// each version's, every agency's history), and the few revoked ones should not make all of them
    /// carry an event's 184 bytes (a rating is 88 bytes instead of 264).
    private var revocation: Revocation?

    private final class Revocation: Sendable {
        let event: SeriousDishonestyEvent
        init(_ event: SeriousDishonestyEvent) { self.event = event }
    }

    public init(agency: UnifiedSocialCreditCode, rank: Int, subScores: SubScores?, total: Score, awardedGrade: Grade,
                correctedGrade: Grade?, revokedBy: SeriousDishonestyEvent?) {
        self.agency = agency
        self.rank = rank
        self.subScores = subScores
        self.total = total
        self.awardedGrade = awardedGrade
        self.correctedGrade = correctedGrade
        self.revocation = revokedBy.map(Revocation.init)
    }

    /// The grade that stands on the as-of date.
    public var currentGrade: Grade { revocation != nil ? .e : (correctedGrade ?? awardedGrade) }
}

public struct NotRatedListing: Sendable {
    public var agency: UnifiedSocialCreditCode
    public var year: Int
    public var reason: String
}

public struct SeriousDishonestyListing: Sendable {
    public var agency: UnifiedSocialCreditCode
    public var event: SeriousDishonestyEvent
}

/// What one agency's page shows.
public struct AgencyProfile: Sendable {
    public var agency: Agency
    public var filings: [Filing]
    public var qualifications: [QualificationWithScope]
    /// Newest year first; published years only.
    public var history: [AgencyYear]
    /// Art. 12: verified events up to the as-of date, newest first.
    public var seriousDishonesty: [SeriousDishonestyEvent]
    /// Art. 14: records within their disclosure window.
    public var badRecords: [BadRecord]
    /// Art. 20: public circulars within their disclosure window.
    public var publicCirculars: [WarningRecord]
    /// Art. 7: names it had before filed changes of name, newest first.
    public var formerNames: [FormerName] = []

    /// Where its grade stands on the as-of date, and why (`GradeStanding.of`, the one rule).
    public var standing: GradeStanding = .none(yearInForce: nil, lapsed: nil)

    /// The grade in force on the as-of date: E while an event is in force (Art. 12), else its grade in the
    /// year whose final results are in force (Art. 11, 13–14); nil when that year did not rate it, or none is final.
    public var currentGrade: Grade? { standing.grade }

    /// Art. 7: the name it had on `date`: the former name it dropped first after that day (a filed change of
    /// name), else its name now.
    public func name(on date: CivilDate) -> String {
        formerNames.filter { $0.changedOn > date }.min { $0.changedOn < $1.changedOn }?.name ?? agency.name
    }
}

public struct QualificationWithScope: Sendable {
    public var qualification: Qualification
    public var scope: [ScopeItem]
}

public struct AgencyYear: Sendable {
    public enum Outcome: Sendable {
        case rated(Rating)
        case notRated(reason: String)
        case outOfScope
    }

    public var year: Int
    public var status: StageStatus
    public var outcome: Outcome
    /// The year's size, to show "rank 12 of 140".
    public var ratedCount: Int
}

/// A frozen version of a final year's list: its rows as of `date`, and the changes that made it.
public struct GradeVersion: Sendable {
    public var number: Int
    public var date: CivilDate
    /// Empty for version 1 (the final publication itself).
    public var reasons: [ChangeEntry]
    /// The list as of this version, built when asked for: a version keeps only what it changed, since a
    /// national registry's year can have dozens of versions of a 100,000-row list.
    public var ratings: [Rating] { chain.ratings(through: number) }
    /// How many agencies the list rates (the same in every version).
    public var count: Int { chain.published.count }
    /// What this version re-rated, in list order, each with the rating it replaced: what a reader needs to
    /// turn the version before into this one. Empty for version 1.
    public var replaced: [(before: Rating, after: Rating)] { chain.replaced(in: number) }
    let chain: VersionChain
}

/// A year's versions as the list as published plus each later version's changed ratings.
final class VersionChain: Sendable {
    let published: [Rating]
    /// For versions 2, 3, …: position in the list → the rating from that version on.
    let changes: [[(position: Int, rating: Rating)]]

    init(published: [Rating], changes: [[(position: Int, rating: Rating)]]) {
        self.published = published
        self.changes = changes
    }

    func ratings(through version: Int) -> [Rating] {
        var list = published
        for patch in changes.prefix(version - 1) {
            for (position, rating) in patch { list[position] = rating }
        }
        return list
    }

    func replaced(in version: Int) -> [(before: Rating, after: Rating)] {
        guard version >= 2, version - 2 < changes.count else { return [] }
        var overlay: [Int: Rating] = [:]
        for patch in changes.prefix(version - 2) {
            for (position, rating) in patch { overlay[position] = rating }
        }
        return changes[version - 2].sorted { $0.position < $1.position }.map { (overlay[$0.position] ?? published[$0.position], $0.rating) }
    }
}
