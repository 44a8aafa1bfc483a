import Model

extension Evaluator {
    func profiles(_ registry: PublicRegistry, years: [YearResults], eventsInForce: [UnifiedSocialCreditCode: [SeriousDishonestyEvent]],
                  calendar: ResultsInForce, asOf: CivilDate) -> [AgencyProfile] {
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
        let formerNames = Dictionary(grouping: registry.formerNames.filter { $0.changedOn <= asOf }, by: \.agency)

        return registry.agencies.sorted { $0.code < $1.code }.concurrentMap(chunk: 256) { agency in
            var history: [AgencyYear] = []
            for y in years {
                guard let record = evaluated[agency.code]?.first(where: { $0.year == y.year }) else { continue }
                let outcome: AgencyYear.Outcome
                if let rating = yearIndex[y.year]?.ratings[agency.code] { outcome = .rated(rating) }
                else if record.inScope, let reason = record.notRatedReason { outcome = .notRated(reason: reason) }
                else { outcome = .outOfScope }
                history.append(AgencyYear(year: y.year, status: y.status, outcome: outcome, ratedCount: y.ratings.count))
            }
            let standing = GradeStanding.of(history: history, event: eventsInForce[agency.code]?.last, calendar: calendar, on: asOf)
            return AgencyProfile(
                agency: agency,
                filings: (filings[agency.code] ?? []).sorted { ($1.filedOn, $0.number) < ($0.filedOn, $1.number) },
                qualifications: (qualifications[agency.code] ?? []).sorted { $0.certificateNumber < $1.certificateNumber }
                    .map { QualificationWithScope(qualification: $0, scope: scope[$0.certificateNumber] ?? []) },
                history: history,
                seriousDishonesty: (events[agency.code] ?? []).sorted { ($1.verifiedOn, $0.documentNumber) < ($0.verifiedOn, $1.documentNumber) },
                badRecords: (records[agency.code] ?? []).sorted(by: Self.newestFirst),
                publicCirculars: (circulars[agency.code] ?? []).sorted { ($1.issuedOn, $0.documentNumber) < ($0.issuedOn, $1.documentNumber) },
                formerNames: (formerNames[agency.code] ?? []).sorted { ($1.changedOn, $0.name) < ($0.changedOn, $1.name) },
                standing: standing)
        }
    }
}
