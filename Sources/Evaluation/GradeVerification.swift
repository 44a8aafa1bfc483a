import Model

/// Art. 11: grades given in the data must be the ones the ranking gives; with `rule = "given"`,
/// they must at least be consistent with the ranking (a higher total never gets a worse grade).
public enum GradeVerification {
    public static func check(_ evaluations: [EvaluationRecord], policy: GradingPolicy) -> [Diagnostic] {
        // Each year is ranked on its own: the years side by side on all cores, their messages in year order.
        let byYear = Dictionary(grouping: evaluations, by: \.year)
        return byYear.keys.sorted().concurrentMap { year -> [Diagnostic] in
            var diagnostics = Diagnostics()
            let ranked = Ranking.rank(byYear[year]!, policy: policy)
            if case .given = policy.rule {
                checkGiven(ranked, year: year, into: &diagnostics)
                return diagnostics.all
            }
            for entry in ranked {
                guard let given = entry.evaluation.givenGrade, given != .e, given != entry.grade else { continue }
                diagnostics.error("E200", at: entry.evaluation.origin.at("评定等级"),
                    ["year": "\(year)", "givenLetter": "\(given.letter)", "total": "\(entry.total)", "rank": "\(entry.rank)", "rankedCount": "\(ranked.count)", "gradeLetter": "\(entry.grade.letter)"])
            }
            return diagnostics.all
        }.flatMap { $0 }
    }

    static func checkGiven(_ ranked: [RankedEntry], year: Int, into diagnostics: inout Diagnostics) {
        for entry in ranked where entry.evaluation.givenGrade == nil {
            diagnostics.error("E201", at: entry.evaluation.origin.at("评定等级"),
                              ["year": "\(year)"])
        }
        // `ranked` runs from high to low total; walk tied groups from the bottom, keeping the best grade
        // seen among strictly lower totals, so the check stays linear after the sort.
        let graded = ranked.filter { $0.evaluation.givenGrade != nil }
        var bestBelow: RankedEntry?
        var end = graded.count - 1
        while end >= 0 {
            var start = end
            while start > 0 && graded[start - 1].total == graded[end].total { start -= 1 }
            let group = graded[start...end]
            let groupBest = group.min { $0.evaluation.givenGrade! < $1.evaluation.givenGrade! }!
            for entry in group {
                let g = entry.evaluation.givenGrade!
                if let other = bestBelow, other.evaluation.givenGrade! < g {
                    diagnostics.error("E202", at: entry.evaluation.origin.at("评定等级"),
                        ["year": "\(year)", "total": "\(entry.total)", "gLetter": "\(g.letter)", "agency": "\(other.evaluation.agency)", "total2": "\(other.total)", "givenGrade": "\(other.evaluation.givenGrade!.letter)", "origin": .at(other.evaluation.origin.location)])
                } else if groupBest.evaluation.givenGrade! < g {
                    diagnostics.error("E203", at: entry.evaluation.origin.at("评定等级"),
                        ["year": "\(year)", "total": "\(entry.total)", "gLetter": "\(g.letter)", "agency": "\(groupBest.evaluation.agency)", "givenGrade": "\(groupBest.evaluation.givenGrade!.letter)"])
                }
            }
            if bestBelow == nil || groupBest.evaluation.givenGrade! < bestBelow!.evaluation.givenGrade! { bestBelow = groupBest }
            end = start - 1
        }
    }
}
