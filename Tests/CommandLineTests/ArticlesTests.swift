import Foundation
import Testing

/// The demo site checked article by article: what each of the measures' rules makes the outputs say.
/// Built twice by the suites that already build it: in the 2025 notice (DemoTests) and after the
/// year's final publication, a June E event, repairs and expiries (OpenDataValidationTests).
@Suite("The measures on the demo site, article by article", .serialized)
struct ArticlesTests {
    var notice: String { DemoTests.built.output }
    var final: String { OpenDataValidationTests.built.output }

    func text(_ root: String, _ path: String) throws -> String {
        try String(contentsOfFile: root + "/" + path, encoding: .utf8)
    }

    func tool(_ script: String, _ arguments: [String]) throws -> Gongshi.Result {
        try OpenDataValidationTests.tool("python3", [Gongshi.repository + "/Tests/Tools/" + script] + arguments, in: Gongshi.repository)
    }

    /// Rows of a CRLF CSV, header dropped, split on commas (the demo's values used here hold none).
    func rows(_ root: String, _ file: String) throws -> [[String]] {
        try text(root, "open-data/" + file).components(separatedBy: "\r\n").dropFirst().filter { !$0.isEmpty }
            .map { $0.components(separatedBy: ",") }
    }

    @Test("Art. 8, 13, 14: every Markdown twin states what its HTML page states, at a notice date and at a final date")
    func twins() throws {
        for root in [notice, final] {
            let r = try tool("check_twins.py", [root])
            #expect(r.status == 0, "\(r.stdout.suffix(3000))")
            // Every twin of the build was checked (the agencies' and the site's own pages alike).
            let checked = r.stdout.firstMatch(of: /twins checked: ([0-9]+)/).flatMap { Int($0.output.1) }
            let twins = try Gongshi.tree(root).keys.filter { $0.hasSuffix("index.md") }.count
            #expect(checked == twins && twins > 180, "\(String(describing: checked)) of \(twins)")
        }
    }

    @Test("Art. 14–15: a bad record no longer public is named in no file of the build, workbooks and the SQLite included")
    func withdrawnRecordsNamedNowhere() throws {
        // Every demo record decided by the build date that the open data no longer lists: repaired or expired.
        let data = try String(contentsOfFile: Gongshi.repository + "/content/data/bad-records.csv", encoding: .utf8)
        let decided = data.components(separatedBy: "\n").dropFirst().map { $0.components(separatedBy: ",") }
            .filter { $0.count > 4 && $0[4] <= "2026-11-29" }.map { $0[2] }
        let listed = Set(try rows(final, "bad-records.csv").map { $0[3] })
        let events = Set(try rows(final, "serious-dishonesty.csv").map { $0[5] })
        let withdrawn = decided.filter { !listed.contains($0) && !events.contains($0) }
        #expect(withdrawn.count >= 10, "\(withdrawn)")
        let r = try tool("find_text.py", [final] + withdrawn)
        #expect(r.status == 0, "\(r.stdout.prefix(3000))")
        // The history says that they left, naming nobody.
        let changes = try text(final, "changes/index.md")
        #expect(changes.contains("条不良记录经信用修复，自本日起不再公示；依第十五条消除不利影响，本记录不再列明机构和文书。"))
        #expect(changes.contains("条不良记录公示期满，自本日起不再公示（第十四条）；本记录不再列明机构和文书。"))
        #expect(try text(final, "rules/index.html").contains("不良记录经信用修复（第十五条）或公示期满（第十四条）后，本站所有页面、开放数据、订阅和变更记录都不再列明该机构和文书"))
        // Art. 12–13: a lifted E listing stays in the history.
        #expect(changes.contains("解除严重失信"))
    }

    @Test("Art. 13–14: during the notice no file labels the noticed grade as in force")
    func noticedGradeNotInForce() throws {
        let header = try text(notice, "open-data/grades-2025.csv").components(separatedBy: "\r\n")[0]
        #expect(header.hasSuffix("awarded_grade,corrected_grade,grade,revoked_on,revocation_trigger"))
        for file in ["grades-2025.csv-metadata.json", "schemas/grades-2025.schema.json", "grades-2025.json"] {
            let t = try text(notice, "open-data/" + file)
            #expect(!t.contains("current_grade") && !t.contains("现行") && !t.contains("有效的等级"), "\(file)")
        }
        let package = try JSONSerialization.jsonObject(with: Data(try text(notice, "open-data/datapackage.json").utf8)) as! [String: Any]
        let resource = (package["resources"] as! [[String: Any]]).first { $0["name"] as? String == "grades-2025" }!
        let schema = String(decoding: try JSONSerialization.data(withJSONObject: resource["schema"]!), as: UTF8.self)
        #expect(schema.contains("公示中的等级，公示和异议处理结束、正式公布前尚未生效") && !schema.contains("现行等级"))
        // Once final, the same column is the grade in force on the version's date.
        #expect(try text(final, "open-data/grades-2025.csv-metadata.json").contains("该版本日期有效的等级"))
        #expect(try OpenDataValidationTests.tool("sqlite3", ["open-data/gongshi.sqlite", "SELECT count(*) FROM pragma_table_info('published_grade') WHERE name = 'current_grade'"], in: notice).stdout == "0\n")
    }

