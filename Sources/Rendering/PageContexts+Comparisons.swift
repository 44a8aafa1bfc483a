import Evaluation
import Model

extension PageContexts {
    static func comparisonTitle(_ c: YearComparison) -> String { "\(c.from.year)年与\(c.to.year)年信用等级对比" }

    static func comparisonDescription(_ c: YearComparison) -> String {
        "\(c.from.year)年度与\(c.to.year)年度宁波市生态环境监测社会化服务机构信用风险等级的变化"
    }

    /// The movements a comparison lists one by one; agencies whose grade stayed are counted only.
    static let listedMovements: [GradeMovement.Kind] = [.intoE, .outOfE, .up, .down, .newlyRated, .noLongerRated]

    /// Two adjacent years: how many agencies went up, down, into or out of E, and which.
    public func comparisonPage(_ comparison: YearComparison) -> Page<ComparisonPage> {
        let from = comparison.from, to = comparison.to
        let path = SitePaths.comparison(from.year, to.year)
        let root = SitePaths.root(of: path)
        return page(path, Self.comparisonTitle(comparison), .grades, description: Self.comparisonDescription(comparison), ComparisonPage(
            from: .init(year: from.year, href: root + SitePaths.year(from.year), status: statusContext(from)),
            to: .init(year: to.year, href: root + SitePaths.year(to.year), status: statusContext(to)),
            noticeCaveat: [from, to].filter { !$0.status.isFinal }.map { .init(year: $0.year, status: $0.status.label) },
            counts: GradeMovement.Kind.allCases.map { kind in
                .init(label: kind.label, count: comparison.count(kind), anchor: "move-\(kind.rawValue)",
                      listed: Self.listedMovements.contains(kind) && comparison.count(kind) > 0)
            },
            sameCount: comparison.count(.same),
            groups: Self.listedMovements.compactMap { kind in
                let moves = comparison.moves.filter { $0.movement.kind == kind }
                guard !moves.isEmpty else { return nil }
                return .init(label: kind.label, count: moves.count, anchor: "move-\(kind.rawValue)", rows: moves.map { move in
                    Merged(agencyLink(move.agency, root: root),
                           .init(fromGrade: movementGrade(move.movement.from), toGrade: movementGrade(move.movement.to)))
                })
            },
            rulesHref: authoredPage("rules", root: root)))
    }

    func movementGrade(_ grade: Grade?) -> MovementGrade {
        guard let grade else { return MovementGrade(MovementLabel(label: "未评定等级", none: true), Present(nil)) }
        return MovementGrade(MovementLabel(label: grade.chineseName), Present(gradeContext(grade)))
    }

    /// Art. 11–12: for an agency's page, each pair of adjacent published years in which it was rated in at
    /// least one, newest first, as a sentence and a link to the comparison page.
    func gradeMovements(_ profile: AgencyProfile, root: String) -> [MovementContext] {
        var grades: [Int: Grade] = [:]
        for y in profile.history { if case .rated(let r) = y.outcome { grades[y.year] = r.currentGrade } }
        return comparisons.compactMap { pair in
            let a = grades[pair.from.year], b = grades[pair.to.year]
            guard a != nil || b != nil else { return nil }
            let movement = GradeMovement(from: a, to: b)
            return MovementContext(
                from: pair.from.year, to: pair.to.year, label: movement.kind.label,
                fromGrade: a.map { "\($0.letter)级" } ?? "未评定等级", toGrade: b.map { "\($0.letter)级" } ?? "未评定等级",
                class: "move-\(movement.kind.rawValue)", href: root + SitePaths.comparison(pair.from.year, pair.to.year),
                caveat: pair.to.status.isFinal ? nil : "\(pair.to.year)年度结果\(pair.to.status.label)，尚未生效")
        }
    }
}

/// Two adjacent years: how many agencies went up, down, into or out of E, and which (Art. 11–12).
public struct ComparisonPage: Codable, Sendable {
    public struct YearSide: Codable, Sendable {
        var year: Int
        var href: String
        var status: StatusContext
    }
    public struct Caveat: Codable, Sendable {
        var year: Int
        var status: String
    }
    public struct Count: Codable, Sendable {
        var label: String
        var count: Int
        var anchor: String
        var listed: Bool
    }
    public struct Move: Codable, Sendable {
        var fromGrade, toGrade: MovementGrade
    }
    public struct Group: Codable, Sendable {
        var label: String
        var count: Int
        var anchor: String
        var rows: [Merged<AgencyLink, Move>]
    }
    var from, to: YearSide
    var noticeCaveat: [Caveat]
    var counts: [Count]
    var sameCount: Int
    var groups: [Group]
    var rulesHref: String?
}

/// A grade at one end of a movement — its label, and the grade's own names — or none (`none`, labelled 未评定等级).
public typealias MovementGrade = Merged<MovementLabel, Present<GradeContext>>

public struct MovementLabel: Codable, Sendable {
    var label: String
    var none: Bool?
}

/// An agency's grade from one published year to the next, for its page.
public struct MovementContext: Codable, Sendable {
    var from, to: Int
    var label, fromGrade, toGrade, `class`, href: String
    /// When the later year is not yet final.
    var caveat: String?
}
