import Model

/// Art. 11: how grades A–D follow from the ranking of total scores. Set in the site config (`[grading]`).
public struct GradingPolicy: Sendable, Equatable {
    public enum Rule: Sendable, Equatable {
        /// Cumulative shares of the ranked list, in whole percent, A then B, C and D (summing to 100).
        case shares(a: Int, b: Int, c: Int, d: Int)
        /// Minimum totals for A, B and C; anything lower is D.
        case thresholds(a: Score, b: Score, c: Score)
        /// The grades are given in the data and only checked against the ranking.
        case given
    }

    /// Equal totals never get different grades. When a tie straddles a share boundary, the whole tied
    /// group takes the grade of its best-placed member (`better`) or of its worst-placed member (`worse`).
    public enum TieRule: String, Sendable, Equatable, CaseIterable {
        case better, worse
    }

    public var rule: Rule
    public var ties: TieRule

    public init(rule: Rule, ties: TieRule) {
        self.rule = rule
        self.ties = ties
    }

    public static let `default` = GradingPolicy(rule: .shares(a: 20, b: 40, c: 30, d: 10), ties: .better)

    /// One sentence for the site's rules page, generated from the policy so that it cannot drift.
    public var explanation: String {
        let tie = ties == .better ? "总分相同的机构评定为同一等级，跨越等级界线时一并评定为较高等级" : "总分相同的机构评定为同一等级，跨越等级界线时一并评定为较低等级"
        switch rule {
        case let .shares(a, b, c, d):
            return "按评价总分从高到低排序，排名前\(a)%为A级，其后\(b)%为B级，再后\(c)%为C级，其余\(d)%为D级（人数按四舍五入取整）；\(tie)。"
        case let .thresholds(a, b, c):
            return "按评价总分从高到低排序：总分不低于\(a)分为A级，不低于\(b)分为B级，不低于\(c)分为C级，其余为D级；总分相同的机构评定为同一等级。"
        case .given:
            return "等级由评价结果给定，并核对与总分排序一致：总分较高的机构等级不低于总分较低的机构，总分相同的机构等级相同。"
        }
    }
}
