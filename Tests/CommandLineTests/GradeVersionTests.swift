import Foundation
import Testing

/// Issue 18: a final list is published once in full; later versions only as the rows they replaced.
@Suite("Art. 13–14: every version of a final list can be shown again")
struct GradeVersionTests {
    static func day(_ iso: String, plus days: Int = 0) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd"
        return f.string(from: f.date(from: iso)!.addingTimeInterval(Double(days) * 86_400))
    }

    @Test("gongshi version on each version's dates gives what a build of that day published as current, and version 1 plus the versions file give the same rows")
    func everyVersionShownAgain() throws {
        let site = try FailureTests.demoSite()
        let late = site + "/late"
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-11-30", "--output", late, "--quiet"]).status == 0)
        let openData = late + "/open-data"
        // Each version on its first day, and version n again on the day before version n + 1.
        var cases: [(year: Int, number: Int, date: String)] = []
        for year in 2023...2025 {
            let file = openData + "/grades-\(year).versions.csv"
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { continue }
            var starts: [Int: String] = [:]
            for line in text.components(separatedBy: "\r\n").dropFirst() where !line.isEmpty {
                let fields = line.split(separator: ",", maxSplits: 2)
                starts[Int(fields[0])!] = String(fields[1])
            }
            for (number, start) in starts.sorted(by: { $0.key < $1.key }) {
                cases.append((year, number, start))
                cases.append((year, number - 1, Self.day(start, plus: -1)))
            }
        }
        #expect(cases.count >= 6, "the demo should have later versions to show again: \(cases)")
        var built: [String: String] = [:]
        for c in cases {
            let folder = site + "/version-\(c.year)-\(c.date)"
            let r = try Gongshi.run(["version", "--site", site, "--year", "\(c.year)", "--as-of", c.date, "--output", folder, "--quiet"])
            #expect(r.status == 0, "\(r.stderr)")
            let name = "grades-\(c.year).v\(c.number)"
            #expect(r.stdout.contains("version \(c.number)"), "\(c): \(r.stdout)")
            let output = built[c.date] ?? {
                let output = site + "/public-\(c.date)"
                #expect((try? Gongshi.run(["build", "--site", site, "--as-of", c.date, "--output", output, "--quiet"]).status) == 0)
                built[c.date] = output
                return output
            }()
            for ext in ["csv", "json"] {
                let shown = FileManager.default.contents(atPath: "\(folder)/\(name).\(ext)")
                #expect(shown != nil && shown == FileManager.default.contents(atPath: "\(output)/open-data/grades-\(c.year).current.\(ext)"), "\(c) \(ext)")
            }
            #expect(FileManager.default.fileExists(atPath: "\(folder)/\(name).xlsx"))
            let rule = try Gongshi.run(["/usr/bin/python3", Gongshi.repository + "/Tests/Tools/apply_versions.py", openData, "\(c.year)", "\(c.number)",
                                        "\(folder)/\(name).csv"], viaShell: true)
            #expect(rule.status == 0, "\(c): \(rule.stdout) \(rule.stderr)")
        }
    }

    @Test("A year not yet under notice on the date is refused (E906), naming the years that are, and nothing is written")
    func notYetPublished() throws {
        let site = try FailureTests.demoSite()
        let folder = site + "/version"
        let r = try Gongshi.run(["version", "--site", site, "--year", "2025", "--as-of", "2025-06-01", "--output", folder])
        #expect(r.status != 0)
        #expect(r.stderr.contains("E906") && r.stderr.contains("2023, 2024"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder))
    }
}
