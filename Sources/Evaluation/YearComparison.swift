import Model

/// Art. 11–12: how an agency's grade moved from one evaluation year to the next. Grades are ordered by risk
/// (A lowest, E serious dishonesty), so a move towards A is up.
public enum GradeMovement: Sendable, Equatable {
    case up(from: Grade, to: Grade)
    case down(from: Grade, to: Grade)
    /// Art. 12: from a grade A–D to E.
    case intoE(from: Grade)
    /// Out of E, to a grade A–D the later year's ranking gave.
    case outOfE(to: Grade)
    case same(Grade)
    /// Rated in the later year, not in the earlier one (not rated, out of scope, or not yet filed).
    case newlyRated(Grade)
    /// Rated in the earlier year, not in the later one.
    case noLongerRated(Grade)

    public init(from: Grade?, to: Grade?) {
        switch (from, to) {
        case (nil, let t?): self = .newlyRated(t)
        case (let f?, nil): self = .noLongerRated(f)
        case (let f?, let t?) where f == t: self = .same(t)
        case (let f?, .e?): self = .intoE(from: f)
        case (.e?, let t?): self = .outOfE(to: t)
        case (let f?, let t?): self = t < f ? .up(from: f, to: t) : .down(from: f, to: t)
        case (nil, nil): preconditionFailure("a movement needs a grade in one of the two years")
        }
    }

    public enum Kind: String, Sendable, CaseIterable {
        case up, down, intoE, outOfE, same, newlyRated, noLongerRated
    }

    public var kind: Kind {
        switch self {
        case .up: return .up
        case .down: return .down
        case .intoE: return .intoE
        case .outOfE: return .outOfE
        case .same: return .same
        case .newlyRated: return .newlyRated
        case .noLongerRated: return .noLongerRated
        }
    }

    public var from: Grade? {
        switch self {
        case .up(let f, _), .down(let f, _): return f
        case .intoE(let f): return f
        case .outOfE: return .e
        case .same(let g), .noLongerRated(let g): return g
        case .newlyRated: return nil
        }
    }

    public var to: Grade? {
        switch self {
        case .up(_, let t), .down(_, let t): return t
        case .intoE: return .e
        case .outOfE(let t): return t
        case .same(let g), .newlyRated(let g): return g
        case .noLongerRated: return nil
        }
    }
}

extension GradeMovement.Kind {
    /// How the comparison page and the agency page name the movement.
    public var label: String {
        switch self {
        case .up: return "等级上升"
        case .down: return "等级下降"
        case .intoE: return "列入E级"
        case .outOfE: return "移出E级"
        case .same: return "等级不变"
        case .newlyRated: return "新评定等级"
        case .noLongerRated: return "本年度未评定等级"
        }
    }
}

/// Two adjacent published evaluation years side by side: each agency rated in either, with its grade as
/// each year's list shows it on the as-of date (corrections and E revocations included).
public struct YearComparison: Sendable {
    public struct Move: Sendable {
        public var agency: UnifiedSocialCreditCode
        public var movement: GradeMovement
    }

    public var from: YearResults
    public var to: YearResults
    /// In the later year's ranking order, then the agencies only the earlier year rated, in its order.
    public var moves: [Move]

    public init(from: YearResults, to: YearResults) {
        self.from = from
        self.to = to
        let earlier = Dictionary(uniqueKeysWithValues: from.ratings.map { ($0.agency, $0.currentGrade) })
        let later = Set(to.ratings.map(\.agency))
        moves = to.ratings.map { Move(agency: $0.agency, movement: GradeMovement(from: earlier[$0.agency], to: $0.currentGrade)) }
            + from.ratings.filter { !later.contains($0.agency) }.map { Move(agency: $0.agency, movement: .noLongerRated($0.currentGrade)) }
    }

    public func count(_ kind: GradeMovement.Kind) -> Int { moves.filter { $0.movement.kind == kind }.count }
}

extension Publication {
    /// Each pair of adjacent published years, the newest pair first.
    public var comparisons: [YearComparison] {
        zip(years.dropFirst(), years).map { YearComparison(from: $0, to: $1) }
    }
}
