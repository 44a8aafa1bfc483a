import Foundation
import Import
import Testing
@testable import Evaluation
@testable import Model

/// A static publication is true until the next day on which the rules change what it shows: checked day by
/// day over real sites, imported from their files.
@Suite("The days on which a real site's publication changes by itself")
struct SiteCalendarTests {
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
}
