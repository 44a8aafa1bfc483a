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

    @Test("Art. 9: each year's sub-scores are shown out of that year's own maxima, on a page with one indicator system too")
    func yearMaxima() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let files = try Self.build(site, asOf: "2026-06-15")
        // 甲: 2024 18/35/17/18, 2025 19/38/19/19, under the default system (20, 40, 20, 20).
        let page = files["agencies/91330212MA2H0A1B0F/index.html"] ?? "", twin = files["agencies/91330212MA2H0A1B0F/index.md"] ?? ""
        for shown in ["18/20", "35/40", "19/20", "38/40"] {
            #expect(page.contains(">\(shown)<") && twin.contains(shown), "\(shown)")
        }
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

/// A site's content changes with the calendar: the build says when, the schedule lists the year's days, and
/// the package's daily timer rebuilds it.
@Suite("The next day the output changes by itself", .serialized)
struct NextChangeTests {
    static func buildJSON(_ site: String, asOf: String) throws -> [String: Any] {
        let r = try Gongshi.run(["build", "--site", site, "--as-of", asOf, "--output", site + "/public", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        return try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] ?? [:]
    }

    @Test("build --json gives the next change in each stage of a year's life; a build with nothing to do says it again")
    func inEachStage() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        // 2025: notice 2026-03-02…03-13 (objections filed 03-10 and 03-11, decided 03-27), final 2026-04-07.
        let expected: [(asOf: String, date: String, reason: String, last: String)] = [
            ("2026-02-20", "2026-03-02", "2025年度评价结果开始公示", "2026-03-01"),
            ("2026-03-05", "2026-03-10", "收到对2025年度结果的异议", "2026-03-09"),
            ("2026-03-12", "2026-03-14", "2025年度评价结果公示期结束", "2026-03-13"),
            ("2026-03-20", "2026-03-27", "对2025年度结果的异议复核决定生效", "2026-03-26"),
            ("2026-03-30", "2026-04-07", "2025年度评价结果公布并生效，上一年度结果失效", "2026-04-06"),
        ]
        for (asOf, date, reason, last) in expected {
            let json = try Self.buildJSON(site, asOf: asOf)
            let next = json["nextChange"] as? [String: Any]
            #expect(next?["date"] as? String == date && (next?["reasons"] as? [String])?.contains(reason) == true, "\(asOf): \(String(describing: next))")
            // Every page says until when it is true: the day before, in its <meta>, its footer and its twin.
            let home = try String(contentsOfFile: site + "/public/index.html", encoding: .utf8)
            #expect(home.contains("<meta name=\"gongshi:valid-until\" content=\"\(last)\">") && home.contains("本页内容有效至 <time datetime=\"\(last)\">"))
            let agency = try String(contentsOfFile: site + "/public/agencies/91330212MA2H0A1B0F/index.md", encoding: .utf8)
            #expect(agency.contains("本页内容有效至 \(last)"))
        }
        // Nothing to do: the same answer, from the stamp.
        let again = try Self.buildJSON(site, asOf: "2026-03-30")
        #expect(again["outcome"] as? String == "unchanged" && (again["nextChange"] as? [String: Any])?["date"] as? String == "2026-04-07")
        let text = try Gongshi.run(["build", "--site", site, "--as-of", "2026-03-30", "--output", site + "/public"])
        #expect(text.stdout.contains("the output changes by itself on 2026-04-07"), "\(text.stdout)")
    }

    @Test("check --report schedule lists every day of the coming year on which the site changes, with why")
    func schedule() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        let r = try Gongshi.run(["check", "--site", site, "--report", "schedule", "--as-of", "2026-02-20"])
        #expect(r.status == 0, "\(r.stderr)")
        for line in ["2026-03-02", "2026-03-14", "2026-04-07", "2025年度评价结果公示期结束", "2025年度评价结果公布并生效"] {
            #expect(r.stdout.contains(line), "\(line): \(r.stdout)")
        }
        // Nothing after the year: 2027-02-20 and later are not listed.
        #expect(!r.stdout.contains("2027-03"))
    }

    @Test("The daily rebuild and the workbench: the package's units pass systemd-analyze verify, and the rebuild's command builds the site")
    func timer() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-units-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        // As `make install` writes them, for one site: the instance is the site's path, escaped.
        let escaped = try Gongshi.run(["/usr/bin/systemd-escape", "--path", site], viaShell: true).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        var units: [String] = []
        for unit in ["rebuild@.service", "rebuild@.timer", "workbench@.service"] {
            let text = try String(contentsOfFile: Gongshi.repository + "/packaging/systemd/gongshi-\(unit)", encoding: .utf8)
            let path = folder + "/gongshi-" + unit.replacingOccurrences(of: "@.", with: "@\(escaped).")
            try text.replacingOccurrences(of: "@BIN@", with: Gongshi.binary).write(toFile: path, atomically: true, encoding: .utf8)
            units.append(path)
        }
        let verify = try Gongshi.run(["/usr/bin/systemd-analyze", "verify", "--man=no"] + units, viaShell: true)
        #expect(verify.status == 0 && verify.stderr.isEmpty, "\(verify.stderr)")
        let calendar = try Gongshi.run(["/usr/bin/systemd-analyze", "calendar", "*-*-* 00:05:00 Asia/Shanghai"], viaShell: true)
        #expect(calendar.status == 0 && calendar.stdout.contains("16:05:00 UTC"), "\(calendar.stdout)")
        // The service's command line, as systemd runs it (%f the site, no extra arguments).
        let service = try String(contentsOfFile: units[0], encoding: .utf8)
        let exec = try #require(service.split(separator: "\n").first { $0.hasPrefix("ExecStart=") })
        let arguments = exec.dropFirst("ExecStart=".count).split(separator: " ").dropFirst().map(String.init)
            .map { $0 == "%f" ? site : $0 }.filter { $0 != "$GONGSHI_BUILD_ARGS" }
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let run = try Gongshi.run(arguments)
        #expect(run.status == 0 && run.stdout.contains("changes by itself") || run.stdout.contains("no date in the data"), "\(run.stdout)\(run.stderr)")
    }
}

