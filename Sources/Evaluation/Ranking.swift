import Model

/// Art. 11: one rated agency's place in a year's ranking of total scores.
public struct RankedEntry: Sendable, Hashable {
    public var evaluation: EvaluationRecord
    public var total: Score
    /// Competition ranking: equal totals share a rank (1, 2, 2, 4).
    public var rank: Int
    /// The grade the ranking gives under the policy (for `.given`, the given grade).
    public var grade: Grade
}

public enum Ranking {
    /// The agencies a year's ranking covers: in scope (Art. 8), not "not rated", with a total score.
    public static func rated(_ evaluations: [EvaluationRecord]) -> [EvaluationRecord] {
        evaluations.filter { $0.inScope && !$0.isNotRated && $0.total != nil }
    }

    /// Ranks one year's rated evaluations, highest total first (ties ordered by code for a stable list),
    /// and grades them by the policy.
    public static func rank(_ evaluations: [EvaluationRecord], policy: GradingPolicy) -> [RankedEntry] {
        // Sorted as small keys and then gathered: moving whole records through the sort cost more than comparing.
        let rated = rated(evaluations)
        let order = rated.indices.map { (total: rated[$0].total!.hundredths, code: rated[$0].agency.value, index: $0) }
            .sorted { a, b in a.total != b.total ? a.total > b.total : a.code < b.code }
        let sorted = order.map { rated[$0.index] }
        var ranks: [Int] = []
        for (i, e) in sorted.enumerated() {
            ranks.append(i > 0 && sorted[i - 1].total == e.total ? ranks[i - 1] : i + 1)
        }
        let grades = assign(totals: sorted.map { $0.total! }, given: sorted.map(\.givenGrade), policy: policy)
        return sorted.indices.map { RankedEntry(evaluation: sorted[$0], total: sorted[$0].total!, rank: ranks[$0], grade: grades[$0]) }
    }

    /// Grades for totals already sorted from high to low.
    static func assign(totals: [Score], given: [Grade?], policy: GradingPolicy) -> [Grade] {
        let n = totals.count
        switch policy.rule {
        case .given:
            return given.map { $0 ?? .d }
        case let .thresholds(a, b, c):
            return totals.map { $0 >= a ? .a : $0 >= b ? .b : $0 >= c ? .c : .d }
        case let .shares(a, b, c, _):
            // Cumulative counts, rounded half up: positions 1…cutA are A, and so on.
            let cuts = [a, a + b, a + b + c].map { (n * $0 + 50) / 100 }
            var byPosition = (0..<n).map { i -> Grade in
                i < cuts[0] ? .a : i < cuts[1] ? .b : i < cuts[2] ? .c : .d
            }
            // A tied group takes one grade: that of its first (better) or last (worse) position.
            var start = 0
            while start < n {
                var end = start
                while end + 1 < n && totals[end + 1] == totals[start] { end += 1 }
                let grade = policy.ties == .better ? byPosition[start] : byPosition[end]
                for i in start...end { byPosition[i] = grade }
                start = end + 1
            }
            return byPosition
        }
    }
}
