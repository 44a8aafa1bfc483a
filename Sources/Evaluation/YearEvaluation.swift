import Model

/// The registry grouped once for the many as-of dates a publication looks at (today, each notice,
/// each final publication, each change after it).
public struct RegistryIndex {
    let stages: [Int: PublicationStage]
    let evaluations: [Int: [EvaluationRecord]]
    let objections: [Int: [Objection]]
    let events: [UnifiedSocialCreditCode: [SeriousDishonestyEvent]]
    let registry: PublicRegistry
    /// Art. 11: each year's ranking under `grading`. No later date changes it (corrections and revocations
    /// are applied on top), so it is computed once instead of once per as-of date.
    let grading: GradingPolicy
    let rankings: [Int: [RankedEntry]]
    /// Year → agency → position in `rankings[year]`.
    let positions: [Int: [UnifiedSocialCreditCode: Int]]
    /// Art. 11, 13–14: which year's results are in force on which day.
    public let calendar: ResultsInForce

    public init(_ registry: PublicRegistry, grading: GradingPolicy) {
        self.registry = registry
        self.grading = grading
        stages = Dictionary(registry.stages.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        calendar = ResultsInForce(stages.values)
        evaluations = Dictionary(grouping: registry.evaluations, by: \.year)
        objections = Dictionary(grouping: registry.objections, by: \.year)
        events = Dictionary(grouping: registry.seriousDishonesty, by: \.agency)
            .mapValues { $0.sorted { ($0.verifiedOn, $0.documentNumber) < ($1.verifiedOn, $1.documentNumber) } }
        rankings = evaluations.mapValues { Ranking.rank($0, policy: grading) }
        positions = rankings.mapValues { entries in
            Dictionary(entries.enumerated().map { ($1.evaluation.agency, $0) }, uniquingKeysWith: { a, _ in a })
        }
    }

    func ranking(of year: Int, policy: GradingPolicy) -> [RankedEntry] {
        policy == grading ? rankings[year] ?? [] : Ranking.rank(evaluations[year] ?? [], policy: policy)
    }

    func eventsInForce(asOf: CivilDate) -> [UnifiedSocialCreditCode: [SeriousDishonestyEvent]] {
        events.compactMapValues { list in
            let inForce = list.filter { Evaluator.isInForce($0, asOf: asOf) }
            return inForce.isEmpty ? nil : inForce
        }
    }

    /// Art. 12: the period in which an event revokes a year's grade — from the start of the evaluated year
    /// until the next year's results are final (while that grade is the one in force).
    func revocationPeriod(of year: Int) -> (start: CivilDate, end: CivilDate?) {
        (CivilDate(year: year, month: 1, day: 1)!, calendar.supersededOn(year))
    }

    func revokes(_ event: SeriousDishonestyEvent, year: Int) -> Bool {
        let period = revocationPeriod(of: year)
        return event.verifiedOn >= period.start && (period.end.map { event.verifiedOn < $0 } ?? true)
    }

    /// Art. 12: the first event in force on `asOf` that revokes the agency's grade of `year`.
    func revocation(of agency: UnifiedSocialCreditCode, year: Int, asOf: CivilDate) -> SeriousDishonestyEvent? {
        events[agency]?.first { Evaluator.isInForce($0, asOf: asOf) && revokes($0, year: year) }
    }

    /// Art. 13: the latest correction of each agency's grade of `year` decided by `asOf`.
    func corrections(year: Int, asOf: CivilDate) -> [UnifiedSocialCreditCode: Grade] {
        let decided = (objections[year] ?? [])
            .filter { $0.filedOn <= asOf && $0.decision == .corrected && ($0.decidedOn.map { $0 <= asOf } ?? false) && $0.correctedGrade != nil }
            .sorted { ($0.decidedOn!, $0.id) < ($1.decidedOn!, $1.id) }
        var grades: [UnifiedSocialCreditCode: Grade] = [:]
        for c in decided { grades[c.agency] = c.correctedGrade }
        return grades
    }
}

extension Evaluator {
    /// One year's results as they stand on `asOf`: ranking, corrections decided by then, revocations in force.
    public func yearResults(_ stage: PublicationStage, index: RegistryIndex, asOf: CivilDate) -> YearResults {
        let evaluations = index.evaluations[stage.year] ?? []
        // Art. 8, 13: only an objection to a published result (a grade or a not-rated listing) counts; an
        // agency out of scope has none. A correction counts when it changed the grade that stood.
        let published = Set(evaluations.lazy.filter(\.inScope).map(\.agency))
        let objections = (index.objections[stage.year] ?? []).filter { $0.filedOn <= asOf && published.contains($0.agency) }
        let corrected = index.corrections(year: stage.year, asOf: asOf)
        let ratings = index.ranking(of: stage.year, policy: grading).map {
            rating($0, year: stage.year, index: index, corrected: corrected, asOf: asOf)
        }
        let notRated = evaluations.lazy.filter { $0.inScope && $0.isNotRated }
            .map { NotRatedListing(agency: $0.agency, year: $0.year, reason: $0.notRatedReason!) }
            .sorted { $0.agency < $1.agency }
        let outOfScope = evaluations.lazy.filter { !$0.inScope }.map(\.agency).sorted()
        var results = YearResults(year: stage.year, stage: stage, status: StageStatus(stage: stage, asOf: asOf), ratings: ratings, notRated: notRated,
                                  outOfScopeCount: outOfScope.count,
                                  objections: ObjectionTally(objections, stage: stage, asOf: asOf),
                                  correctionCount: corrections(of: stage, index: index, asOf: asOf).count)
        if stage.finalOn <= asOf { results.objectionsWhenPublished = ObjectionTally(objections, stage: stage, asOf: stage.finalOn) }
        results.outOfScope = outOfScope
        return results
    }

    /// Art. 11–13: one ranked agency's rating on `asOf`.
    func rating(_ entry: RankedEntry, year: Int, index: RegistryIndex, corrected: [UnifiedSocialCreditCode: Grade], asOf: CivilDate) -> Rating {
        Rating(agency: entry.evaluation.agency, rank: entry.rank, subScores: entry.evaluation.subScores, total: entry.total,
               awardedGrade: entry.grade, correctedGrade: corrected[entry.evaluation.agency],
               revokedBy: index.revocation(of: entry.evaluation.agency, year: year, asOf: asOf))
    }

    /// One agency's rating of `year` on `asOf`, without rating the whole year.
    func rating(of agency: UnifiedSocialCreditCode, year: Int, index: RegistryIndex, asOf: CivilDate) -> Rating? {
        guard grading == index.grading else {
            guard let stage = index.stages[year] else { return nil }
            return yearResults(stage, index: index, asOf: asOf).ratings.first { $0.agency == agency }
        }
        // The index ranks by this grading: an agency it does not rank has no rating that year (rating the
        // whole year again to find that out cost a national build dearly, once per E event).
        guard let position = index.positions[year]?[agency], let entry = index.rankings[year]?[position] else { return nil }
        return rating(entry, year: year, index: index, corrected: index.corrections(year: year, asOf: asOf), asOf: asOf)
    }
}
