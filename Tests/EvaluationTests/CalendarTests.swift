import Foundation
import Testing
@testable import Evaluation
@testable import Model

/// A static publication is true until the next day on which the rules change what it shows.
@Suite("The days on which the publication changes by itself")
struct CalendarTests {
    let evaluator = Evaluator(grading: GradingPolicy(rule: .shares(a: 20, b: 30, c: 30, d: 20), ties: .better), disclosure: .default)

    @Test("Art. 13–14: the next change in each stage of a year's life, with its reason")
    func nextInEachStage() {
        var r = Build.registry(totals: ["90", "80"])  // 2025: notice 2026-03-02…03-13, final 2026-04-07
        r.qualifications = []
        func next(_ day: String) -> CalendarChange? { evaluator.nextChange(r, after: Build.date(day)) }
        #expect(next("2026-02-01")?.date == Build.date("2026-03-02") && next("2026-02-01")?.reasons == [.noticeStarts(year: 2025)])
        #expect(next("2026-03-02")?.date == Build.date("2026-03-14") && next("2026-03-02")?.reasons == [.noticeEnds(year: 2025)])
        #expect(next("2026-03-13")?.date == Build.date("2026-03-14"))
        #expect(next("2026-03-14")?.date == Build.date("2026-04-07") && next("2026-03-14")?.reasons == [.resultsPublished(year: 2025)])
        #expect(next("2026-04-07") == nil)
        #expect(next("2026-03-14")?.description == "2026-04-07 2025年度评价结果公布并生效，上一年度结果失效")
    }
}
