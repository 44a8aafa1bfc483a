import Registry

/// The registry grouped once for the many as-of dates a publication looks at (today, each notice,
/// each final publication, each change after it).
public struct RegistryIndex {
    let stages: [Int: PublicationStage]
    let evaluations: [Int: [EvaluationRecord]]
    let objections: [Int: [Objection]]
    let events: [UnifiedSocialCreditCode: [SeriousDishonestyEvent]]
    let registry: PublicRegistry

    public init(_ registry: PublicRegistry) {
        self.registry = registry
        stages = Dictionary(registry.stages.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        evaluations = Dictionary(grouping: registry.evaluations, by: \.year)
        objections = Dictionary(grouping: registry.objections, by: \.year)
        events = Dictionary(grouping: registry.seriousDishonesty, by: \.agency)
            .mapValues { $0.sorted { ($0.verifiedOn, $0.documentNumber) < ($1.verifiedOn, $1.documentNumber) } }
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
        (CivilDate(year: year, month: 1, day: 1)!, stages[year + 1]?.finalOn)
    }

    func revokes(_ event: SeriousDishonestyEvent, year: Int) -> Bool {
        let period = revocationPeriod(of: year)
        return event.verifiedOn >= period.start && (period.end.map { event.verifiedOn < $0 } ?? true)
    }
}

extension Evaluator {
    /// One year's results as they stand on `asOf`: ranking, corrections decided by then, revocations in force.
    public func yearResults(_ stage: PublicationStage, index: RegistryIndex, asOf: CivilDate) -> YearResults {
        let evaluations = index.evaluations[stage.year] ?? []
        let objections = (index.objections[stage.year] ?? []).filter { $0.filedOn <= asOf }
        // Art. 13: the latest correction decided by the as-of date stands.
        let corrections = objections
            .filter { $0.decision == .corrected && ($0.decidedOn.map { $0 <= asOf } ?? false) && $0.correctedGrade != nil }
            .sorted { ($0.decidedOn!, $0.id) < ($1.decidedOn!, $1.id) }
        var correctedGrade: [UnifiedSocialCreditCode: Grade] = [:]
        for c in corrections { correctedGrade[c.agency] = c.correctedGrade }
        let inForce = index.eventsInForce(asOf: asOf)

        let ratings = Ranking.rank(evaluations, policy: grading).map { entry in
            Rating(agency: entry.evaluation.agency, rank: entry.rank, subScores: entry.evaluation.subScores, total: entry.total,
                   awardedGrade: entry.grade, correctedGrade: correctedGrade[entry.evaluation.agency],
                   revokedBy: inForce[entry.evaluation.agency]?.first { index.revokes($0, year: stage.year) })
        }
        let notRated = evaluations.filter { $0.inScope && $0.isNotRated }
            .map { NotRatedListing(agency: $0.agency, year: $0.year, reason: $0.notRatedReason!) }
            .sorted { $0.agency < $1.agency }
        return YearResults(year: stage.year, stage: stage, status: StageStatus(stage: stage, asOf: asOf), ratings: ratings, notRated: notRated,
                           outOfScopeCount: evaluations.filter { !$0.inScope }.count,
                           objectionCount: objections.count,
                           rejectedObjectionCount: objections.filter { $0.decision == .rejected }.count,
                           correctionCount: corrections.count)
    }
}
