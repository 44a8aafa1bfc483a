import Registry

extension Evaluator {
    /// Art. 13–14 and the open-data promise: a final year's list is frozen as published; every later change
    /// to it (an E event, a lifting, a late correction) makes a new version instead of rewriting it.
    func versions(of stage: PublicationStage, index: RegistryIndex, changes: [ChangeEntry], asOf: CivilDate) -> [GradeVersion] {
        guard stage.finalOn <= asOf else { return [] }
        var versions = [GradeVersion(number: 1, date: stage.finalOn, ratings: yearResults(stage, index: index, asOf: stage.finalOn).ratings, reasons: [])]
        let entries = changes.filter { $0.affects(year: stage.year) }
        let dates = Set(entries.map(\.date).filter { $0 > stage.finalOn && $0 <= asOf }).sorted()
        for date in dates {
            let ratings = yearResults(stage, index: index, asOf: date).ratings
            guard Self.signature(ratings) != Self.signature(versions.last!.ratings) else { continue }
            let previous = versions.last!.date
            versions.append(GradeVersion(number: versions.count + 1, date: date, ratings: ratings,
                                         reasons: entries.filter { $0.date > previous && $0.date <= date }.sorted { $0.date < $1.date }))
        }
        return versions
    }

    /// What a reader of the list sees change: each agency's grade and why.
    static func signature(_ ratings: [Rating]) -> [String] {
        ratings.map { "\($0.agency)|\($0.currentGrade.letter)|\($0.correctedGrade?.letter ?? "")|\($0.revokedBy?.documentNumber ?? "")" }
    }
}