/// Art. 13–14: a year's final files never change after publication. The fixture's 2024 list is published on
/// 2025-04-07; each test publishes it, then changes the data behind it.
@Suite("A published final list is frozen: a late change is a correction, never a rewrite", .serialized)
struct FrozenListTests {
    static func published() throws -> (site: String, before: [String: Data]) {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-06-15", "--output", site + "/public", "--quiet"]).status == 0)
        return (site, try Gongshi.tree(site + "/public"))
    }

    static func replace(_ site: String, _ file: String, _ old: String, _ new: String) throws {
        let path = site + "/data/" + file
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let range = try #require(bytes.range(of: Data(old.utf8)), "\(old) in \(file)")
        var changed = bytes
        changed.replaceSubrange(range, with: Data(new.utf8))
        try changed.write(to: URL(fileURLWithPath: path))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
    }

    @Test("A score, a row or a grade changed in the data after publication is refused (E304), naming the agency and the column; the output is untouched",
          arguments: [("score", "2024,91330212MA2H0A1B0F,", "18,35,17,18,88,,", "18,34,17,18,87,,", "total_score 88 → 87"),
                      ("row", "2024,91330206MA2H0A3D2D,", "14,28,14,14,70,,", "", "")])
    func dataChanged(kind: String, prefix: String, old: String, new: String, said: String) throws {
        let (site, before) = try Self.published()
        defer { try? FileManager.default.removeItem(atPath: site) }
        if kind == "row" {
            // The whole line goes (GB18030 text, ASCII where it is cut).
            let path = site + "/data/evaluations.csv"
            let lines = try Data(contentsOf: URL(fileURLWithPath: path)).split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
            try Data(lines.filter { !$0.starts(with: Array(prefix.utf8)) }.joined(separator: [UInt8(ascii: "\n")])).write(to: URL(fileURLWithPath: path))
            #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        } else {
            try Self.replace(site, "evaluations.csv", prefix, prefix)  // the row is there
            let path = site + "/data/evaluations.csv"
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let start = try #require(bytes.range(of: Data(prefix.utf8)))
            let range = try #require(bytes.range(of: Data(old.utf8), in: start.upperBound..<bytes.count))
            bytes.replaceSubrange(range, with: Data(new.utf8))
            try bytes.write(to: URL(fileURLWithPath: path))
            #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        }
        let r = try Gongshi.run(["build", "--site", site, "--as-of", "2026-06-20", "--output", site + "/public"])
        let code = String(prefix.dropFirst(5).dropLast())
        #expect(r.status == 1 && r.stderr.contains("E304") && r.stderr.contains("2024") && r.stderr.contains(code), "\(r.stderr)")
        if !said.isEmpty { #expect(r.stderr.contains(said), "\(r.stderr)") }
        #expect(try Gongshi.tree(site + "/public") == before)
    }

    @Test("A correction decided after publication is a new version: the published list, its notice and its annexes keep their bytes")
    func correctionAfterPublication() throws {
        // 甲 (B in 2024) objected within the 2024 notice (2025-03-03…03-14); still under review when the list is published.
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        let path = site + "/data/objections.csv"
        let objections = try String(contentsOfFile: path, encoding: .utf8)
        try (objections + "2024,91330212MA2H0A1B0F,异议人标记OB9,,2025-03-10,待复核,,\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        #expect(try Gongshi.run(["build", "--site", site, "--as-of", "2026-06-15", "--output", site + "/public", "--quiet"]).status == 0)
        let before = try Gongshi.tree(site + "/public")
        // Corrected to A on 2025-05-10, after the 公布.
        try (objections + "2024,91330212MA2H0A1B0F,异议人标记OB9,,2025-03-10,更正,A,2025-05-10\n").write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let r = try Gongshi.run(["build", "--site", site, "--as-of", "2026-06-20", "--output", site + "/public", "--quiet"])
        #expect(r.status == 0, "\(r.stderr)")
        let after = try Gongshi.tree(site + "/public")
        for file in ["open-data/grades-2024.csv", "packages/2024-final/notice.html", "packages/2024-final/notice.docx", "packages/2024-final/annex-1-results.xlsx"] {
            #expect(after[file] != nil && after[file] == before[file], "\(file) changed")
        }
        let versions = String(decoding: after["open-data/grades-2024.versions.csv"] ?? Data(), as: UTF8.self)
        #expect(versions.contains("91330212MA2H0A1B0F"), "\(versions)")
    }

    @Test("An objection filed before publication but recorded after it contradicts the 公布 notice's counts: refused (E304), the notice untouched")
    func objectionRecordedLate() throws {
        let (site, before) = try Self.published()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let path = site + "/data/objections.csv"
        try (try String(contentsOfFile: path, encoding: .utf8) + "2024,91330212MA2H0A1B0F,异议人标记OB9,,2025-03-10,维持,,2025-03-20\n")
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let r = try Gongshi.run(["build", "--site", site, "--as-of", "2026-06-20", "--output", site + "/public"])
        #expect(r.status == 1 && r.stderr.contains("E304") && r.stderr.contains("packages/2024-final/notice.html")
                && r.stderr.contains("未收到异议") && r.stderr.contains("共收到异议 1 件"), "\(r.stderr)")
        #expect(try Gongshi.tree(site + "/public") == before)
    }
}
