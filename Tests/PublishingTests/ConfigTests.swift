import Testing
@testable import Evaluation
@testable import Publishing
@testable import Model
import Rendering

@Suite("config.toml and front matter")
struct ConfigTests {
    let minimal = "title = \"站\"\npublisher = \"局\"\nbase_url = \"https://example.gov.cn/x\"\n"

    func problems(_ text: String) -> [Diagnostic] {
        if case .failure(let list) = SiteConfig.parse(text) { return list.diagnostics }
        return []
    }

    @Test("TOML subset: strings, numbers, dates, arrays, inline and dotted tables, comments")
    func toml() throws {
        let table = try TOMLParser.parse("""
        # comment
        a = "x\\ty" # trailing
        b = 'lit\\eral'
        c = 1_000
        d = 85.5
        e = 2026-03-01
        f = [1, 2,
             3,]
        [g.h]
        i = { j = true, "键" = "值" }
        k = \"\"\"
        two
        lines\"\"\"
        """).get()
        #expect({ if case .string("x\ty")? = table["a"] { return true }; return false }())
        #expect({ if case .string("lit\\eral")? = table["b"] { return true }; return false }())
        #expect({ if case .integer(1000)? = table["c"] { return true }; return false }())
        #expect({ if case .float("85.5")? = table["d"] { return true }; return false }())
        #expect({ if case .date(let d)? = table["e"] { return d == CivilDate(year: 2026, month: 3, day: 1) }; return false }())
        #expect({ if case .array(let a)? = table["f"] { return a.count == 3 }; return false }())
        guard case .table(let g)? = table["g"], case .table(let h)? = g["h"], case .table(let i)? = h["i"] else { Issue.record("no g.h.i"); return }
        #expect({ if case .string("值")? = i["键"] { return true }; return false }())
        #expect({ if case .string("two\nlines")? = h["k"] { return true }; return false }())
    }

    @Test("TOML errors carry line and column", arguments: [
        ("a = \"open\n", 1), ("a = 1\na = 2\n", 2), ("[t]\n[t]\n", 2), ("x = yes\n", 1), ("a = 2026-02-30\n", 1), ("[[arr]]\n[arr]\n", 2),
        ("a = 07\n", 1), ("a = 1__0\n", 1), ("a.b = 1\n[a]\n", 2), ("[\n", 1), ("t = { a = 1 }\n[t]\n", 2), ("s = \"\\q\"\n", 1),
    ])
    func tomlErrors(text: String, line: Int) {
        guard case .failure(let e) = TOMLParser.parse(text) else { Issue.record("parsed: \(text)"); return }
        #expect(e.line == line, "\(e.message)")
    }

    @Test("Valid TOML the old parser refused: ''' strings, offset date-times, arrays of tables, a string that starts with a combining mark")
    func fullTOML() throws {
        let table = try TOMLParser.parse("a = '''\nline one\n'line' two'''\nb = 1979-05-27T07:32:00-08:00\n[[c]]\nd = 1\n[[c]]\nd = 2\ne = \"\u{301}x\"\n").get()
        #expect({ if case .string("line one\n'line' two")? = table["a"] { return true }; return false }())
        #expect({ if case .dateTime("1979-05-27T07:32:00-08:00")? = table["b"] { return true }; return false }())
        #expect({ if case .array(let c)? = table["c"] { return c.count == 2 }; return false }())
        guard case .array(let c)? = table["c"], case .table(let second) = c[1] else { Issue.record("no [[c]]"); return }
        #expect({ if case .string("\u{301}x")? = second["e"] { return true }; return false }())
        // Valid TOML that is not a setting is named as such, at its line.
        guard case .failure(let problems) = SiteConfig.parse(minimal + "[[grading]]\nrule = \"rank\"\n") else { Issue.record("[[grading]] accepted"); return }
        #expect(problems.diagnostics.contains { $0.location.line == 4 }, "\(problems.diagnostics)")
    }

    @Test("Defaults are the measures' values; a demo-like config reads back")
    func defaults() throws {
        let config = try SiteConfig.parse(minimal).get()
        #expect(config.site.baseURL == "https://example.gov.cn/x/")
        #expect(config.grading == .default)
        #expect(config.rules.districts.count == 10)
        #expect(config.rules.indicators.system(for: 2025).maximumTotal == Score(points: 100))
        #expect(config.disclosure.defaultMonths == 36)
        let custom = try SiteConfig.parse(minimal + """
        [grading]
        rule = "thresholds"
        thresholds = { A = 90, B = 80.5, C = 60 }
        ties = "worse"
        [indicators]
        business_execution = 50
        """).get()
        #expect(custom.grading == GradingPolicy(rule: .thresholds(a: Score(points: 90), b: Score(hundredths: 8050), c: Score(points: 60)), ties: .worse))
        #expect(custom.rules.indicators.system(for: 2030).maximumTotal == Score(points: 110))
    }

