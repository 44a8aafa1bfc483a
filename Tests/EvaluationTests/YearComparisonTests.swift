import Testing
@testable import Evaluation
@testable import Model

@Suite("Art. 11–12: how grades moved from one year to the next")
struct YearComparisonTests {
    func year(_ y: Int, _ grades: [Int: Grade]) -> YearResults {
        let ratings = grades.keys.sorted().enumerated().map { i, n in
            let g = grades[n]!
            return Rating(agency: Build.code(n), rank: i + 1, subScores: nil, total: Score(points: 90 - i), awardedGrade: g == .e ? .b : g,
                          correctedGrade: nil, revokedBy: g == .e ? Build.event(n, on: "\(y + 1)-05-01") : nil)
        }
        let stage = Build.stage(y, notice: "\(y + 1)-03-01", end: "\(y + 1)-03-07", final: "\(y + 1)-03-20")
        return YearResults(year: y, stage: stage,
                           status: .final, ratings: ratings, notRated: [], outOfScopeCount: 0,
                           objections: ObjectionTally([], stage: stage, asOf: stage.finalOn), correctionCount: 0)
    }

    @Test("A move towards A is up; into E and out of E are their own kinds, whatever the letters")
    func movements() {
        #expect(GradeMovement(from: .c, to: .a) == .up(from: .c, to: .a))
        #expect(GradeMovement(from: .a, to: .d) == .down(from: .a, to: .d))
        #expect(GradeMovement(from: .a, to: .e) == .intoE(from: .a))
        #expect(GradeMovement(from: .e, to: .d) == .outOfE(to: .d))
        #expect(GradeMovement(from: .b, to: .b).kind == .same)
        #expect(GradeMovement(from: nil, to: .c) == .newlyRated(.c))
        #expect(GradeMovement(from: .c, to: nil) == .noLongerRated(.c))
        #expect(GradeMovement(from: .e, to: .d).from == .e && GradeMovement(from: .a, to: .e).to == .e)
    }

    @Test("A comparison counts every agency rated in either year once, the revoked grade (E) included")
    func counts() {
        let earlier = year(2024, [1: .a, 2: .b, 3: .c, 4: .e, 5: .d, 6: .b])
        let later = year(2025, [1: .b, 2: .a, 3: .e, 4: .c, 5: .d, 7: .a])
        let c = YearComparison(from: earlier, to: later)
        #expect(c.count(.down) == 1 && c.count(.up) == 1 && c.count(.intoE) == 1 && c.count(.outOfE) == 1)
        #expect(c.count(.same) == 1 && c.count(.newlyRated) == 1 && c.count(.noLongerRated) == 1)
        #expect(c.moves.count == 7)
        #expect(c.moves.last?.agency == Build.code(6))
        #expect(c.moves.first { $0.agency == Build.code(3) }?.movement == .intoE(from: .c))
    }

    @Test("Each pair of adjacent published years is compared, newest first")
    func adjacentPairs() {
        let p = Publication(asOf: Build.date("2026-06-01"), policy: .default,
                            years: [year(2025, [1: .a]), year(2024, [1: .b]), year(2023, [1: .c])], agencies: [],
                            seriousDishonestyList: [], badRecords: [], changes: [])
        #expect(p.comparisons.map { [$0.from.year, $0.to.year] } == [[2024, 2025], [2023, 2024]])
    }
}
