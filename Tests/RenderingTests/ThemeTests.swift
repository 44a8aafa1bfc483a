import Foundation
@testable import Import
import Testing
@testable import Evaluation
@testable import Model
@testable import Rendering

/// Mustache renders a missing variable as nothing, silently; these tests render every default template
/// with a real context and look for what each must show.
@Suite("The default theme renders what it should")
struct ThemeTests {
    static let themeDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("site-templates").path
    static let dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/small-site/data").path

    let theme = try! Theme.load(directory: ThemeTests.themeDirectory)
    let contexts: PageContexts = {
        let registry = CSVImporter(rules: .ningbo).importDirectory(ThemeTests.dataDirectory).data.published
        let publication = Evaluator(grading: GradingPolicy(rule: .shares(a: 20, b: 30, c: 30, d: 20), ties: .better), disclosure: .default)
            .evaluate(registry, asOf: CivilDate(iso: "2026-07-01")!)
        let site = SiteInfo(title: "测试站点", description: "描述", publisher: "宁波市生态环境局", baseURL: "https://example.gov.cn/xypj/",
                            contact: .init(address: "地址", phone: "", email: ""), pages: [.init(title: "关于", slug: "about")])
        return PageContexts(site: site, publication: publication)
    }()

    @Test("Every page template has a Markdown twin, and the theme has a stylesheet")
    func templatesPresent() {
        for name in ["home", "grade-list", "agencies", "agency", "serious-dishonesty", "not-rated", "bad-records", "open-data"] {
            #expect(theme.templateNames.contains(name) && theme.templateNames.contains(name + ".md"), "\(name)")
        }
        #expect(theme.assets["assets/style.css"] != nil)
    }

    @Test("Home: the current year, its stage and the grade counts; no 'nil' anywhere")
    func home() throws {
        let html = try theme.render("home", contexts.home())
        #expect(html.contains("<html lang=\"zh-CN\">"))
        #expect(html.contains("2025年度信用评价结果（已公布）"))
        #expect(html.contains("<td class=\"num\">3</td>"))  // three B in 2025 after 乙 became E
        #expect(html.contains("href=\"about/index.html\""))
        #expect(!html.contains("nil"))
    }

    @Test("Grade list: ranking order, a note where a grade was revoked or corrected")
    func gradeList() throws {
        let year = contexts.publication.years.first { $0.year == 2025 }!
        let html = try theme.render("grade-list", contexts.gradeList(year))
        let first = try #require(html.range(of: "宁波甲测")), second = try #require(html.range(of: "宁波乙测"))
        #expect(first.lowerBound < second.lowerBound)
        #expect(html.contains("原评定B级，因第十二条第（四）项情形于2026-06-01撤销，评定为E级"))
        #expect(html.contains("经异议复核，由C级更正为B级"))
        #expect(html.contains("href=\"../../agencies/91330212MA2H0A1B0F/index.html\""))
        let md = try theme.render("grade-list.md", contexts.gradeList(year))
        #expect(md.contains("| 1 | 宁波甲测检测技术有限公司 | 91330212MA2H0A1B0F | 鄞州区 | 一、二 | 19 | 38 | 19 | 19 | 95 | A |"))
        // Art. 8, 13: the twin states the year's counts as the page does.
        #expect(md.contains("本年度共评定 7 家机构。另有 1 家不予评定等级（第八条）。"))
    }

    @Test("Agency page: code, grade history, certificate and scope, public records; nothing internal")
    func agency() throws {
        let profile = contexts.publication.agencies.first { $0.agency.code.value == "91330203MA2H0A2C18" }!
        let html = try theme.render("agency", contexts.agency(profile))
        #expect(html.contains("91330203MA2H0A2C18"))
        #expect(html.contains("第十二条第（四）项"))
        #expect(html.contains("201112050002"))
        #expect(html.contains("已过期"))
        #expect(html.contains("二氧化硫"))
        for marker in ["KP5", "330203198512124561", "13800000002"] { #expect(!html.contains(marker)) }
        let md = try theme.render("agency.md", contexts.agency(profile))
        #expect(md.contains("- 现行信用风险等级：E E级（严重失信）。严重失信。依法限制参与政府采购活动"))
    }

    @Test("A missing template is an error that names it, never an empty page")
    func missingTemplate() {
        #expect(throws: Theme.Failure.self) { try theme.render("no-such-page", NoFields()) }
    }

    @Test("A template with a syntax error is reported with its file, line and column")
    func syntaxError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-theme-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "<p>\n{{#rows}}\n{{/row}}\n".write(toFile: dir + "/layout.mustache", atomically: false, encoding: .utf8)
        let failure = try #require(throws: Theme.Failure.self) { try Theme.load(directory: dir) }
        #expect(failure.diagnostic.location.file.hasSuffix("layout.mustache"))
        #expect(failure.diagnostic.location.line == 3)
    }
}
