import Evaluation
import Registry

extension PageContexts {
    static func comparisonTitle(_ c: YearComparison) -> String { "\(c.from.year)年与\(c.to.year)年信用等级对比" }

    /// The movements a comparison lists one by one; agencies whose grade stayed are counted only.
    static let listedMovements: [GradeMovement.Kind] = [.intoE, .outOfE, .up, .down, .newlyRated, .noLongerRated]

    /// Two adjacent years: how many agencies went up, down, into or out of E, and which.
    public func comparisonPage(_ comparison: YearComparison) -> [String: Any] {
        let from = comparison.from, to = comparison.to
        let path = SitePaths.comparison(from.year, to.year)
        let root = SitePaths.root(of: path)
        var c = common(path: path, title: Self.comparisonTitle(comparison), section: .grades,
                       description: "\(from.year)年度与\(to.year)年度宁波市生态环境监测社会化服务机构信用风险等级的变化")
        c["from"] = ["year": from.year, "href": root + SitePaths.year(from.year), "status": statusContext(from)]
        c["to"] = ["year": to.year, "href": root + SitePaths.year(to.year), "status": statusContext(to)]
        c["noticeCaveat"] = [from, to].filter { !$0.status.isFinal }.map { ["year": $0.year, "status": $0.status.label] }
        c["counts"] = GradeMovement.Kind.allCases.map { kind in
            ["label": kind.label, "count": comparison.count(kind), "anchor": "move-\(kind.rawValue)",
             "listed": Self.listedMovements.contains(kind) && comparison.count(kind) > 0]
        }
        c["sameCount"] = comparison.count(.same)
        c["groups"] = Self.listedMovements.compactMap { kind -> [String: Any]? in
            let moves = comparison.moves.filter { $0.movement.kind == kind }
            guard !moves.isEmpty else { return nil }
            return [
                "label": kind.label, "count": moves.count, "anchor": "move-\(kind.rawValue)",
                "rows": moves.map { move -> [String: Any] in
                    var row = agencyLink(move.agency, root: root)
                    row["fromGrade"] = movementGrade(move.movement.from)
                    row["toGrade"] = movementGrade(move.movement.to)
                    return row
                },
            ]
        }
        if let href = authoredPage("rules", root: root) { c["rulesHref"] = href }
        return c
    }

    func movementGrade(_ grade: Grade?) -> [String: Any] {
        guard let grade else { return ["none": true, "label": "未评定等级"] }
        return gradeContext(grade).merging(["label": grade.chineseName]) { a, _ in a }
    }

    /// Art. 11–12: for an agency's page, each pair of adjacent published years in which it was rated in at
    /// least one, newest first, as a sentence and a link to the comparison page.
    func gradeMovements(_ profile: AgencyProfile, root: String) -> [[String: Any]] {
        var grades: [Int: Grade] = [:]
        for y in profile.history { if case .rated(let r) = y.outcome { grades[y.year] = r.currentGrade } }
        return comparisons.compactMap { pair -> [String: Any]? in
            let a = grades[pair.from.year], b = grades[pair.to.year]
            guard a != nil || b != nil else { return nil }
            let movement = GradeMovement(from: a, to: b)
            var row: [String: Any] = [
                "from": pair.from.year, "to": pair.to.year, "label": movement.kind.label,
                "fromGrade": a.map { "\($0.letter)级" } ?? "未评定等级", "toGrade": b.map { "\($0.letter)级" } ?? "未评定等级",
                "class": "move-\(movement.kind.rawValue)", "href": root + SitePaths.comparison(pair.from.year, pair.to.year),
            ]
            if !pair.to.status.isFinal { row["caveat"] = "\(pair.to.year)年度结果\(pair.to.status.label)，尚未生效" }
            return row
        }
    }
}
