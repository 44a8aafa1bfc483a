import Model

/// The law applied to the registry: a pure function of (registry, policy, as-of date). No clock is read here.
public struct Evaluator: Sendable {
    public var grading: GradingPolicy
    public var disclosure: DisclosurePolicy
    public var inspection: InspectionPolicy
    /// Art. 9: shown with each year's scores.
    public var indicators: IndicatorSystems

    public init(grading: GradingPolicy, disclosure: DisclosurePolicy, inspection: InspectionPolicy = .default, indicators: IndicatorSystems = .default) {
        self.grading = grading
        self.disclosure = disclosure
        self.inspection = inspection
        self.indicators = indicators
    }

    /// Problems the law finds in the data (grades that contradict the ranking); `gongshi check` reports them.
    /// `rankingComplete` false: some evaluation rows were refused, so a ranking of the rest would only
    /// report errors that go when those rows are corrected; the ranking's checks wait for them.
    public func check(_ registry: PublicRegistry, rankingComplete: Bool = true) -> [Diagnostic] {
        var found = rankingComplete ? GradeVerification.check(registry.evaluations, policy: grading) : []
        // Art. 13: a correction changes the grade the ranking gave; one to the same grade corrects nothing.
        let corrections = registry.objections.filter { $0.decision == .corrected }
        let index = corrections.isEmpty || !rankingComplete ? nil : RegistryIndex(registry, grading: grading)
        for o in corrections {
            guard let index, let corrected = o.correctedGrade, let position = index.positions[o.year]?[o.agency],
                  let entry = index.rankings[o.year]?[position], entry.grade == corrected else { continue }
            found.append(Diagnostic(at: o.origin.at("更正后等级"),
                                    "E185",
                                    ["agency": "\(o.agency)", "correctedLetter": "\(corrected.letter)", "year": "\(o.year)"]))
        }
        let stages = Dictionary(registry.stages.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        let calendar = ResultsInForce(stages.values)
        for draw in registry.inspectionDraws {
            // Art. 14, 17: inspections follow the final results.
            guard let stage = stages[draw.year], stage.finalOn <= draw.drawnOn else {
                found.append(Diagnostic(at: draw.origin.at("抽取日期"), stages[draw.year] == nil ? "E199.drawBeforeResults" : "E199.drawBeforeFinal",
                                        ["year": "\(draw.year)", "drawnOn": "\(draw.drawnOn)", "finalOn": "\(stages[draw.year].map { "\($0.finalOn)" } ?? "")"]))
                continue
            }
            // Art. 17: the tiers are the grades in force on the draw's day; a year superseded by then has none.
            if let lapse = calendar.lapse(of: draw.year, on: draw.drawnOn) {
                found.append(Diagnostic(at: draw.origin.at("年度"), "E199.drawAfterLapse", lapse))
            }
        }
        return found
    }

    /// Art. 12: an event is in force from its verification date until it is lifted.
    static func isInForce(_ event: SeriousDishonestyEvent, asOf: CivilDate) -> Bool {
        event.verifiedOn <= asOf && (event.liftedOn.map { asOf < $0 } ?? true)
    }

    public func evaluate(_ registry: PublicRegistry, asOf: CivilDate) -> Publication {
        let index = RegistryIndex(registry, grading: grading)
        let changes = changes(index: index, asOf: asOf)
        // Each year is ranked on its own: the years are made side by side.
        let years = index.stages.values.sorted(by: { $0.year > $1.year })
            .filter { StageStatus(stage: $0, asOf: asOf).isPublished }
            .concurrentMap { stage -> YearResults in
                var year = yearResults(stage, index: index, asOf: asOf)
                year.noticeRatings = yearResults(stage, index: index, asOf: stage.noticeStart).ratings
                if year.status.isFinal { year.versions = versions(of: stage, index: index, changes: changes, asOf: asOf) }
                return year
            }
        let inForce = index.eventsInForce(asOf: asOf)
        let eList = inForce.map { SeriousDishonestyListing(agency: $0.key, event: $0.value.last!) }
            .sorted { ($1.event.verifiedOn, $0.agency) < ($0.event.verifiedOn, $1.agency) }
        let badRecords = registry.badRecords.filter { disclosure.isPublic($0, asOf: asOf) }.sorted(by: Self.newestFirst)
        var publication = Publication(asOf: asOf, policy: grading, years: years,
                                      agencies: profiles(registry, years: years, eventsInForce: inForce, calendar: index.calendar, asOf: asOf),
                                      seriousDishonestyList: eList, badRecords: badRecords, changes: changes)
        publication.disclosure = disclosure
        publication.indicators = indicators
        publication.calendar = index.calendar
        publication.codeExceptions = registry.codeExceptions.sorted { $0.code < $1.code }
        publication.draws = registry.inspectionDraws.filter { $0.drawnOn <= asOf }.sorted { $0.year > $1.year }.compactMap { draw in
            inspectionDraw(draw, index: index)
        }
        publication.inspections = registry.inspections.filter { $0.inspectedOn <= asOf }
            .sorted { ($1.inspectedOn, $0.agency) < ($0.inspectedOn, $1.agency) }
        // Ten million numbers at national scale: share the registry's array when none is later than the date.
        publication.reportNumbers = registry.reportNumbers.allSatisfy { $0.issuedOn <= asOf }
            ? registry.reportNumbers : registry.reportNumbers.filter { $0.issuedOn <= asOf }
        return publication
    }

    /// Art. 17: a draw's tiers, by the grades in force on its day (`GradeStanding.of`'s rule: an event in force
    /// makes E, else the year's list); nil when the draw's year is not the one in force that day (E199).
    public func inspectionDraw(_ draw: InspectionDraw, index: RegistryIndex) -> DrawResult? {
        guard let stage = index.stages[draw.year], index.calendar.isInForce(draw.year, on: draw.drawnOn) else { return nil }
        let year = yearResults(stage, index: index, asOf: draw.drawnOn)
        let events = index.eventsInForce(asOf: draw.drawnOn)
        return InspectionDrawing.draw(draw, ratings: year.ratings, notRated: year.notRated, seriousDishonesty: Set(events.keys), policy: inspection)
    }

    static func newestFirst(_ a: BadRecord, _ b: BadRecord) -> Bool {
        (b.decidedOn, a.agency, a.documentNumber) < (a.decidedOn, b.agency, b.documentNumber)
    }
}
