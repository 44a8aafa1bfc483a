import Model

extension Evaluator {
    /// Art. 13–14 and the open-data promise: a final year's list is frozen as published; every later change
    /// to it (an E event, a lifting, a late correction) makes a new version instead of rewriting it.
    func versions(of stage: PublicationStage, index: RegistryIndex, changes: [ChangeEntry], asOf: CivilDate) -> [GradeVersion] {
        guard stage.finalOn <= asOf else { return [] }
        let published = yearResults(stage, index: index, asOf: stage.finalOn).ratings
        var current = published
        var patches: [[(position: Int, rating: Rating)]] = []
        var dated: [(date: CivilDate, reasons: [ChangeEntry])] = [(stage.finalOn, [])]
        // A list can change on the day a correction is decided or an event that revokes the year is verified
        // or lifted. Only the agencies concerned can rate differently then: each version re-rates those.
        let objections = index.objections[stage.year] ?? []
        let events = index.events.values.joined().filter { index.revokes($0, year: stage.year) }
        let dates = Set(objections.compactMap(\.decidedOn) + events.flatMap { [$0.verifiedOn] + ($0.liftedOn.map { [$0] } ?? []) })
            .filter { $0 > stage.finalOn && $0 <= asOf }.sorted()
        let positions = Dictionary(published.enumerated().map { ($1.agency, $0) }, uniquingKeysWith: { a, _ in a })
        for date in dates {
            let previous = dated.last!.date
            let inWindow = { (d: CivilDate?) in d.map { $0 > previous && $0 <= date } ?? false }
            let concerned = Set(objections.filter { inWindow($0.decidedOn) }.map(\.agency)
                                + events.filter { inWindow($0.verifiedOn) || inWindow($0.liftedOn) }.map(\.agency))
            var patch: [(position: Int, rating: Rating)] = []
            var changed: Set<UnifiedSocialCreditCode> = []
            for agency in concerned.sorted() {
                guard let i = positions[agency], let now = rating(of: agency, year: stage.year, index: index, asOf: date) else { continue }
                if Self.signature(now) != Self.signature(current[i]) { changed.insert(agency) }
                patch.append((i, now))
            }
            guard !changed.isEmpty else { continue }
            for (i, rating) in patch { current[i] = rating }
            patches.append(patch)
            let reasons = changes.filter { entry in
                inWindow(entry.date) && (entry.affects(year: stage.year) || (entry.kind == .lifted && entry.agency.map(changed.contains) == true))
            }
            dated.append((date, reasons.sorted { $0.date < $1.date }))
        }
        let chain = VersionChain(published: published, changes: patches)
        return dated.enumerated().map { GradeVersion(number: $0.offset + 1, date: $0.element.date, reasons: $0.element.reasons, chain: chain) }
    }

    /// What a reader of the list sees change: each agency's grade and why.
    static func signature(_ rating: Rating) -> String {
        "\(rating.agency)|\(rating.currentGrade.letter)|\(rating.correctedGrade?.letter ?? "")|\(rating.revokedBy?.documentNumber ?? "")"
    }
}
