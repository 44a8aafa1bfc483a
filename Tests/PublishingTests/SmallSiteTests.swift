@testable import Import
import Foundation
import Testing
@testable import Evaluation
@testable import Model

/// The fixture site Tests/Fixtures/small-site, graded by hand (shares 20/30/30/20, ties better).
@Suite("The hand-checked fixture site")
struct SmallSiteTests {
    static let data = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/small-site/data").path
    let registry = CSVImporter(rules: .ningbo).importDirectory(SmallSiteTests.data).data.published
    let evaluator = Evaluator(grading: GradingPolicy(rule: .shares(a: 20, b: 30, c: 30, d: 20), ties: .better), disclosure: .default)

    func grades(_ p: Publication, _ year: Int) -> [String] {
        p.years.first { $0.year == year }!.ratings.map { "\(p.agency($0.agency)!.agency.name.dropFirst(2).prefix(1))\($0.currentGrade.letter)" }
    }

    @Test("2025: seven rated of nine (one not rated, one out of scope); 1 A, 3 B, 2 C, 1 D; the C of 己 corrected to B")
    func year2025() {
        let p = evaluator.evaluate(registry, asOf: CivilDate(iso: "2026-05-01")!)
        #expect(grades(p, 2025) == ["甲A", "乙B", "丙B", "丁B", "戊C", "己B", "庚D"])
        let year = p.years.first { $0.year == 2025 }!
        #expect(year.notRated.count == 1 && year.outOfScopeCount == 1)
        #expect(year.objections.withinPeriod.received == 2 && year.correctionCount == 1)
        #expect(GradeVerification.check(registry.evaluations, policy: evaluator.grading).isEmpty)
    }

    @Test("2024: five rated; 乙 ranks first")
    func year2024() {
        let p = evaluator.evaluate(registry, asOf: CivilDate(iso: "2026-05-01")!)
        #expect(grades(p, 2024) == ["乙A", "甲B", "戊B", "丙C", "丁D"])
    }

    @Test("Art. 12: 乙 is E from 2026-06-01, revoking its 2025 B; its 2024 A stands")
    func eventOnSite() {
        let p = evaluator.evaluate(registry, asOf: CivilDate(iso: "2026-07-01")!)
        #expect(grades(p, 2025)[1] == "乙E")
        #expect(grades(p, 2024)[0] == "乙A")
        #expect(p.seriousDishonestyList.count == 1)
    }

    @Test("Art. 15: the repaired record of 庚 is not public; the record of 戊 is")
    func records() {
        let p = evaluator.evaluate(registry, asOf: CivilDate(iso: "2026-07-01")!)
        #expect(p.badRecords.map(\.documentNumber) == ["甬环罚〔2025〕3号"])
        #expect(p.agencies.flatMap(\.publicCirculars).count == 1)
    }
}
