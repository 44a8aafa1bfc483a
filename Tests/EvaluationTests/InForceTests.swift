import Testing
@testable import Evaluation
@testable import Model

/// Art. 11, 13–14: which results are in force on which day, and what a notice can say about objections.
@Suite("The results in force, and the objections a notice counts")
struct InForceTests {
    let evaluator = Evaluator(grading: GradingPolicy(rule: .shares(a: 20, b: 30, c: 30, d: 20), ties: .better), disclosure: .default)

    /// 2024 final on 2025-04-07, 2025 under notice 2026-03-02…03-13 and final on 2026-04-07. Agency 1 rated
    /// both years; 2 rated in 2024 and out of scope in 2025; 3 rated in 2024 and not rated in 2025; 4 rated in
    /// 2024 and not evaluated in 2025 at all.
    func twoYears() -> PublicRegistry {
        var r = Build.registry(year: 2024, totals: ["90", "85", "80", "75", "70"])
        r.evaluations += [Build.evaluation(2025, 1, total: "90"), Build.evaluation(2025, 5, total: "80"),
                          Build.evaluation(2025, 2, total: nil, inScope: false),
                          Build.evaluation(2025, 3, total: nil, notRated: "信息严重失实且拒绝整改")]
        r.stages.append(Build.stage(2025, notice: "2026-03-02", end: "2026-03-13", final: "2026-04-07"))
        return r
    }

    @Test("Art. 11, 14: a year's results are in force from their publication day to the day before the next year's")
    func calendar() {
        let calendar = ResultsInForce(twoYears().stages)
        #expect(calendar.year(on: Build.date("2025-04-06")) == nil)
        #expect(calendar.year(on: Build.date("2025-04-07")) == 2024)
        #expect(calendar.year(on: Build.date("2026-03-05")) == 2024)  // 2025 is under notice: not in force yet
        #expect(calendar.year(on: Build.date("2026-04-06")) == 2024)
        #expect(calendar.year(on: Build.date("2026-04-07")) == 2025)
        #expect(calendar.supersededOn(2024) == Build.date("2026-04-07") && calendar.supersededOn(2025) == nil)
        // Known on a day: the end is open until the next year's publication has happened.
        #expect(calendar.validity(of: 2024, asOf: Build.date("2026-04-06"))?.through == nil)
        #expect(calendar.validity(of: 2024, asOf: Build.date("2026-04-07"))?.through == Build.date("2026-04-06"))
    }

    @Test("Art. 11, 14: a grade lapses when the next year's results are published, whether the agency is out of scope, not rated or not evaluated in it")
    func gradeLapses() {
        let r = twoYears()
        let before = evaluator.evaluate(r, asOf: Build.date("2026-04-06"))
        #expect((1...5).map { before.agency(Build.code($0))?.currentGrade } == [.a, .b, .b, .c, .d])
        let on = evaluator.evaluate(r, asOf: Build.date("2026-04-07"))
        // 2025 rates 1 and 5 (two rated, shares 20/30/30/20 → B, C); 2, 3 and 4 have no grade in force.
        #expect((1...5).map { on.agency(Build.code($0))?.currentGrade } == [.b, nil, nil, nil, .c])
        guard case .none(let year, let lapsed)? = on.agency(Build.code(2))?.standing else { Issue.record("2 has a grade"); return }
        #expect(year == 2025 && lapsed?.year == 2024 && lapsed?.grade == .b && lapsed?.on == Build.date("2026-04-07"))
        #expect(on.calendar.year(on: on.asOf) == 2025)
    }

    @Test("Art. 12: an E event in force makes the grade in force E even where the year in force did not rate the agency")
    func eventOverLapse() {
        var r = twoYears()
        r.seriousDishonesty = [Build.event(2, on: "2026-05-01")]
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-04-30")).agency(Build.code(2))?.currentGrade == nil)
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-05-01")).agency(Build.code(2))?.currentGrade == .e)
    }

    @Test("Art. 17: a draw is tiered by the grades in force on its day; a year superseded by then is refused (E199)")
    func drawTiers() {
        var r = twoYears()
        r.seriousDishonesty = [Build.event(3, on: "2026-04-20")]  // 3 is on 2025's not-rated list
        r.inspectionDraws = [InspectionDraw(origin: Build.origin, year: 2025, seed: "s", announcedOn: Build.date("2026-04-25"), drawnOn: Build.date("2026-05-01")),
                             InspectionDraw(origin: Build.origin, year: 2024, seed: "s", announcedOn: Build.date("2026-04-25"), drawnOn: Build.date("2026-05-01"))]
        #expect(evaluator.check(r).map(\.text.key) == ["E199.drawAfterLapse"])
        let draws = evaluator.evaluate(r, asOf: Build.date("2026-05-02")).draws
        #expect(draws.map(\.draw.year) == [2025])
        let tiers = Dictionary(uniqueKeysWithValues: draws[0].tiers.map { ($0.kind, $0.members.map(\.agency)) })
        #expect(tiers[.b] == [Build.code(1)] && tiers[.c] == [Build.code(5)])
        #expect(tiers[.e] == [Build.code(3)] && tiers[.notRated] == [])
    }

    /// 2025's notice runs 2026-03-02…03-13 and is published on 2026-04-07.
    func objections() -> PublicRegistry {
        var r = Build.registry(totals: ["90", "85", "80", "75", "70"])
        r.objections = [
            Build.objection(1, 1, filed: "2026-03-02", decision: .rejected, decided: "2026-03-03"),   // first day, refused
            Build.objection(2, 2, filed: "2026-03-13", decision: .kept, decided: "2026-03-20"),       // last day, kept
            Build.objection(3, 3, filed: "2026-03-10", decision: .corrected, grade: .a, decided: "2026-04-10"),  // decided after publication
            Build.objection(4, 4, filed: "2026-03-14", decision: .rejected, decided: "2026-03-14"),   // the day after: outside
            Objection(origin: Build.origin, id: 5, year: 2025, agency: Build.code(5), filedOn: Build.date("2026-03-16"), decision: .corrected,
                      correctedGrade: .c, decidedOn: Build.date("2026-03-30"), acceptedLate: true),   // late, accepted, corrected
        ]
        return r
    }

    @Test("Art. 13: objections are counted within the notice period (its first and last day included) and outside it, apart")
    func objectionEdges() {
        let p = evaluator.evaluate(objections(), asOf: Build.date("2026-04-07"))
        let tally = p.years[0].objections
        #expect(tally.withinPeriod == ObjectionTally.Counts(received: 3, refused: 1, kept: 1, corrected: 0, underReview: 1))
        #expect(tally.outsidePeriod == ObjectionTally.Counts(received: 2, refused: 1, kept: 0, corrected: 1, underReview: 0))
    }

    @Test("Art. 13–14: the final notice counts objections as they stood on its publication day; a later decision does not change it")
    func publishedCountsAreFrozen() {
        let later = evaluator.evaluate(objections(), asOf: Build.date("2026-04-10")).years[0]
        #expect(later.objections.withinPeriod.corrected == 1 && later.objections.withinPeriod.underReview == 0)
        #expect(later.objectionsWhenPublished == evaluator.evaluate(objections(), asOf: Build.date("2026-04-07")).years[0].objections)
        #expect(later.objectionsWhenPublished?.withinPeriod.underReview == 1)
        #expect(evaluator.evaluate(objections(), asOf: Build.date("2026-04-06")).years[0].objectionsWhenPublished == nil)
    }
}
