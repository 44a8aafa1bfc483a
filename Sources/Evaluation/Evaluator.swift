import Registry

/// The law applied to the registry: a pure function of (registry, policy, as-of date). No clock is read here.
public struct Evaluator: Sendable {
    public var grading: GradingPolicy
    public var disclosure: DisclosurePolicy

    public init(grading: GradingPolicy, disclosure: DisclosurePolicy) {
        self.grading = grading
        self.disclosure = disclosure
    }

    /// Problems the law finds in the data (grades that contradict the ranking); `gongshi check` reports them.
    public func check(_ registry: PublicRegistry) -> [Diagnostic] {
        GradeVerification.check(registry.evaluations, policy: grading)
    }

    /// Art. 12: an event is in force from its verification date until it is lifted.
    static func isInForce(_ event: SeriousDishonestyEvent, asOf: CivilDate) -> Bool {
        event.verifiedOn <= asOf && (event.liftedOn.map { asOf < $0 } ?? true)
    }

    public func evaluate(_ registry: PublicRegistry, asOf: CivilDate) -> Publication {
        let stages = Dictionary(registry.stages.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        let eventsInForce = Dictionary(grouping: registry.seriousDishonesty.filter { Self.isInForce($0, asOf: asOf) }, by: \.agency)
            .mapValues { $0.sorted { ($0.verifiedOn, $0.documentNumber) < ($1.verifiedOn, $1.documentNumber) } }
        let evaluationsByYear = Dictionary(grouping: registry.evaluations, by: \.year)

        var years: [YearResults] = []
        for stage in stages.values.sorted(by: { $0.year > $1.year }) {
            let status = StageStatus(stage: stage, asOf: asOf)
            guard status.isPublished else { continue }
            // Art. 12: an event revokes the grade of a year from the start of its evaluation period until
            // the next year's results are final (while that grade is the one in force).
            let periodStart = CivilDate(year: stage.year, month: 1, day: 1)!
            let periodEnd = stages[stage.year + 1]?.finalOn
            years.append(results(of: stage, status: status, evaluations: evaluationsByYear[stage.year] ?? [],
                                 objections: registry.objections.filter { $0.year == stage.year }, asOf: asOf) { code in
                eventsInForce[code]?.first { event in
                    event.verifiedOn >= periodStart && (periodEnd.map { event.verifiedOn < $0 } ?? true)
                }
            })
        }
        let agencies = profiles(registry, years: years, eventsInForce: eventsInForce, asOf: asOf)
        let eList = eventsInForce.map { SeriousDishonestyListing(agency: $0.key, event: $0.value.last!) }
            .sorted { ($1.event.verifiedOn, $0.agency) < ($0.event.verifiedOn, $1.agency) }
        let badRecords = registry.badRecords.filter { disclosure.isPublic($0, asOf: asOf) }.sorted(by: Self.newestFirst)
        return Publication(asOf: asOf, policy: grading, years: years, agencies: agencies, seriousDishonestyList: eList, badRecords: badRecords)
    }

    static func newestFirst(_ a: BadRecord, _ b: BadRecord) -> Bool {
        (b.decidedOn, a.agency, a.documentNumber) < (a.decidedOn, b.agency, b.documentNumber)
    }

    func results(of stage: PublicationStage, status: StageStatus, evaluations: [EvaluationRecord], objections: [Objection],
                 asOf: CivilDate, revocation: (UnifiedSocialCreditCode) -> SeriousDishonestyEvent?) -> YearResults {
        // Art. 13: the latest correction decided by the as-of date stands.
        let corrections = objections
            .filter { $0.decision == .corrected && ($0.decidedOn.map { $0 <= asOf } ?? false) && $0.correctedGrade != nil }
            .sorted { ($0.decidedOn!, $0.id) < ($1.decidedOn!, $1.id) }
        var correctedGrade: [UnifiedSocialCreditCode: Grade] = [:]
        for c in corrections { correctedGrade[c.agency] = c.correctedGrade }

        let ratings = Ranking.rank(evaluations, policy: grading).map { entry in
            Rating(agency: entry.evaluation.agency, rank: entry.rank, subScores: entry.evaluation.subScores, total: entry.total,
                   awardedGrade: entry.grade, correctedGrade: correctedGrade[entry.evaluation.agency],
                   revokedBy: revocation(entry.evaluation.agency))
        }
        let notRated = evaluations.filter { $0.inScope && $0.isNotRated }
            .map { NotRatedListing(agency: $0.agency, year: $0.year, reason: $0.notRatedReason!) }
            .sorted { $0.agency < $1.agency }
        return YearResults(year: stage.year, stage: stage, status: status, ratings: ratings, notRated: notRated,
                           outOfScopeCount: evaluations.filter { !$0.inScope }.count,
                           objectionCount: objections.filter { $0.filedOn <= asOf }.count,
                           correctionCount: corrections.count)
    }

    func profiles(_ registry: PublicRegistry, years: [YearResults], eventsInForce: [UnifiedSocialCreditCode: [SeriousDishonestyEvent]],
                  asOf: CivilDate) -> [AgencyProfile] {
        let filings = Dictionary(grouping: registry.filings, by: \.agency)
        let scope = Dictionary(grouping: registry.scopeItems, by: \.certificateNumber)
        let qualifications = Dictionary(grouping: registry.qualifications, by: \.agency)
        let events = Dictionary(grouping: registry.seriousDishonesty.filter { $0.verifiedOn <= asOf }, by: \.agency)
        let records = Dictionary(grouping: registry.badRecords.filter { disclosure.isPublic($0, asOf: asOf) }, by: \.agency)
        let circulars = Dictionary(grouping: registry.publicCirculars.filter { disclosure.isPublic($0, asOf: asOf) }, by: \.agency)
        var yearIndex: [Int: (ratings: [UnifiedSocialCreditCode: Rating], notRated: Set<UnifiedSocialCreditCode>)] = [:]
        for y in years {
            yearIndex[y.year] = (Dictionary(uniqueKeysWithValues: y.ratings.map { ($0.agency, $0) }), Set(y.notRated.map(\.agency)))
        }
        let evaluated = Dictionary(grouping: registry.evaluations, by: \.agency)

        return registry.agencies.sorted { $0.code < $1.code }.map { agency in
            var history: [AgencyYear] = []
            for y in years {
                guard let record = evaluated[agency.code]?.first(where: { $0.year == y.year }) else { continue }
                let outcome: AgencyYear.Outcome
                if let rating = yearIndex[y.year]?.ratings[agency.code] { outcome = .rated(rating) }
                else if record.inScope, let reason = record.notRatedReason { outcome = .notRated(reason: reason) }
                else { outcome = .outOfScope }
                history.append(AgencyYear(year: y.year, status: y.status, outcome: outcome, ratedCount: y.ratings.count))
            }
            // Art. 13–14: a grade under notice is not yet in force; the newest final one is.
            var current: Grade? = eventsInForce[agency.code] != nil ? .e : nil
            if current == nil {
                for year in history where year.status.isFinal {
                    if case .rated(let r) = year.outcome { current = r.currentGrade; break }
                }
            }
            return AgencyProfile(
                agency: agency,
                filings: (filings[agency.code] ?? []).sorted { ($1.filedOn, $0.number) < ($0.filedOn, $1.number) },
                qualifications: (qualifications[agency.code] ?? []).sorted { $0.certificateNumber < $1.certificateNumber }
                    .map { QualificationWithScope(qualification: $0, scope: scope[$0.certificateNumber] ?? []) },
                history: history,
                seriousDishonesty: (events[agency.code] ?? []).sorted { ($1.verifiedOn, $0.documentNumber) < ($0.verifiedOn, $1.documentNumber) },
                badRecords: (records[agency.code] ?? []).sorted(by: Self.newestFirst),
                publicCirculars: (circulars[agency.code] ?? []).sorted { ($1.issuedOn, $0.documentNumber) < ($0.issuedOn, $1.documentNumber) },
                currentGrade: current)
        }
    }
}
