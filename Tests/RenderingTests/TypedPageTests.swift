import Foundation
import Testing
@testable import Evaluation
@testable import Model
@testable import Rendering

/// A template that names what its page does not have would print nothing on every page: each page's context
/// is a Swift type, and the theme is checked against it when it loads.
@Suite("Typed pages: a name the page's context does not have is an error with its place")
struct TypedPageTests {
    /// The default theme with `files` (relative path → text) as a site's overrides.
    func load(_ files: [String: String]) throws -> Theme {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-typed-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (relative, text) in files {
            let path = dir + "/" + relative
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: false, encoding: .utf8)
        }
        return try Theme.load(directory: ThemeTests.themeDirectory, overrides: dir)
    }

    func problems(_ files: [String: String]) throws -> [Diagnostic] {
        do {
            _ = try load(files)
            return []
        } catch let failure as Theme.Failure {
            return failure.diagnostics
        }
    }

    @Test("{{grade.leter}} on the agency page: E505 naming the template, line and column, and the name meant")
    func misspeltField() throws {
        let found = try problems(["agency.mustache": "{{<layout}}{{$main}}\n<h1>{{agency.name}}</h1>\n{{#currentGrade}}x{{/currentGrade}}{{#history}}  {{grade.leter}}{{/history}}\n{{/main}}{{/layout}}"])
        #expect(found.count == 1)
        let problem = try #require(found.first)
        #expect(problem.text.key == "E505.unknownName")
        #expect(problem.location.file.hasSuffix("agency.mustache"))
        #expect(problem.location.line == 3)
        #expect(problem.location.column == 50)
        #expect(problem.text.text(.en).contains("'leter'"))
        #expect(problem.text.fix(.en).contains("'letter'"))
        #expect(problem.text.text(.zh).contains("页面 agency"))
    }

    @Test("Variables, sections, inverted sections, partials and blocks are all checked", arguments: [
        ("{{titel}}", "E505.unknownName"),
        ("{{#histroy}}{{year}}{{/histroy}}", "E505.unknownName"),
        ("{{^qualifications}}{{numbr}}{{/qualifications}}", "E505.unknownName"),
        ("{{#history}}{{#grade}}{{leter}}{{/grade}}{{/history}}", "E505.unknownName"),
        ("{{.title.x}}", "E505.notAnObject"),
        ("{{agency.name.first}}", "E505.notAnObject"),
        ("{{history}}", "E505.notPrintable"),
        ("{{{agency}}}", "E505.notPrintable"),
        ("{{#history}}{{.asOf}}{{/history}}", "E505.unknownName"),
        ("{{>partials/own}}", "E505.unknownName"),
    ])
    func everyKindOfTag(body: String, key: String) throws {
        let found = try problems([
            "agency.mustache": "{{<layout}}{{$main}}\(body){{/main}}{{/layout}}",
            "partials/own.mustache": "<p>{{agency.nmae}}</p>",
        ])
        #expect(found.map(\.text.key) == [key], "\(body)")
    }

    @Test("A name of the page found from inside a section, `.`, and a block's default are accepted", arguments: [
        "{{#history}}{{asOf}} {{year}} {{#grade}}{{letter}} {{year}}{{/grade}}{{/history}}",
        "{{#agency.name}}{{.}}{{/agency.name}}{{#agency.categories}}{{numeral}}{{/agency.categories}}{{#currentGrade}}{{.letter}}{{/currentGrade}}",
        "{{^objectionBox}}{{objection.how}}{{/objectionBox}}{{#objectionBox}}{{mailto}}{{how}}{{/objectionBox}}",
        "{{site.contact.email}}{{#site.reporting}}{{tel}}{{/site.reporting}}",
        "{{>partials/own}}",
    ])
    func correctNames(body: String) throws {
        let found = try problems([
            "agency.mustache": "{{<layout}}{{$main}}\(body){{/main}}{{/layout}}",
            "partials/own.mustache": "<p>{{agency.name}}</p>",
        ])
        #expect(found.isEmpty, "\(body): \(found.map(\.description))")
    }

    @Test("A partial is checked in each page that includes it: a name one page has and another lacks is an error in the other")
    func partialPerPage() throws {
        let found = try problems([
            "partials/own.mustache": "<p>{{standing}}</p>",
            "agency.mustache": "{{<layout}}{{$main}}{{>partials/own}}{{/main}}{{/layout}}",
            "bad-records.mustache": "{{<layout}}{{$main}}{{>partials/own}}{{/main}}{{/layout}}",
        ])
        #expect(found.count == 1)
        #expect(found.first?.location.file.hasSuffix("partials/own.mustache") == true)
        #expect(found.first?.text.text(.en).contains("bad-records") == true)
    }

    @Test("A misspelt name in the layout is found once, at its place, whichever pages use it")
    func layoutOnce() throws {
        let layout = try String(contentsOfFile: ThemeTests.themeDirectory + "/layout.mustache", encoding: .utf8)
        let found = try problems(["layout.mustache": layout.replacingOccurrences(of: "{{site.publisher}}", with: "{{site.publsher}}")])
        #expect(!found.isEmpty)
        #expect(Set(found.map { "\($0.location.file):\($0.location.line ?? 0):\($0.location.column ?? 0)" }).count == found.count)
        #expect(found.allSatisfy { $0.text.fix(.en).contains("'publisher'") })
    }

    @Test("The default theme passes, and no page's context names one key twice")
    func defaultTheme() throws {
        _ = try Theme.load(directory: ThemeTests.themeDirectory)
        for page in PageTemplates.all {
            #expect(page.duplicates.isEmpty, "\(page.name): \(page.duplicates)")
            #expect(page.schema.fields?.isEmpty == false, "\(page.name)")
        }
    }

    @Test("Every template a page job uses is checked, and what a page's context holds is what its type declares")
    func jobsMatchTypes() throws {
        let contexts = ThemeTests().contexts
        let jobs = contexts.pageJobs(authored: [], reportIndex: ReportIndex(contexts.publication))
        let schemas = Dictionary(uniqueKeysWithValues: PageTemplates.all.map { ($0.name, $0.schema) })
        for job in jobs {
            let schema = try #require(schemas[job.template], "\(job.template) is not in PageTemplates.all")
            #expect(Self.conforms(job.context().value(), to: schema), "\(job.path)")
        }
        #expect(Set(jobs.map(\.template)).union(["page", "open-data", "authored-notice"]) == Set(PageTemplates.all.map(\.name)))
    }

    /// Every key of `value` is one `schema` declares, of the kind it declares.
    static func conforms(_ value: TemplateValue, to schema: ContextSchema) -> Bool {
        switch (value, schema) {
        case (.string, .text), (.int, .number), (.bool, .flag): return true
        case (.list(let items), .list(let element)): return items.allSatisfy { conforms($0, to: element) }
        case (.object(let fields), .object(let declared)):
            return fields.allSatisfy { key, value in declared[key].map { conforms(value, to: $0) } ?? false }
        default: return false
        }
    }

    @Test("A typed context as the templates see it: nil fields absent, merged types flat, shared pieces as converted")
    func encoding() {
        let link = AgencyLink(name: "甲", code: "C", href: "h", district: "海曙区", categories: "一", categoryList: "一", searchText: "甲")
        let grade = Shared(GradeContext(letter: "A", name: "诚信", meaning: "m", isE: false, class: "grade-a"))
        let row = Merged(link, GradeListPage.Row(rank: 1, total: "90", scores: [], grade: grade, note: nil))
        guard case .object(let fields) = TemplateEncoder.value(row) else { Issue.record("not an object"); return }
        #expect(fields["name"].map { if case .string("甲") = $0 { true } else { false } } == true)
        #expect(fields["rank"].map { if case .int(1) = $0 { true } else { false } } == true)
        #expect(fields["note"] == nil)
        #expect(fields["grade"]?["letter"].map { if case .string("A") = $0 { true } else { false } } == true)
        #expect(fields.count == 11)
    }
}
