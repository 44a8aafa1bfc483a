import Testing
@testable import Evaluation
@testable import Model

@Suite("Art. 12–15: the change log and the versions of a final list")
struct ChangeLogTests {
    let evaluator = Evaluator(grading: GradingPolicy(rule: .shares(a: 25, b: 25, c: 25, d: 25), ties: .better),
                              disclosure: DisclosurePolicy(defaultMonths: 36, monthsByKind: ["经营异常名录": 12]))

    func kinds(_ p: Publication) -> [String] { p.changes.map { "\($0.date.iso) \($0.kind.rawValue)" } }

    @Test("Art. 12: an E event lists only the grades already published when it was verified; a lifting is its own entry")
    func eventEntries() {
        var r = Build.registry(totals: ["90", "85", "80", "75"])
        r.seriousDishonesty = [Build.event(2, on: "2025-11-01", lifted: "2026-09-01"), Build.event(3, on: "2026-05-01")]
        let p = evaluator.evaluate(r, asOf: Build.date("2026-10-01"))
        #expect(kinds(p) == ["2026-09-01 lifted", "2026-05-01 seriousDishonesty", "2026-04-07 final", "2026-03-02 notice", "2025-11-01 seriousDishonesty"])
        // Before the 2025 notice nothing of 2025 was published: the event revoked no published grade.
        #expect(p.changes.last?.revoked.isEmpty == true)
        #expect(p.changes[1].revoked == [ChangeEntry.RevokedGrade(year: 2025, grade: .c)])
        #expect(Set(p.changes.map(\.id)).count == p.changes.count)
    }

    @Test("A final list is frozen: each later change that alters it is a new version, a lifting too")
    func versions() {
        var r = Build.registry(totals: ["90", "85", "80", "75"])
        r.seriousDishonesty = [Build.event(3, on: "2026-05-01", lifted: "2026-09-01")]
        let year = evaluator.evaluate(r, asOf: Build.date("2026-10-01")).years[0]
        #expect(year.versions.map(\.number) == [1, 2, 3])
        #expect(year.versions.map(\.date.iso) == ["2026-04-07", "2026-05-01", "2026-09-01"])
        #expect(year.versions.map { $0.ratings[2].currentGrade } == [.c, .e, .c])
        #expect(year.versions[1].reasons.map(\.kind) == [.seriousDishonesty])
        // Before the year is final there are no versions, whatever happened.
        #expect(evaluator.evaluate(r, asOf: Build.date("2026-03-20")).years[0].versions.isEmpty)
    }

    @Test("Versions re-rate only the agencies something happened to, yet match the whole list re-rated on every day")
    func versionsMatchEveryDay() {
        var r = Build.registry(totals: (0..<40).map { String(60 + ($0 * 7) % 40) })
        var state: UInt64 = 42
        func next(_ n: Int) -> Int { state = state &* 6364136223846793005 &+ 1442695040888963407; return Int((state >> 33) % UInt64(n)) }
        func day(_ offset: Int) -> String { Build.date("2026-04-01").adding(days: offset).iso }
        for i in 0..<12 {
            r.seriousDishonesty.append(Build.event(1 + next(40), on: day(next(200)), lifted: i % 3 == 0 ? day(200 + next(60)) : nil))
        }
        r.seriousDishonesty = r.seriousDishonesty.enumerated().map { i, e in var e = e; e.documentNumber += "-\(i)"; return e }
        for i in 0..<8 {
            r.objections.append(Build.objection(i + 1, 1 + next(40), filed: "2026-03-0\(3 + i % 6)", decision: .corrected,
                                                grade: [Grade.a, .b, .c, .d][next(4)], decided: day(next(120))))
        }
        let asOf = Build.date(day(280))
        let index = RegistryIndex(r, grading: evaluator.grading)
        let stage = r.stages[0]
        let versions = evaluator.evaluate(r, asOf: asOf).years[0].versions
        // The brute force: the whole list on every day since publication, kept each time it looks different.
        var expected: [(date: String, signatures: [String])] = []
        var date = stage.finalOn
        while date <= asOf {
            let signatures = evaluator.yearResults(stage, index: index, asOf: date).ratings.map(Evaluator.signature)
            if expected.last?.signatures != signatures { expected.append((date.iso, signatures)) }
            date = date.adding(days: 1)
        }
        #expect(versions.count > 5)
        #expect(versions.map(\.date.iso) == expected.map(\.date))
        let same = versions.map { $0.ratings.map(Evaluator.signature) } == expected.map(\.signatures)
        #expect(same, "a version's list differs from the whole list re-rated on its date")
    }

    @Test("Art. 14–15: a record leaves on repair or at the end of its kind's window, whichever is first")
    func recordEnds() {
        var r = Build.registry(totals: ["90"])
        func record(_ kind: String, _ decided: String, repaired: String? = nil) -> BadRecord {
            BadRecord(origin: Build.origin, agency: Build.code(1), kind: kind, documentNumber: "\(kind)\(decided)", authority: "y",
                      decidedOn: Build.date(decided), content: "z", disclosureUntil: nil, repairedOn: repaired.map(Build.date))
        }
        r.badRecords = [record("经营异常名录", "2025-02-10"), record("行政处罚", "2025-02-10", repaired: "2025-08-01"),
                        record("行政处罚", "2024-01-05")]
        let p = evaluator.evaluate(r, asOf: Build.date("2026-03-01"))
        // Art. 14–15: once no longer public, a record is named nowhere: the day it left is a count, and its publication goes.
        let ends = p.changes.filter { $0.kind == .repair || $0.kind == .expiry }.map { "\($0.date.iso) \($0.kind.rawValue) \($0.recordCount) \($0.agency == nil) \($0.reference)" }
        #expect(ends == ["2026-02-10 expiry 1 true ", "2025-08-01 repair 1 true "])
        #expect(p.changes.filter { $0.kind == .badRecord }.map(\.reference) == ["行政处罚2024-01-05"])
        #expect(p.badRecords.map(\.documentNumber) == ["行政处罚2024-01-05"])
    }

    @Test("Art. 13: a correction records the grade it replaced; a second correction replaces the first")
    func correctionChain() {
        var r = Build.registry(totals: ["90", "85", "80", "75"])
        r.objections = [
            Build.objection(1, 4, filed: "2026-03-05", decision: .corrected, grade: .c, decided: "2026-03-20"),
            Build.objection(2, 4, filed: "2026-03-06", decision: .corrected, grade: .b, decided: "2026-03-25"),
        ]
        let corrections = evaluator.evaluate(r, asOf: Build.date("2026-04-01")).changes.filter { $0.kind == .correction }
        #expect(corrections.map { "\($0.fromGrade!.letter)→\($0.toGrade!.letter)" } == ["C→B", "D→C"])
    }
}
