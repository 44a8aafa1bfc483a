import Testing
@testable import Evaluation
@testable import Model

@Suite("Art. 11: grades A–D by ranking total scores")
struct GradingTests {
    func grades(_ totals: [String], _ policy: GradingPolicy) -> [String] {
        let ranked = Ranking.rank(Build.registry(totals: totals).evaluations, policy: policy)
        // In agency order, so the expectation reads like the input.
        return totals.indices.map { i in ranked.first { $0.evaluation.agency == Build.code(i + 1) }!.grade.letter }
    }

    @Test("Art. 11: shares of the ranking, high to low: 20/30/30/20 of ten agencies")
    func shares() {
        let policy = GradingPolicy(rule: .shares(a: 20, b: 30, c: 30, d: 20), ties: .better)
        #expect(grades(["100", "99", "98", "97", "96", "95", "94", "93", "92", "91"], policy) == ["A", "A", "B", "B", "B", "C", "C", "C", "D", "D"])
        // Input order does not matter: the ranking does.
        #expect(grades(["91", "100", "95", "92"], GradingPolicy(rule: .shares(a: 25, b: 25, c: 25, d: 25), ties: .better)) == ["D", "A", "B", "C"])
    }

    @Test("Art. 11: cumulative counts are rounded half up (7 × 20 % = 1.4 → 1; 5 × 30 % = 1.5 → 2)")
    func rounding() {
        #expect(grades(["95", "90", "85", "80", "75", "70", "65"], GradingPolicy(rule: .shares(a: 20, b: 30, c: 30, d: 20), ties: .better))
                == ["A", "B", "B", "B", "C", "C", "D"])
        #expect(grades(["95", "90", "85", "80", "75"], GradingPolicy(rule: .shares(a: 30, b: 30, c: 30, d: 10), ties: .better))
                == ["A", "A", "B", "C", "C"])
    }

    @Test("Art. 11: equal totals never get different grades; the tie rule says which grade a straddling tie takes")
    func ties() {
        let totals = ["90", "85", "85", "80"]
        #expect(grades(totals, GradingPolicy(rule: .shares(a: 25, b: 25, c: 25, d: 25), ties: .better)) == ["A", "B", "B", "D"])
        #expect(grades(totals, GradingPolicy(rule: .shares(a: 25, b: 25, c: 25, d: 25), ties: .worse)) == ["A", "C", "C", "D"])
        let ranked = Ranking.rank(Build.registry(totals: totals).evaluations, policy: .default)
        #expect(ranked.map(\.rank) == [1, 2, 2, 4])
    }

    @Test("Art. 11: thresholds grade by minimum totals")
    func thresholds() {
        let policy = GradingPolicy(rule: .thresholds(a: Score(points: 90), b: Score(points: 80), c: Score(points: 60)), ties: .better)
        #expect(grades(["90", "89.99", "80", "60", "59.5"], policy) == ["A", "B", "B", "C", "D"])
    }

    @Test("Art. 8: out-of-scope and not-rated agencies are not ranked")
    func onlyRatedAreRanked() {
        var r = Build.registry(totals: ["90", "80"])
        r.evaluations.append(Build.evaluation(2025, 3, total: nil, inScope: false))
        r.evaluations.append(Build.evaluation(2025, 4, total: nil, notRated: "拒绝整改"))
        #expect(Ranking.rank(r.evaluations, policy: .default).map(\.evaluation.agency) == [Build.code(1), Build.code(2)])
    }
}

@Suite("Art. 11: grades given in the data are verified against the ranking")
struct GradeVerificationTests {
    let shares = GradingPolicy(rule: .shares(a: 25, b: 25, c: 25, d: 25), ties: .better)

    @Test("A given grade the ranking does not give is an error naming rank and grade")
    func mismatch() {
        var r = Build.registry(totals: ["90", "85", "80", "75"])
        r.evaluations[1].givenGrade = .b
        r.evaluations[2].givenGrade = .b  // ranking gives C
        let found = GradeVerification.check(r.evaluations, policy: shares)
        #expect(found.map(\.code) == ["E200"])
        #expect(found.first?.location.line == 4)
        #expect(found.first?.location.column == 9)
        #expect(found.first?.message.contains("ranks 3 of 4, which gives C") == true)
    }

    @Test("rule = \"given\": a higher total with a worse grade, or equal totals with different grades, are errors")
    func givenMustFollowRanking() {
        let given = GradingPolicy(rule: .given, ties: .better)
        var r = Build.registry(totals: ["90", "85", "85", "80"])
        for (i, g) in [Grade.a, .b, .c, .c].enumerated() { r.evaluations[i].givenGrade = g }
        #expect(GradeVerification.check(r.evaluations, policy: given).map(\.code) == ["E203"])
        for (i, g) in [Grade.b, .a, .a, .a].enumerated() { r.evaluations[i].givenGrade = g }
        let found = GradeVerification.check(r.evaluations, policy: given)
        #expect(found.map(\.code) == ["E202"])
        #expect(found.first?.location.line == 2)
        for (i, g) in [Grade.a, .b, .b, .c].enumerated() { r.evaluations[i].givenGrade = g }
        #expect(GradeVerification.check(r.evaluations, policy: given).isEmpty)
        r.evaluations[3].givenGrade = nil
        #expect(GradeVerification.check(r.evaluations, policy: given).map(\.code) == ["E201"])
    }
}
