import Testing
@testable import Evaluation
@testable import Model

@Suite("The publication as of a date (Art. 8, 12–15)")
struct PublicationTests {
    let evaluator = Evaluator(grading: GradingPolicy(rule: .shares(a: 25, b: 25, c: 25, d: 25), ties: .better), disclosure: .default)

    func rating(_ p: Publication, year: Int, _ n: Int) -> Rating? {
        p.years.first { $0.year == year }?.ratings.first { $0.agency == Build.code(n) }
    }

    @Test("Art. 13–14: nothing of a year is published before its notice starts; then notice, review, final")
    func stages() {
        let r = Build.registry(totals: ["90", "80"])
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-03-01")).years.isEmpty)
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-03-02")).years.first?.status == .notice)
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-03-13")).years.first?.status == .notice)
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-03-14")).years.first?.status == .reviewing)
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-04-07")).years.first?.status == .final)
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-03-01")).agencies.allSatisfy { $0.history.isEmpty && $0.currentGrade == nil })
    }

    @Test("Art. 13–14: during a year's notice the grade in force is still the last final one")
    func noticeGradeIsNotYetInForce() {
        var r = Build.registry(year: 2024, totals: ["90", "85"])
        r.evaluations += [Build.evaluation(2025, 1, total: "80"), Build.evaluation(2025, 2, total: "95")]
        r.stages.append(Build.stage(2025, notice: "2026-03-02", end: "2026-03-13", final: "2026-04-07"))
        let notice = evaluator.evaluate(r, asOf: Build.date("2026-03-05"))
        #expect(notice.currentYear?.year == 2025)
        #expect(notice.agency(Build.code(1))?.currentGrade == .a)  // 2024: A; the 2025 C is under notice
        #expect(rating(notice, year: 2025, 1)?.currentGrade == .c)
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-04-07")).agency(Build.code(1))?.currentGrade == .c)
        #expect(evaluator.evaluate(r, asOf: Build.date("2025-03-05")).agency(Build.code(1))?.currentGrade == nil)
    }

    @Test("Art. 12: an E event revokes the year's grade from its date, not before")
    func eventFromItsDate() {
        var r = Build.registry(totals: ["90", "85", "80", "75"])
        r.seriousDishonesty = [Build.event(2, on: "2026-06-01")]
        let before = evaluator.evaluate(r, asOf: Build.date("2026-05-31"))
        #expect(rating(before, year: 2025, 2)?.currentGrade == .b)
        #expect(before.seriousDishonestyList.isEmpty)
        let after = evaluator.evaluate(r, asOf: Build.date("2026-06-01"))
        #expect(rating(after, year: 2025, 2)?.currentGrade == .e)
        #expect(rating(after, year: 2025, 2)?.awardedGrade == .b)
        #expect(after.agency(Build.code(2))?.currentGrade == .e)
        #expect(after.seriousDishonestyList.map(\.agency) == [Build.code(2)])
        // Other agencies keep their grades: nobody moves up when one becomes E.
        #expect(rating(after, year: 2025, 3)?.currentGrade == .c)
        #expect(after.years.first?.gradeCounts.map(\.count) == [1, 0, 1, 1, 1])
    }

    @Test("Art. 12: the grade revoked is the one in force — a year's grade stops being in force when the next year's is final")
    func revokesTheGradeInForce() {
        var r = Build.registry(year: 2024, totals: ["90", "85"])
        r.evaluations += [Build.evaluation(2025, 1, total: "90"), Build.evaluation(2025, 2, total: "85")]
        r.stages.append(Build.stage(2025, notice: "2026-03-02", end: "2026-03-13", final: "2026-04-07"))
        r.seriousDishonesty = [Build.event(2, on: "2025-06-01"), Build.event(1, on: "2026-06-01", trigger: .two)]
        let p = evaluator.evaluate(r, asOf: Build.date("2026-07-01"))
        // 2025-06-01: the 2024 grade was in force (final 2025-04-07, until 2026-04-07); the 2025 year is E too.
        #expect(rating(p, year: 2024, 2)?.currentGrade == .e)
        #expect(rating(p, year: 2025, 2)?.currentGrade == .e)
        // 2026-06-01: the 2025 grade is in force; the 2024 grade, superseded on 2026-04-07, stands.
        #expect(rating(p, year: 2025, 1)?.currentGrade == .e)
        #expect(rating(p, year: 2024, 1)?.currentGrade == .a)
        #expect(rating(p, year: 2025, 1)?.revokedBy?.trigger == .two)
    }