    @Test("Art. 9: [indicators.YEAR] updates the system for one year, from [indicators]; titles may change too")
    func indicatorSystemsByYear() throws {
        let config = try SiteConfig.parse(minimal + """
        [indicators]
        business_execution = 40
        [indicators.2025]
        name = "2025年修订版"
        business_execution = 35
        integrity_record = { max = 25, title = "诚信记录与社会评价" }
        """).get()
        let systems = config.rules.indicators
        #expect(systems.system(for: 2024) == .measures)
        let updated = systems.system(for: 2025)
        #expect(updated.maxima == [Score(points: 20), Score(points: 35), Score(points: 20), Score(points: 25)])
        #expect(updated.titles == ["基本素质", "业务执行", "经营管理", "诚信记录与社会评价"] && updated.name == "2025年修订版")
        #expect(systems.versions(years: [2023, 2024, 2025, 2026]).map(\.years) == [[2023, 2024, 2026], [2025]])
        let bad = problems(minimal + "[indicators.2025]\nbasic_quality = 0\nintegrity_record = { title = \"\" }\n[indicators.20x5]\nbasic_quality = 1\n")
        #expect(bad.map(\.code).sorted() == ["E400", "E400", "E400", "E401"], "\(bad)")
    }

    @Test("Art. 21: [reporting] channels replace the measures' 12345 and 12369; each needs a number or an address")
    func reportingChannels() throws {
        #expect(try SiteConfig.parse(minimal).get().site.reporting.map(\.phone) == ["12345", "12369"])
        let config = try SiteConfig.parse(minimal + "[reporting]\nchannels = [{ name = \"网上举报\", url = \"https://example.gov.cn/jb\" }]\n").get()
        #expect(config.site.reporting == [SiteInfo.ReportingChannel(name: "网上举报", url: "https://example.gov.cn/jb")])
        let bad = problems(minimal + "[reporting]\nchannels = [{ name = \"热线\" }, { name = \"电话\", phone = \"一二三\" }, { name = \"网\", url = \"example\" }]\n")
        #expect(bad.map(\.code) == ["E400", "E400", "E400"], "\(bad)")
        #expect(!problems(minimal + "[reporting]\nchannels = []\n").isEmpty)
    }

    @Test("Unknown keys are errors that name the key and its line")
    func unknownKeys() {
        let found = problems(minimal + "titel = \"x\"\n[grading]\nrule = \"shares\"\nshares = { A = 20, B = 40, C = 30, D = 10 }\ntie = \"better\"\n")
        #expect(found.map { "\($0.code) \($0.location.line ?? 0) \($0.location.field ?? "")" }.sorted() == ["E401 4 titel", "E401 8 grading.tie"])
    }

    @Test("Art. 11: shares must add up to 100 and thresholds must fall; rule names are checked")
    func gradingLimits() {
        #expect(problems(minimal + "[grading]\nshares = { A = 20, B = 40, C = 30, D = 5 }\n").first?.message.contains("95%") == true)
        // A negative share that makes the sum 100 is named as negative, not as "100%, not 100%".
        let negative = problems(minimal + "[grading]\nshares = { A = 120, B = -20, C = 0, D = 0 }\n").first?.message ?? ""
        #expect(negative.contains("the share of B is -20%") && !negative.contains("not 100%"), "\(negative)")
        #expect(problems(minimal + "[grading]\nrule = \"thresholds\"\nthresholds = { A = 80, B = 90, C = 60 }\n").first?.location.field == "grading.thresholds")
        #expect(problems(minimal + "[grading]\nrule = \"curve\"\n").first?.location.field == "grading.rule")
        #expect(problems(minimal + "[disclosure]\nbad_record_months = 48\n").first?.message.contains("at most 3 years") == true)
        #expect(problems("publisher = \"局\"\nbase_url = \"ftp://x\"\n").map { $0.location.field ?? "" }.sorted() == ["base_url", "title"])
    }

