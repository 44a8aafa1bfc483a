import Foundation
@testable import Import
import Mustache
import Testing
@testable import Evaluation
@testable import Model
@testable import Rendering

/// gongshi renders with its own Mustache engine; swift-mustache, which the theme was written for, is
/// the reference. Every page of the demo site and a set of edge cases must come out byte for byte the same.
@Suite("gongshi's template engine renders what swift-mustache renders")
struct TemplateEngineTests {
    struct MarkdownEscaping: MustacheContentType {
        func escapeText(_ text: String) -> String { Markdown.escape(text) }
    }
    static let registered: Void = { MustacheContentTypes.register(MarkdownEscaping(), named: "MARKDOWN") }()

    /// swift-mustache over the same template files.
    static func reference(_ directory: String) throws -> MustacheLibrary {
        _ = registered
        var library = MustacheLibrary()
        for relative in try Theme.files(under: directory) where relative.hasSuffix(".mustache") {
            let text = try String(contentsOfFile: directory + "/" + relative, encoding: .utf8)
            library.register(try MustacheTemplate(string: text), named: String(relative.dropLast(".mustache".count)))
        }
        return library
    }

    static func contexts(data: String, asOf: String) -> PageContexts {
        let registry = CSVImporter(rules: .ningbo).importDirectory(data).data.published
        let publication = Evaluator(grading: GradingPolicy(rule: .shares(a: 20, b: 30, c: 30, d: 20), ties: .better), disclosure: .default)
            .evaluate(registry, asOf: CivilDate(iso: asOf)!)
        let site = SiteInfo(title: "测试站点 <&>", description: "描述 \"引号\" 'single'", publisher: "宁波市生态环境局", baseURL: "https://example.gov.cn/xypj/",
                            contact: .init(address: "地址", phone: "0574-0000", email: "a@example.gov.cn"), pages: [.init(title: "关于", slug: "about")])
        return PageContexts(site: site, publication: publication)
    }

