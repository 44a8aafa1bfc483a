import Foundation
import Testing
@testable import Evaluation
@testable import Registry

/// A static publication is true until the next day on which the rules change what it shows.
@Suite("The days on which the publication changes by itself")
struct CalendarTests {
    let evaluator = Evaluator(grading: GradingPolicy(rule: .shares(a: 20, b: 30, c: 30, d: 20), ties: .better), disclosure: .default)

    /// Everything a publication shows but the as-of date itself, and what pages work out from the date
    /// (a certificate shown as expired).
    func fingerprint(_ publication: Publication) -> String {
        var p = publication
        let day = p.asOf
        p.asOf = CivilDate(iso: "2000-01-01")!
        p.agencyIndex = [:]  // a dictionary: its order differs from one instance to the next
        var text = ""
        dump(p, to: &text)
        text += p.agencies.flatMap { $0.qualifications.filter { $0.qualification.validUntil < day }.map(\.qualification.certificateNumber) }.joined(separator: ",")
        return text
    }

    /// The fixture site over four and a half years; the demo (bad records, circulars, E events, draws,
    /// inspections, report numbers, expiring certificates) around its 2025 notice and publication (a day of
    /// the demo takes a reflection dump of 150 agencies and 3,861 report numbers: months, not years).
    @Test("Every day on which a publication differs from the day before is a calendar change; none is missed",
          arguments: [("Tests/Fixtures/small-site/data", "2024-12-01", "2029-06-30"), ("content/data", "2026-02-20", "2026-05-31")])
    func noDayMissed(folder: String, from: String, to: String) {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let registry = CSVImporter(rules: .ningbo).importDirectory(repository + "/" + folder).data.published
        let start = CivilDate(iso: from)!, end = CivilDate(iso: to)!
        let listed = Set(evaluator.calendarChanges(registry, after: start, through: end).map(\.date))
        var previous = fingerprint(evaluator.evaluate(registry, asOf: start))
        var changed: [CivilDate] = []
        var day = start.adding(days: 1)
        while day <= end {
            let current = fingerprint(evaluator.evaluate(registry, asOf: day))
            if current != previous {
                changed.append(day)
                if !listed.contains(day) && changed.count < 3 {
                    let a = previous.split(separator: "\n"), b = current.split(separator: "\n")
                    let i = (0..<min(a.count, b.count)).first { a[$0] != b[$0] } ?? min(a.count, b.count)
                    Issue.record("first difference on \(day), line \(i): \(a.dropFirst(max(0, i - 3)).prefix(5)) → \(b.dropFirst(max(0, i - 3)).prefix(5))")
                }
            }
            previous = current
            day = day.adding(days: 1)
        }
        #expect(changed.count >= 10, "\(changed)")
        #expect(changed.filter { !listed.contains($0) }.isEmpty, "changed on days not listed: \(changed.filter { !listed.contains($0) })")
    }

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
