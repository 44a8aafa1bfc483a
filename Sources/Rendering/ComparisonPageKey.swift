import Evaluation
import Model

extension PageContexts {
    /// Art. 11–12: what a comparison of two years is made from, keyed without making its context (a comparison
    /// of two national lists lists tens of thousands of agencies that moved): the page's common part, both
    /// years' status, each agency's movement in list order, and how each agency that moved is named and linked.
    /// Held to the page's context by the same tests as the agency pages (`AgencyPageKeyTests`).
    func comparisonKey(_ comparison: YearComparison, template: String, twin: Bool) -> [UInt8] {
        let from = comparison.from, to = comparison.to
        let path = SitePaths.comparison(from.year, to.year)
        let root = SitePaths.root(of: path)
        let encoder = ContextKeyEncoder(ContentKey("comparison page 1"))
        encoder.key.add(template)
        encoder.key.add(twin ? 1 : 0)
        encoder.write(page(path, Self.comparisonTitle(comparison), .grades, description: Self.comparisonDescription(comparison), NoFields()))
        encoder.write(statusContext(from))
        encoder.write(statusContext(to))
        encoder.key.add([String(from.year), String(to.year), authoredPage("rules", root: root) ?? ""])
        encoder.key.add(comparison.moves.count)
        for move in comparison.moves {
            let grades = [move.movement.from, move.movement.to].map { $0?.letter ?? "" }
            encoder.key.add([move.agency.value, move.movement.kind.rawValue] + grades)
            guard Self.listedMovements.contains(move.movement.kind) else { continue }
            let link = links[move.agency]
            encoder.key.add([link?.name ?? "", link?.district ?? "", link?.categories ?? "", link?.categoryList ?? "", link?.searchText ?? ""])
        }
        return encoder.key.digest
    }
}