    @Test("Art. 12: a lifted event no longer makes the agency E from the lifting date")
    func lifted() {
        var r = Build.registry(totals: ["90", "85"])
        r.seriousDishonesty = [Build.event(1, on: "2026-05-01", lifted: "2026-09-01")]
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-08-31")).agency(Build.code(1))?.currentGrade == .e)
        let after = evaluator.evaluate(r, asOf: Build.date("2026-09-01"))
        #expect(after.agency(Build.code(1))?.currentGrade == .a)
        #expect(after.seriousDishonestyList.isEmpty)
        #expect(after.agency(Build.code(1))?.seriousDishonesty.count == 1)  // history still shows it
    }

    @Test("Art. 8: out-of-scope agencies are absent from the year's lists; not-rated ones are listed with their reason")
    func scopeAndNotRated() {
        var r = Build.registry(totals: ["90", "85"])
        r.agencies += [Build.agency(3), Build.agency(4)]
        r.evaluations += [Build.evaluation(2025, 3, total: nil, inScope: false), Build.evaluation(2025, 4, total: nil, notRated: "拒绝整改")]
        let year = evaluator.evaluate(r, asOf: Build.date("2026-05-01")).years[0]
        #expect(year.ratings.map(\.agency) == [Build.code(1), Build.code(2)])
        #expect(year.outOfScopeCount == 1)
        #expect(year.notRated.map(\.reason) == ["拒绝整改"])
    }

    @Test("Art. 13: a correction decided on review applies from its decision date; objections are only counted")
    func corrections() {
        var r = Build.registry(totals: ["90", "85", "80", "75"])
        r.objections = [
            Build.objection(1, 3, filed: "2026-03-10", decision: .corrected, grade: .b, decided: "2026-03-27"),
            Build.objection(2, 4, filed: "2026-03-11", decision: .kept, decided: "2026-03-27"),
        ]
        let during = evaluator.evaluate(r, asOf: Build.date("2026-03-20"))
        #expect(rating(during, year: 2025, 3)?.currentGrade == .c)
        #expect(during.years[0].objections.withinPeriod.received == 2 && during.years[0].correctionCount == 0)
        let after = evaluator.evaluate(r, asOf: Build.date("2026-03-27"))
        #expect(rating(after, year: 2025, 3)?.currentGrade == .b)
        #expect(rating(after, year: 2025, 3)?.awardedGrade == .c)
        #expect(after.years[0].correctionCount == 1)
    }

    @Test("Art. 14–15: a bad record is public from its decision to the end of its window, unless repaired first")
    func disclosureWindow() {
        let policy = DisclosurePolicy.default
        func record(_ decided: String, until: String? = nil, repaired: String? = nil) -> BadRecord {
            BadRecord(origin: Build.origin, agency: Build.code(1), kind: "行政处罚", documentNumber: "x", authority: "y",
                      decidedOn: Build.date(decided), content: "z", disclosureUntil: until.map(Build.date), repairedOn: repaired.map(Build.date))
        }
        let plain = record("2023-01-10")
        #expect(!policy.isPublic(plain, asOf: Build.date("2023-01-09")))
        #expect(policy.isPublic(plain, asOf: Build.date("2023-01-10")))
        #expect(policy.isPublic(plain, asOf: Build.date("2026-01-09")))
        #expect(!policy.isPublic(plain, asOf: Build.date("2026-01-10")))
        #expect(!policy.isPublic(record("2023-01-10", until: "2023-04-09"), asOf: Build.date("2023-04-10")))
        let repaired = record("2025-01-10", repaired: "2025-06-01")
        #expect(policy.isPublic(repaired, asOf: Build.date("2025-05-31")))
        #expect(!policy.isPublic(repaired, asOf: Build.date("2025-06-01")))
    }
}
