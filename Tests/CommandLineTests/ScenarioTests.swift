import Foundation
import Testing

/// One year's whole life on the fixture site (2025: notice 2026-03-02 to 03-13, final 04-07), built by the
/// real binary at six dates. Every expectation was worked out by hand from Tests/Fixtures/small-site.
@Suite("Art. 12–15: the 2025 year through notice, objection, final, a June E event and an October repair", .serialized)
struct ScenarioTests {
    static let dates = ["2026-02-20", "2026-03-05", "2026-03-30", "2026-04-07", "2026-06-15", "2026-10-20"]

    /// Date → built files.
    /// The fixture site the six builds are made from, each into `out-DATE`.
    static let buildSite: String = {
        let site = try! Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        precondition(try! Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        return site
    }()

    static let builds: [String: [String: Data]] = {
        let site = buildSite
        var builds: [String: [String: Data]] = [:]
        for date in dates {
            let output = site + "/out-" + date
            let r = try! Gongshi.run(["build", "--site", site, "--as-of", date, "--output", output, "--quiet"])
            precondition(r.status == 0, r.stderr)
            builds[date] = try! Gongshi.tree(output)
        }
        return builds
    }()

    static let site: String = {
        let site = try! Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        precondition(try! Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        return site
    }()

    func text(_ date: String, _ path: String) -> String? {
        Self.builds[date]![path].map { String(decoding: $0, as: UTF8.self) }
    }

    /// CSV rows (header dropped) whose code column is `code`.
    func row(_ date: String, _ file: String, code: String) -> String? {
        text(date, "open-data/" + file)?.components(separatedBy: "\r\n").first { $0.hasPrefix(code + ",") || $0.contains("," + code + ",") }
    }

    /// The change log's entries as `date kind`, newest first.
    func changeKinds(_ date: String) -> [String] {
        let lines = text(date, "changes/index.md")!.components(separatedBy: "\n").filter { $0.hasPrefix("| 20") }
        return lines.map { $0.split(separator: "|").prefix(2).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ") }
    }

    static let 乙 = "91330203MA2H0A2C18", 己 = "91330281MA2H0A6G5E", 戊 = "91330205MA2H0A5F4J"

    @Test("1. Before the notice: nothing of 2025 is published")
    func beforeNotice() {
        let d = Self.dates[0]
        #expect(text(d, "grades/2025/index.html") == nil)
        #expect(text(d, "open-data/grades-2025.csv") == nil)
        #expect(text(d, "notices/2025-notice/index.html") == nil)
        #expect(text(d, "index.html")!.contains("2024年度信用评价结果（已公布）"))
        #expect(changeKinds(d).first == "2025-05-10 新增不良记录")
    }

    @Test("2. During the notice: the list as a notice, with the deadline and how to object; 己 is C")
    func duringNotice() {
        let d = Self.dates[1]
        let list = text(d, "grades/2025/index.html")!
        #expect(list.contains("公示中，结果尚未最终确定。"))
        #expect(list.contains("2026年3月13日 前向宁波市生态环境局提出异议申请"))
        #expect(list.contains("地址：宁波市测试路1号"))
        #expect(row(d, "grades-2025.csv", code: Self.己) == "2025,notice,6,\(Self.己),余姚己测环境监测有限公司,余姚市,15,30,15,15,75,C,,C,,")
        let agency = text(d, "agencies/\(Self.己)/index.html")!
        #expect(agency.contains("对本机构2025年度评价结果有异议？"))
        #expect(agency.contains("mailto:") == false)  // the fixture configures no e-mail address
        // The grade in force is still 2024's: 己 was out of scope then, so it has none yet.
        #expect(agency.contains("2024年度未在本市开展业务，未纳入评价（第八条），现无有效的评定等级。"))
        #expect(changeKinds(d).first == "2026-03-02 公示")
        #expect(text(d, "notices/2025-notice/index.html") != nil)
    }

    @Test("3. After the objection upheld on 03-27: 己 is B, the correction is in the change log; still not final")
    func afterCorrection() {
        let d = Self.dates[2]
        #expect(row(d, "grades-2025.csv", code: Self.己) == "2025,notice,6,\(Self.己),余姚己测环境监测有限公司,余姚市,15,30,15,15,75,C,B,B,,")
        #expect(text(d, "grades/2025/index.html")!.contains("公示期已于 2026-03-13 结束，异议复核中"))
        #expect(changeKinds(d).prefix(2) == ["2026-03-27 异议更正", "2026-03-02 公示"])
        #expect(text(d, "changes/index.md")!.contains("由C级更正为B级"))
        #expect(!text(d, "agencies/\(Self.己)/index.html")!.contains("对本机构2025年度评价结果有异议"))
        #expect(text(d, "index.html")!.contains("公示期内（2026年3月2日至2026年3月13日）共收到异议 2 件，其中经复核维持原评价结果 1 件、更正评价结果 1 件。"))
        // Who objected is never published.
        #expect(!Self.builds[d]!.values.contains { $0.containsBytes(of: "OB7") })
    }

    @Test("4. Final: the announcement with the counts; grades-2025.csv is the final version")
    func final() {
        let d = Self.dates[3]
        #expect(row(d, "grades-2025.csv", code: Self.乙) == "2025,final,2,\(Self.乙),宁波乙测环境检测有限公司,海曙区,18,36,18,18,90,B,,B,,")
        #expect(text(d, "open-data/grades-2025.versions.csv") == nil)
        let announcement = text(d, "notices/2025-final/index.html")!
        #expect(announcement.contains("公示期内（2026年3月2日至2026年3月13日）共收到异议 2 件，其中经复核维持原评价结果 1 件、更正评价结果 1 件。"))
        #expect(announcement.contains("评价结果自公布之日起有效，至下一年度评价结果公布之日的前一日止。"))
        #expect(changeKinds(d).first == "2026-04-07 公布")
        #expect(text(d, "agencies/\(Self.己)/index.html")!.contains("<span class=\"grade grade-large grade-b\">B</span>"))
    }

    @Test("5. After the June E event: 乙 is E; the final file is frozen and version 2 says why")
    func afterEvent() {
        let d = Self.dates[4]
        #expect(Self.builds[d]!["open-data/grades-2025.csv"] == Self.builds[Self.dates[3]]!["open-data/grades-2025.csv"])
        #expect(row(d, "grades-2025.current.csv", code: Self.乙) == "2025,final,2,\(Self.乙),宁波乙测环境检测有限公司,海曙区,18,36,18,18,90,B,,E,2026-06-01,4")
        #expect(row(d, "grades-2025.versions.csv", code: Self.乙)?.hasPrefix("2,2026-06-01,2025,final,2,\(Self.乙),") == true)
        #expect(text(d, "serious-dishonesty/index.html")!.contains(Self.乙))
        #expect(row(d, "agencies.csv", code: Self.乙)?.contains(",E,") == true)
        #expect(changeKinds(d).first == "2026-06-01 严重失信")
        let catalogue = text(d, "open-data/index.html")!
        #expect(catalogue.contains("2026-04-07 正式公布的版本，此后不再改动。已被第2版取代。"))
        #expect(catalogue.contains("<strong>现行版本。</strong>本文件地址固定，内容始终是现行版本：目前为第2版，2026-06-01 起：2026-06-01 "))
        // The announcement still shows the list as it was announced.
        #expect(Self.builds[d]!["notices/2025-final/index.html"] != nil)
        #expect(!text(d, "notices/2025-final/index.html")!.contains("grade-e"))
    }

    @Test("6. Art. 15: after the October repair 戊's record is named nowhere, its history included; the frozen files do not change")
    func afterRepair() throws {
        let d = Self.dates[5]
        #expect(text(Self.dates[4], "open-data/bad-records.csv")!.contains("甬环罚〔2025〕3号"))
        #expect(!text(d, "open-data/bad-records.csv")!.contains("甬环罚〔2025〕3号"))
        #expect(!text(d, "agencies/\(Self.戊)/index.html")!.contains("甬环罚〔2025〕3号"))
        #expect(changeKinds(d).first == "2026-10-15 信用修复")
        #expect(Self.builds[d]!["open-data/grades-2025.csv"] == Self.builds[Self.dates[3]]!["open-data/grades-2025.csv"])
        #expect(Self.builds[d]!["open-data/grades-2025.versions.csv"] == Self.builds[Self.dates[4]]!["open-data/grades-2025.versions.csv"])
        #expect(Self.builds[d]!["open-data/grades-2025.current.csv"] == Self.builds[Self.dates[4]]!["open-data/grades-2025.current.csv"])
        // The publication entries of both repaired records are gone; the days they left are counts naming nobody.
        #expect(changeKinds(d) == [
            "2026-10-15 信用修复", "2026-06-01 严重失信", "2026-04-07 公布", "2026-03-27 异议更正", "2026-03-02 公示",
            "2025-04-07 公布", "2025-03-03 公示", "2025-02-01 信用修复",
        ])
        #expect(changeKinds(Self.dates[4]).contains("2025-05-10 新增不良记录"))
        #expect(text(d, "changes/index.md")!.contains("1 条不良记录经信用修复，自本日起不再公示；依第十五条消除不利影响，本记录不再列明机构和文书。"))
        let feed = text(d, "feed.xml")!
        #expect(feed.contains("<updated>2026-10-15T00:00:00+08:00</updated>"))
        #expect(feed.components(separatedBy: "<entry>").count - 1 == 8)
        // No file of the build — pages, twins, feed, open data, workbooks, the SQLite, the notice packages — names it.
        let output = Self.buildSite + "/out-" + d
        for record in ["甬环罚〔2025〕3号", "甬环罚〔2024〕1号"] {
            let found = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/find_text.py", output, record], in: output)
            #expect(found.status == 0, "\(found.stdout)")
        }
        let before = Self.buildSite + "/out-" + Self.dates[4]
        let found = try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/find_text.py", before, "甬环罚〔2025〕3号"], in: before)
        #expect(found.status == 1 && found.stdout.contains("changes/index.md"))
    }

    @Test("gongshi diff says what changed between two dates, in sentences for a change notice")
    func diffBetweenDates() throws {
        let r = try Gongshi.run(["diff", "--site", Self.site, "--as-of", "2026-04-07", "--to", "2026-10-20", "--quiet"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("- 2026-06-01 宁波乙测环境检测有限公司（91330203MA2H0A2C18）因第十二条第（四）项情形（甬环罚〔2026〕7号）直接评定为E级，列入严重失信名单，撤销其已获评的2025年度B级。"))
        #expect(r.stdout.contains("- 2026-10-15 1 条不良记录经信用修复，自本日起不再公示；依第十五条消除不利影响，本记录不再列明机构和文书。"))
        #expect(r.stdout.contains("- 宁波乙测环境检测有限公司（91330203MA2H0A2C18）2025年度等级由B级调整为E级。"))
        #expect(r.stdout.contains("- 1 条不良记录不再公示（信用修复或公示期满），不再列明机构和文书。"))
        #expect(!r.stdout.contains("甬环罚〔2025〕3号"))
        #expect(!r.stdout.contains("2026-04-07 2025年度"))  // (A, B]: what happened on the first date is not a change since it
    }

    @Test("gongshi diff between two built folders reads their open data")
    func diffBetweenFolders() throws {
        let site = Self.site
        for date in ["2026-05-01", "2026-06-15"] {
            #expect(try Gongshi.run(["build", "--site", site, "--as-of", date, "--output", site + "/d-" + date, "--quiet"]).status == 0)
        }
        let r = try Gongshi.run(["diff", site + "/d-2026-05-01", site + "/d-2026-06-15"])
        #expect(r.status == 0)
        #expect(r.stdout == "- 宁波乙测环境检测有限公司（91330203MA2H0A2C18）2025年度等级由B级调整为E级。\n- 宁波乙测环境检测有限公司（91330203MA2H0A2C18）列入严重失信（E级）名单。\n")
    }
}
