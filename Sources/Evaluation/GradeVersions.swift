import Registry

extension Evaluator {
    /// Art. 13–14 and the open-data promise: a final year's list is frozen as published; every later change
    /// to it (an E event, a lifting, a late correction) makes a new version instead of rewriting it.
    func versions(of stage: PublicationStage, index: RegistryIndex, changes: [ChangeEntry], asOf: CivilDate) -> [GradeVersion] {
        guard stage.finalOn <= asOf else { return [] }
        var versions = [GradeVersion(number: 1, date: stage.finalOn, ratings: yearResults(stage, index: index, asOf: stage.finalOn).ratings, reasons: [])]
        // A list can change on the day a correction is decided or an event that revokes the year is verified
        // or lifted. Only the agencies concerned can rate differently then: each version re-rates those.
        let objections = index.objections[stage.year] ?? []
        let events = index.events.values.joined().filter { index.revokes($0, year: stage.year) }
        let dates = Set(objections.compactMap(\.decidedOn) + events.flatMap { [$0.verifiedOn] + ($0.liftedOn.map { [$0] } ?? []) })
            .filter { $0 > stage.finalOn && $0 <= asOf }.sorted()
        let positions = Dictionary(versions[0].ratings.enumerated().map { ($1.agency, $0) }, uniquingKeysWith: { a, _ in a })
        for date in dates {
            let previous = versions.last!
            let inWindow = { (d: CivilDate?) in d.map { $0 > previous.date && $0 <= date } ?? false }
            let concerned = Set(objections.filter { inWindow($0.decidedOn) }.map(\.agency)
                                + events.filter { inWindow($0.verifiedOn) || inWindow($0.liftedOn) }.map(\.agency))
            var ratings = previous.ratings
            var changed: Set<UnifiedSocialCreditCode> = []
            for agency in concerned {
                guard let i = positions[agency], let now = rating(of: agency, year: stage.year, index: index, asOf: date) else { continue }
                if Self.signature(now) != Self.signature(ratings[i]) { changed.insert(agency) }
                ratings[i] = now
            }
            guard !changed.isEmpty else { continue }
            let reasons = changes.filter { entry in
                inWindow(entry.date) && (entry.affects(year: stage.year) || (entry.kind == .lifted && entry.agency.map(changed.contains) == true))
            }
            versions.append(GradeVersion(number: versions.count + 1, date: date, ratings: ratings, reasons: reasons.sorted { $0.date < $1.date }))
        }
        return versions
    }

    /// What a reader of the list sees change: each agency's grade and why.
    static func signature(_ rating: Rating) -> String {
        "\(rating.agency)|\(rating.currentGrade.letter)|\(rating.correctedGrade?.letter ?? "")|\(rating.revokedBy?.documentNumber ?? "")"
    }
}