    @Test("[objections] and [disclosure.kinds]: read, and held to the national limits for penalties")
    func objectionsAndDisclosure() throws {
        let config = try SiteConfig.parse(minimal + """
        [objections]
        how = "书面申请"
        email = "a@b.cn"
        [disclosure]
        public_circular_months = 6
        [disclosure.kinds]
        "经营异常名录" = 12
        "行政处罚" = 24
        """).get()
        #expect(config.site.objections.how == "书面申请" && config.site.objections.email == "a@b.cn")
        #expect(config.disclosure.months(for: "经营异常名录") == 12 && config.disclosure.months(for: "行政处罚") == 24)
        #expect(config.disclosure.months(for: "其他") == 36 && config.disclosure.circularMonths == 6)
        let found = problems(minimal + #"""
        [disclosure.kinds]
        "行政处罚" = 48
        "经营异常名录" = "一年"
        [objections]
        fax = "1"
        """#)
        #expect(found.map { $0.location.field ?? "" }.sorted() == ["disclosure.kinds.经营异常名录", "disclosure.kinds.行政处罚", "objections.fax"])
        #expect(found.contains { $0.message.contains("at least 3 months and at most 3 years") })
    }

    @Test("Art. 17: inspection ratios above the caps are errors that name the key and the rule")
    func inspectionCaps() throws {
        let ok = try SiteConfig.parse(minimal + "[inspection]\nb_ratio = 8\nc_ratio = 30\n").get()
        #expect(ok.inspection == InspectionPolicy(bPercent: 8, cPercent: 30))
        let found = problems(minimal + "[inspection]\nb_ratio = 12\nc_ratio = 60\nd_ratio = 90\na_ratio = 5\n")
        #expect(found.map { $0.location.field ?? "" }.sorted() == ["inspection.a_ratio", "inspection.b_ratio", "inspection.c_ratio", "inspection.d_ratio"])
        #expect(found.first { $0.location.field == "inspection.b_ratio" }?.message == "inspection.b_ratio = 12% breaks the rule: Art. 17 caps on-site checks of B agencies at 10%")
    }

    @Test("Notices: title and date required; year and stage optional; generated addresses are reserved")
    func notices() throws {
        let notice = try NoticeFiles.parse("+++\ntitle = \"通知\"\ndate = 2026-01-12\nyear = 2025\nstage = \"other\"\n+++\n正文**加粗**\n",
                                           file: "notices/a.md", slug: "a").get()
        #expect(notice.date == CivilDate(year: 2026, month: 1, day: 12) && notice.year == 2025 && notice.stage == .other)
        #expect(notice.html.contains("<strong>加粗</strong>"))
        guard case .failure(let e) = NoticeFiles.parse("+++\ntitle = \"x\"\nstage = \"公示\"\n+++\n", file: "notices/b.md", slug: "b") else {
            Issue.record("parsed"); return
        }
        #expect(e.diagnostics.map { $0.location.field ?? "" }.sorted() == ["date", "stage"])
        guard case .failure(let reserved) = NoticeFiles.parse("+++\ntitle = \"x\"\ndate = 2026-01-01\n+++\n", file: "notices/2025-final.md", slug: "2025-final") else {
            Issue.record("parsed"); return
        }
        #expect(reserved.diagnostics.first?.code == "E602")
    }

    @Test("Pages: front matter between +++ lines, a slug from the file name that cannot escape or collide")
    func pages() throws {
        let page = try ContentPage.parse("+++\ntitle = \"关于\"\nweight = 2\n+++\n正文\n", file: "pages/about.md", slug: "about").get()
        #expect(page.title == "关于" && page.weight == 2 && page.markdown == "正文\n")
        for (slug, code) in [("../etc", "E601"), ("About Us", "E601"), ("agencies", "E602"), (String(repeating: "a", count: 65), "E601"),
                             ("a\u{0}b", "E601"), ("/etc/passwd", "E601"), ("notices", "E602")] {
            guard case .failure(let e) = ContentPage.parse("+++\ntitle = \"x\"\n+++\n", file: "f", slug: slug) else { Issue.record("\(slug) parsed"); continue }
            #expect(e.diagnostics.first?.code == code)
        }
        guard case .failure(let e) = ContentPage.parse("+++\ntitle = \"x\"\ncolour = 1\n+++\n", file: "pages/a.md", slug: "a") else { return }
        #expect(e.diagnostics.first?.location.line == 3)
        guard case .failure(let missing) = ContentPage.parse("正文\n", file: "pages/a.md", slug: "a") else { return }
        #expect(missing.diagnostics.first?.code == "E603")
    }
}