    @Test("Every page and Markdown twin of the demo and the small site, byte for byte", arguments: [
        ("content/data", "2026-03-06"), ("content/data", "2026-06-01"), ("Tests/Fixtures/small-site/data", "2026-07-01"),
    ])
    func wholeSites(data: String, asOf: String) throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let directory = repository + "/site-templates"
        let theme = try Theme.load(directory: directory)
        let library = try Self.reference(directory)
        let contexts = Self.contexts(data: repository + "/" + data, asOf: asOf)
        var jobs = contexts.pageJobs(authored: [PageJob(.page, SitePaths.page("about"), twin: false) {
            contexts.authoredPage(slug: "about", title: "关于", html: "<p>正文</p>")
        }], reportIndex: ReportIndex(contexts.publication))
        let datasets = OpenDatasets.all(contexts.publication)
        var facts: [String: FileFacts] = [:]
        for d in datasets { for name in ["\(d.name).csv", "excel/\(d.name).xlsx", "\(d.name).json"] { facts[name] = FileFacts(bytes: 2048, sha256: "ab") } }
        let allFacts = facts
        jobs.append(PageJob(.openData, SitePaths.openData) { contexts.openData(datasets, facts: allFacts, signing: nil) })
        #expect(jobs.count > 20)
        var compared = 0
        for job in jobs {
            let context = job.context().value()
            for template in [job.template] + (job.twin ? [job.template + ".md"] : []) {
                let expected = try #require(library.render(Self.plain(context), withTemplate: template))
                let actual = String(decoding: try theme.renderBytes(template, context), as: UTF8.self)
                if actual != expected {
                    let firstDifference = Array(zip(actual, expected)).firstIndex { $0 != $1 } ?? min(actual.count, expected.count)
                    Issue.record("\(template) for \(job.path) differs at character \(firstDifference): …\(actual.dropFirst(max(0, firstDifference - 40)).prefix(80))…")
                }
                compared += 1
            }
        }
        #expect(compared > 40)
    }

    /// A context as plain dictionaries, arrays and scalars, for the reference engine.
    static func plain(_ value: TemplateValue) -> Any {
        switch value {
        case .string(let s): return s
        case .int(let i): return i
        case .bool(let b): return b
        case .list(let items): return items.map(plain)
        case .object(let fields): return fields.mapValues(plain)
        }
    }

    nonisolated(unsafe) static let edgeContext: [String: Any] = [
        "name": "甲 <b>&\"'", "empty": "", "zero": 0, "yes": true, "no": false, "none": [[String: Any]](),
        "rows": [["n": "一", "inner": ["v": "x"]], ["n": "二"], ["n": "三", "name": "shadow"]],
        "words": ["a", "b"], "nested": ["deep": ["er": "found"]], "md": "a|b *c* [d](e) <f> #g\nline",
    ]

    @Test("Edge cases: standalone lines, indentation, inheritance, delimiters, escaping, lookups", arguments: [
        "{{name}}|{{{name}}}|{{&name}}|{{missing}}|{{zero}}|{{yes}}",
        "{{#rows}}{{n}}{{name}}{{/rows}}|{{^none}}none{{/none}}|{{#empty}}E{{/empty}}|{{#zero}}Z{{/zero}}",
        "{{#yes}}Y{{/yes}}{{#no}}N{{/no}}{{^no}}n{{/no}}{{^yes}}y{{/yes}}{{^missing}}m{{/missing}}",
        "{{nested.deep.er}}|{{nested.deep.nope}}|{{#rows}}{{inner.v}}{{/rows}}|{{#words}}[{{.}}]{{/words}}|{{.name}}|{{#nested}}{{.deep.er}}{{/nested}}",
        "a\n  {{#rows}}\n  - {{n}}\n  {{/rows}}\nb\n",
        "  {{! comment }}\n{{! other }}x\n{{=<% %>=}}\n<%name%>\n<%={{ }}=%>{{name}}\n",
        "<ul>\n  {{>item}}\n</ul>\n{{>item}}|{{>missing}}\n",
        "{{<parent}}\n{{$title}}Own {{name}}{{/title}}\n{{/parent}}\n",
        "{{<parent}}{{$body}}B\n  two\n{{/body}}{{/parent}}|",
        "{{% CONTENT_TYPE: MARKDOWN }}\n{{md}}\n{{>item}}\n",
        "{{% CONTENT_TYPE: TEXT }}{{name}}",
        "\r\n{{#rows}}\r\n{{n}}\r\n{{/rows}}\r\n  {{>item}}\r\n",
        "x {{#yes}} \n y {{/yes}} z\n\t{{#rows}}\t\n{{/rows}}\t\nend",
    ])
    func edgeCases(template: String) throws {
        _ = Self.registered
        let partials = [
            "item": "<li>{{name}}</li>\n<li>{{#rows}}{{n}}{{/rows}}</li>\n",
            "parent": "<h1>{{$title}}Default{{/title}}</h1>\n<div>\n  {{$body}}default body{{/body}}\n</div>\n",
        ]
        var library = MustacheLibrary()
        var templates: [String: Template] = [:]
        for (name, text) in partials.merging(["page": template], uniquingKeysWith: { a, _ in a }) {
            library.register(try MustacheTemplate(string: text), named: name)
            templates[name] = try TemplateParser.parse(text)
        }
        let expected = library.render(Self.edgeContext, withTemplate: "page")
        var renderer = TemplateRenderer(templates: templates)
        let actual = String(decoding: renderer.render(templates["page"]!, TemplateValue(plain: Self.edgeContext)), as: UTF8.self)
        #expect(actual == expected)
    }

    @Test("A quote followed by a combining mark is still escaped (swift-mustache escapes whole characters and misses it)")
    func combiningMarks() throws {
        var theme = TemplateRenderer(templates: [:])
        let template = try TemplateParser.parse("<a title=\"{{t}}\">{{t}}</a>")
        let html = String(decoding: theme.render(template, .object(["t": .string("x\"\u{301} onmouseover=alert(1) <\u{338}")])), as: UTF8.self)
        #expect(html == "<a title=\"x&quot;\u{301} onmouseover=alert(1) &lt;\u{338}\">x&quot;\u{301} onmouseover=alert(1) &lt;\u{338}</a>")
        #expect(Markdown.escape("|\u{301}\r\n*") == "\\|\u{301}  \\*")
    }

    @Test("A list or an object printed as text renders nothing (swift-mustache prints its Swift description, in hash order)")
    func structuresPrintNothing() throws {
        var renderer = TemplateRenderer(templates: [:])
        let template = try TemplateParser.parse("[{{rows}}][{{#rows}}{{.}}{{/rows}}]")
        #expect(renderer.render(template, TemplateValue(plain: Self.edgeContext)) == Array("[][]".utf8))
    }

    @Test("Templates the engine cannot render faithfully are refused with a line and column")
    func refused() {
        for (text, reason) in [("a\n{{upper(name)}}", TemplateParser.Failure.Reason.transformsUnsupported), ("{{>*dynamic}}", .dynamicPartialsUnsupported),
                               ("{{#a}}\n{{/b}}", .sectionCloseNameIncorrect), ("{{#a}}", .expectedSectionEnd), ("x {{name", .unexpectedEnd),
                               ("{{% CONTENT_TYPE: XML }}", .unrecognisedConfigVariable)] {
            #expect(throws: TemplateParser.Failure.self) { try TemplateParser.parse(text) }
            do { _ = try TemplateParser.parse(text) } catch { #expect(error.reason == reason, "\(text)") }
        }
        do { _ = try TemplateParser.parse("a\nb {{#x}}\n{{/y}}") } catch {
            #expect(error.line == 3 && error.column == 4 && error.lineText == "{{/y}}")
        }
    }
}

extension TemplateValue {
    /// A context written as dictionaries, arrays and scalars, for the engine's edge cases.
    init(plain any: Any) {
        switch any {
        case let value as String: self = .string(value)
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .int(value)
        case let value as [String: Any]: self = .object(value.mapValues { TemplateValue(plain: $0) })
        case let value as [Any]: self = .list(value.map { TemplateValue(plain: $0) })
        default: self = .string(String(describing: any))
        }
    }
}
