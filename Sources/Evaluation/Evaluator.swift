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
        let index = RegistryIndex(registry)
        let changes = changes(index: index, asOf: asOf)
        var years: [YearResults] = []
        for stage in index.stages.values.sorted(by: { $0.year > $1.year }) where StageStatus(stage: stage, asOf: asOf).isPublished {
            var year = yearResults(stage, index: index, asOf: asOf)
            year.noticeRatings = yearResults(stage, index: index, asOf: stage.noticeStart).ratings
            if year.status.isFinal { year.versions = versions(of: stage, index: index, changes: changes, asOf: asOf) }
            years.append(year)
        }
        let inForce = index.eventsInForce(asOf: asOf)
        let eList = inForce.map { SeriousDishonestyListing(agency: $0.key, event: $0.value.last!) }
            .sorted { ($1.event.verifiedOn, $0.agency) < ($0.event.verifiedOn, $1.agency) }
        let badRecords = registry.badRecords.filter { disclosure.isPublic($0, asOf: asOf) }.sorted(by: Self.newestFirst)
        var publication = Publication(asOf: asOf, policy: grading, years: years,
                                      agencies: profiles(registry, years: years, eventsInForce: inForce, asOf: asOf),
                                      seriousDishonestyList: eList, badRecords: badRecords, changes: changes)
        publication.codeExceptions = registry.codeExceptions.sorted { $0.code < $1.code }
        return publication
    }

    static func newestFirst(_ a: BadRecord, _ b: BadRecord) -> Bool {
        (b.decidedOn, a.agency, a.documentNumber) < (a.decidedOn, b.agency, b.documentNumber)
    }
}