    @Test("Art. 14: a bad record's last public day is stated in the page, its twin and the open data, computed when the record gives none")
    func disclosureEnd() throws {
        let row = try #require(try rows(final, "bad-records.csv").first { $0[3] == "甬环罚〔2026〕32号" })
        #expect(row.suffix(2) == ["2029-06-05", "按行政处罚类记录的公示期36个月"])
        let page = try text(final, "bad-records/index.html"), twin = try text(final, "bad-records/index.md")
        #expect(page.contains("data-label=\"公示截止\">2029-06-05（按行政处罚类记录的公示期36个月）</td>") && !page.contains("按默认公示期"))
        #expect(twin.contains("| 2029-06-05（按行政处罚类记录的公示期36个月） |"))
        #expect(try rows(final, "bad-records.csv").allSatisfy { $0[7].count == 10 })
    }

    @Test("Art. 8: not-rated agencies' scores are published nowhere, and the site says so")
    func notRatedScores() throws {
        let r = try OpenDataValidationTests.tool("sqlite3", ["open-data/gongshi.sqlite",
            "SELECT count(*), count(basic_quality), count(total) FROM evaluation WHERE not_rated_reason IS NOT NULL"], in: final)
        #expect(r.stdout == "5|0|0\n")
        for file in ["not-rated/index.html", "not-rated/index.md"] {
            #expect(try text(final, file).contains("不予评定等级的机构没有评价结果，本站和开放数据（含 gongshi.sqlite）均不公布其评价得分。"))
        }
    }

    @Test("Art. 9: each year's list and data show that year's indicator system; the rules page lists every version with its years")
    func indicatorSystems() throws {
        #expect(try text(final, "grades/2025/index.html").contains("业务执行<br><small>满分 35</small>"))
        #expect(try text(final, "grades/2024/index.html").contains("业务执行<br><small>满分 40</small>"))
        #expect(try text(final, "grades/2025/index.md").contains("本年度采用第2版（2025年修订版，甬环监〔2025〕3号），基本素质满分 20 分；业务执行满分 35 分；经营管理满分 20 分；诚信记录与社会评价满分 25 分；"))
        #expect(try text(final, "open-data/grades-2025.csv-metadata.json").contains("指标得分，满分 35（第九条，2025年度指标体系）"))
        #expect(try text(final, "open-data/grades-2024.csv-metadata.json").contains("指标得分，满分 40（第九条，2024年度指标体系）"))
        let rules = try text(final, "rules/index.html")
        #expect(rules.contains("<tr><th scope=\"row\">第1版</th><td>2023、2024</td><td>基本素质 20 分；业务执行 40 分；经营管理 20 分；诚信记录 20 分；</td>"))
        #expect(rules.contains("<tr><th scope=\"row\">第2版（2025年修订版，甬环监〔2025〕3号）</th><td>2025</td><td>基本素质 20 分；业务执行 35 分；经营管理 20 分；诚信记录与社会评价 25 分；</td>"))
        let r = try OpenDataValidationTests.tool("sqlite3", ["open-data/gongshi.sqlite", "SELECT year, title, max FROM indicator WHERE position = 4 ORDER BY year"], in: final)
        #expect(r.stdout == "2023|诚信记录|20.0\n2024|诚信记录|20.0\n2025|诚信记录与社会评价|25.0\n")
        // An agency graded under both systems: each score out of its year's maximum.
        #expect(try text(final, "agencies/9133028297ML3D4J39/index.md").contains("| 2025 | 已公布 | B | 91/155 | 15.5/20 | 27/35 | 14.5/20 | 18.5/25 | 75.5 |"))
    }

    @Test("Art. 16, 20: each grade's consequences stand where the grade is shown; procurement-restrictions lists the E agencies from their dates")
    func consequences() throws {
        let agency = try text(final, "agencies/9133028297ML3D4J39/index.html")
        #expect(agency.contains("政府采购中可优先选择，办理行政许可事项提供便捷服务，优先安排科技项目立项、专项资金或其他资金补助，表彰奖励中优先授予荣誉称号（第十六条）"))
        #expect(try text(final, "grades/2025/index.html").contains("依法限制参与政府采购活动，撤销信用评定期内授予的相关奖项、奖章、荣誉称号（第二十条）"))
        #expect(try text(final, "rules/index.html").contains("各等级的激励、限制和监管措施（第十六条、第十七条、第二十条）"))
        let restricted = try rows(final, "procurement-restrictions.csv")
        let eList = try rows(final, "serious-dishonesty.csv")
        #expect(restricted.map { $0[0] } == eList.map { $0[0] } && restricted.count == 2)
        #expect(restricted.map { $0[2] } == eList.map { $0[4] })  // restricted from the day the E listing was verified
        #expect(try text(final, "serious-dishonesty/index.html").contains("open-data/index.html#ds-procurement-restrictions"))
        // 清澜's listing was lifted on 2025-09-02: no longer restricted.
        #expect(!restricted.contains { $0[1] == "浙江清澜环境监测有限公司" })
    }

    @Test("Art. 21: the public's reporting channels are on the home page and every agency page")
    func reportingChannels() throws {
        var pages = ["index.html", "index.md", "rules/index.html"]
        pages += try FileManager.default.contentsOfDirectory(atPath: final + "/agencies").filter { !$0.contains(".") }.flatMap { ["agencies/\($0)/index.html", "agencies/\($0)/index.md"] }
        #expect(pages.count > 300)
        for page in pages {
            let t = try text(final, page)
            #expect(t.contains("举报违法行为（第二十一条）") && t.contains("“12345”市民服务热线") && t.contains("“12369”环保举报热线"), "\(page)")
            if page.hasSuffix(".html") { #expect(t.contains("<a href=\"tel:12369\">12369</a>"), "\(page)") }
        }
    }
}
