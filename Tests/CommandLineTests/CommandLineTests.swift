import Foundation
@testable import Store
import Rendering
import Testing
@testable import Model

@Suite("gongshi on the command line, on real files", .serialized)
struct CommandLineTests {
    @Test("check: the fixture site has no problem; exit 0")
    func checkClean() throws {
        let r = try Gongshi.run(["check", "--site", Gongshi.fixture("small-site")])
        #expect(r.status == 0)
        #expect(r.stdout.contains("evaluations.csv (16 rows, gb18030)"))
        #expect(r.stdout.contains("no errors"))
    }

    @Test("check: every problem at once as file:line: column: message with a fix; exit 1; nothing written")
    func checkBroken() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("broken-site"))
        let r = try Gongshi.run(["check", "--site", site])
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n")
        #expect(lines.count == 11)
        #expect(lines.first == "data/agencies.csv:3: column 1 (统一社会信用代码): error[E104]: '91330203MA2H0A2C1X' ends in check character X but the first 17 characters give 8 (GB 32100-2015). Fix: check the code against the business licence; a code ending in 8 would be valid. A real legacy code is accepted only when listed in code-exceptions.csv")
        #expect(lines.allSatisfy { $0.contains(". Fix: ") })
        #expect(r.stdout.contains("10 error(s), 1 warning(s)"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: site).sorted() == ["config.toml", "data"])
    }

    @Test("check --encoding utf-8 refuses a GB18030 file at its first non-UTF-8 line")
    func namedEncoding() throws {
        let r = try Gongshi.run(["check", "--site", Gongshi.fixture("small-site"), "--encoding", "utf-8"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("data/evaluations.csv:1: error[E002]: bytes here are not valid utf-8"))
    }

    @Test("check also reads the site's template overrides, and names the file as the site has it")
    func checkTemplates() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        try FileManager.default.createDirectory(atPath: site + "/templates", withIntermediateDirectories: true)
        try "<main>\n{{#rows}}\n{{/row}}\n".write(toFile: site + "/templates/home.mustache", atomically: false, encoding: .utf8)
        let r = try Gongshi.run(["check", "--site", site])
        #expect(r.status == 1)
        #expect(r.stderr.hasPrefix("templates/home.mustache:3: column "))
        #expect(r.stderr.contains("a section is closed with another name than it was opened with"))
    }

    @Test("A misspelt name in a site's template stops check and build with its file, line and column, and nothing is written")
    func misspeltTemplateName() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        try FileManager.default.createDirectory(atPath: site + "/templates", withIntermediateDirectories: true)
        try "{{<layout}}{{$main}}\n<p>{{#history}}{{grade.leter}}{{/history}}</p>\n{{/main}}{{/layout}}\n"
            .write(toFile: site + "/templates/agency.mustache", atomically: false, encoding: .utf8)
        let check = try Gongshi.run(["check", "--site", site])
        #expect(check.status == 1)
        #expect(check.stderr.contains("templates/agency.mustache:2: column 16: error[E505]: page agency has no 'leter' in {{grade.leter}}"))
        #expect(check.stderr.contains("did you mean 'letter'?"))
        #expect(try Gongshi.run(["import", "--site", site, "--quiet"]).status == 0)
        let output = site + "/out"
        let build = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01", "--output", output, "--lang", "zh"])
        #expect(build.status == 1)
        #expect(build.stderr.contains("templates/agency.mustache 第 2 行，第 16 列：错误[E505]：页面 agency 没有 {{grade.leter}} 中的“leter”"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    @Test("help templates lists every page's names, from the types the theme is checked against, in both languages")
    func helpTemplates() throws {
        let en = try Gongshi.run(["--lang", "en", "help", "templates"])
        #expect(en.status == 0)
        for page in PageTemplates.all { #expect(en.stdout.contains("## Page \(page.name) (\(page.name).mustache)"), "\(page.name)") }
        let agency = try #require(en.stdout.components(separatedBy: "## Page agency (agency.mustache)").last?.components(separatedBy: "## Page").first)
        #expect(agency.contains("- `currentGrade` (an object)\n  - `class` (a text)\n  - `isE` (a flag)\n  - `letter` (a text)"))
        #expect(agency.contains("- `history` (a list; each item an object)"))
        #expect(agency.contains("And the names every page has."))
        #expect(!agency.contains("- `asOf`"))
        let zh = try Gongshi.run(["--lang", "zh", "help", "templates"])
        #expect(zh.status == 0 && zh.stdout.contains("## 页面 agency（agency.mustache）") && zh.stdout.contains("- `letter`（文字）"))
    }

    @Test("import is all or nothing: a bad import leaves the registry as it was")
    func importAllOrNothing() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        #expect(try Gongshi.run(["import", "--site", site]).status == 0)
        let before = try RegistryStore(path: site + "/registry.sqlite").counts().map(\.rows)
        #expect(before.reduce(0, +) > 40)
        // Break the site's agencies file and import again.
        let agencies = site + "/data/agencies.csv"
        try (String(contentsOfFile: agencies, encoding: .utf8) + "91330212MA2H0A1B0X,重复,鄞州区,地址,企业法人,张,一,,\r\n")
            .write(toFile: agencies, atomically: false, encoding: .utf8)
        let r = try Gongshi.run(["import", "--site", site])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[E104]"))
        #expect(r.stderr.contains("gongshi stopped at step 'check'"))
        #expect(try RegistryStore(path: site + "/registry.sqlite").counts().map(\.rows) == before)
    }

    @Test("build needs an imported registry and says so")
    func buildWithoutRegistry() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        let r = try Gongshi.run(["build", "--site", site, "--as-of", "2026-07-01"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("run gongshi import first"))
    }

    @Test("Usage errors exit 2: a date that does not exist, an unknown option")
    func usage() throws {
        #expect(try Gongshi.run(["build", "--as-of", "2026-02-30"]).status == 2)
        #expect(try Gongshi.run(["check", "--colour"]).status == 2)
        #expect(try Gongshi.run(["--help"]).status == 0)
    }
}
