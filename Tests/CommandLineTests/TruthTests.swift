import Foundation
import Testing

/// What the site says is true on the day it is built: the grade in force, the objection channel. The real
/// binary on copies of Tests/Fixtures/small-site (2024 final 2025-04-07; 2025 under notice 2026-03-02…03-13,
/// final 2026-04-07).
@Suite("The publication is true on its day", .serialized)
struct TruthTests {
    /// 戊 (B in 2024) has no 2025 evaluation in this copy: its 2024 grade lapses when 2025's results are published.
    static let 戊 = "91330205MA2H0A5F4J"

    static func siteWithout2025(of code: String) throws -> String {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        // The file is GB18030; its lines start in ASCII, so they are cut as bytes.
        let path = site + "/data/evaluations.csv"
        let lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let kept = lines.filter { !$0.starts(with: Array("2025,\(code)".utf8)) }
        try Data(kept.joined(separator: [UInt8(ascii: "\n")])).write(to: URL(fileURLWithPath: path))
        #expect(kept.count == lines.count - 1)
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        return site
    }

    static func build(_ site: String, asOf: String) throws -> [String: String] {
        let output = site + "/out-" + asOf
        let r = try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", output, "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        return try Gongshi.tree(output).mapValues { String(decoding: $0, as: UTF8.self) }
    }

    /// The grade every output that says "in force" gives 戊: page, twin, directory, open data (CSV, JSON,
    /// the Excel CSV), search index.
    static func gradesShown(_ files: [String: String]) -> [String: String] {
        let page = files["agencies/\(戊)/index.html"] ?? ""
        let twin = files["agencies/\(戊)/index.md"] ?? ""
        // Lines end in CRLF, one Character in Swift.
        let line = { (csv: String?) in csv?.split(whereSeparator: \.isNewline).first { $0.hasPrefix(戊) }.map(String.init) ?? "" }
        let csvGrade = { (csv: String?, column: String) -> String in
            let header = csv?.split(whereSeparator: \.isNewline).first?.split(separator: ",", omittingEmptySubsequences: false) ?? []
            let row = line(csv).split(separator: ",", omittingEmptySubsequences: false)
            guard let i = header.firstIndex(where: { $0 == column }), i < row.count else { return "?" }
            return String(row[i])
        }
        let directoryRow = files["agencies/index.html"]?.components(separatedBy: "<tr").first { $0.contains(戊) } ?? ""
        let json = files["open-data/agencies.json"]?.components(separatedBy: "{").first { $0.contains(戊) } ?? ""
        return [
            "page": page.firstMatch(of: #/grade-large [^>]*>([A-E])</#).map { String($0.output.1) } ?? "",
            "twin": twin.firstMatch(of: #/现行信用风险等级：([A-E]) /#).map { String($0.output.1) } ?? "",
            "directory": directoryRow.firstMatch(of: #/class="grade [^"]*">([A-E])</#).map { String($0.output.1) } ?? "",
            "open data": csvGrade(files["open-data/agencies.csv"], "current_grade"),
            // The Excel copy is headed in Chinese.
            "excel": csvGrade(files["open-data/excel/agencies.csv"], "现行等级"),
            "json": json.firstMatch(of: #/"current_grade": "([A-E])"/#).map { String($0.output.1) } ?? "",
            "search": files["search/index.js"]?.firstMatch(of: try! Regex("\\[\"\(戊)\",\"[^\"]*\",[0-9]+,\"([A-E]?)\"")).map { String($0.output[1].substring ?? "") } ?? "?",
        ]
    }

    @Test("Art. 11, 14: a grade stays in force to the day before the next year's results are published, then lapses in every output")
    func gradeLapses() throws {
        let site = try Self.siteWithout2025(of: Self.戊)
        defer { try? FileManager.default.removeItem(atPath: site) }
        // During 2025's notice and the day before its publication: 2024's B is in force everywhere.
        for day in ["2026-03-05", "2026-04-06"] {
            let shown = Self.gradesShown(try Self.build(site, asOf: day))
            #expect(shown.values.allSatisfy { $0 == "B" }, "\(day): \(shown)")
        }
        // On the publication day of 2025's results it is no longer in force: no output shows a grade.
        let files = try Self.build(site, asOf: "2026-04-07")
        let shown = Self.gradesShown(files)
        #expect(shown.values.allSatisfy { $0.isEmpty }, "\(shown)")
        let page = files["agencies/\(Self.戊)/index.html"]!
        #expect(page.contains("2024年度评定的B级已于2026年4月7日下一年度评价结果公布时失效。2025年度未对本机构评定等级，现无有效的评定等级。"))
        #expect(files["agencies/\(Self.戊)/index.md"]!.contains("- 现行信用风险等级：无。2024年度评定的B级已于2026年4月7日"))
        // Its 2024 row stays in the history: a lapsed grade is not erased, only no longer in force.
        #expect(page.contains(">2024</a>"))
    }

    static func withoutContact(_ site: String) throws {
        let path = site + "/config.toml"
        let config = try String(contentsOfFile: path, encoding: .utf8)
        let stripped = config.replacingOccurrences(of: "[contact]\naddress = \"宁波市测试路1号\"\nphone = \"0574-00000000\"\n", with: "")
        #expect(stripped != config)
        try stripped.write(toFile: path, atomically: true, encoding: .utf8)
    }

    @Test("Art. 13: a notice period with no way to object is an error: check looks ahead from its date, build refuses the notice's days (E405)")
    func noObjectionChannel() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        try Self.withoutContact(site)
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        // Before 2025's notice: check sees the period coming; build has nothing under notice yet.
        let ahead = try Gongshi.run(["check", "--site", site, "--as-of", "2026-02-20"])
        #expect(ahead.status == 1 && ahead.stderr.contains("config.toml") && ahead.stderr.contains("E405")
                && ahead.stderr.contains("2025") && ahead.stderr.contains("[objections]"), "\(ahead.stderr)")
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-02-20", "--output", site + "/out", "--quiet"]).status == 0)
        // The first and the last day of the notice: refused, naming the settings; the output stays as it was.
        for day in ["2026-03-02", "2026-03-13"] {
            let during = try Gongshi.run(["build", "--site", site, "--as-of", day, "--output", site + "/out", "--quiet"])
            #expect(during.status == 1 && during.stderr.contains("E405") && during.stderr.contains("[contact]"), "\(day): \(during.stderr)")
        }
        // The day after the notice: nothing is under notice, the build goes on; check no longer looks back.
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-03-14", "--output", site + "/out", "--quiet"]).status == 0)
        #expect(try Gongshi.run(["check", "--site", site, "--as-of", "2026-03-14"]).status == 0)
        // An e-mail address under [objections] is a channel.
        try (try String(contentsOfFile: site + "/config.toml", encoding: .utf8) + "\n[objections]\nemail = \"xypj@example.gov.cn\"\n")
            .write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
        let fixed = try Gongshi.run(["check", "--site", site, "--as-of", "2026-02-20"])
        #expect(fixed.status == 0, "\(fixed.stderr)")
    }
}
