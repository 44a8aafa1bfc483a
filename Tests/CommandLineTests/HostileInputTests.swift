import Foundation
import Testing

/// Tests/Fixtures/hostile: every bad or hostile file with its expected outcome (expected.tsv), checked by
/// the real binary on a copy of the fixture site.
@Suite("Hostile input: a clear error or a safe rendering, never anything else")
struct HostileInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var file: String
        /// Data file name → fixture file that replaces it.
        var replacements: [String: String]
        /// Sorted `CODE@file:line:column`, or empty for `ok`.
        var expected: [String]
        var testDescription: String { file }
    }

    static let cases: [Case] = {
        let text = try! String(contentsOfFile: Gongshi.fixture("hostile/expected.tsv"), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("#") }.map { line in
            let parts = line.split(separator: "\t").map(String.init)
            var replacements: [String: String] = [:]
            for (i, target) in parts[1].split(separator: ",").enumerated() {
                let pair = target.split(separator: "=").map(String.init)
                replacements[pair[0]] = i == 0 ? parts[0] : pair[1]
            }
            return Case(file: parts[0], replacements: replacements, expected: parts[2] == "ok" ? [] : parts[2].split(separator: " ").map(String.init).sorted())
        }
    }()

    /// `data/agencies.csv:3: column 1 (统一社会信用代码): error[E101]: …` → `E101@agencies.csv:3:1`.
    static func parse(_ stderr: String) -> [String] {
        stderr.split(separator: "\n").compactMap { line -> String? in
            guard let mark = line.range(of: #"(error|warning)\[([EW][0-9]{3})\]"#, options: .regularExpression) else { return nil }
            let code = String(line[mark].split(separator: "[")[1].dropLast())
            let parts = line[..<mark.lowerBound].components(separatedBy: ": ")
            let place = parts[0].split(separator: ":")
            let file = place[0].replacingOccurrences(of: "data/", with: "")
            let lineNumber = place.count > 1 ? String(place[1]) : "0"
            let column = parts.count > 1 && parts[1].hasPrefix("column ") ? String(parts[1].dropFirst(7).prefix { $0.isNumber }) : "0"
            return "\(code)@\(file):\(lineNumber):\(column)"
        }.sorted()
    }

    @Test("Each hostile file gives exactly its expected diagnostics", arguments: HostileInputTests.cases)
    func hostileFile(_ c: Case) throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        for (target, fixture) in c.replacements {
            let destination = site + "/data/" + target
            try? FileManager.default.removeItem(atPath: destination)
            try FileManager.default.copyItem(atPath: Gongshi.fixture("hostile/" + fixture), toPath: destination)
        }
        let r = try Gongshi.run(["check", "--site", site])
        #expect(Self.parse(r.stderr) == c.expected, "\(r.stderr.prefix(2000))")
        #expect(r.status == (c.expected.contains { $0.hasPrefix("E") } ? 1 : 0))
        #expect(!r.stderr.contains("Fatal error") && !r.stderr.contains("Crash"))
    }

    @Test("The corpus covers what the issue lists")
    func coverage() {
        let files = Set(Self.cases.map(\.file))
        for name in ["agencies-gbk.csv", "agencies-utf16.csv", "agencies-mixed-encodings.csv", "agencies-bom-inside.csv", "agencies-nul.csv",
                     "evaluations-truncated.csv", "agencies-unbalanced-quote.csv", "agencies-missing-column.csv", "agencies-repeated-column.csv",
                     "agencies-extra-field.csv", "agencies-empty.csv", "agencies-huge-field.csv", "agencies-fullwidth-digit.csv",
                     "agencies-fullwidth-space.csv", "agencies-lowercase-code.csv", "agencies-wrong-check.csv", "code-exceptions-legacy.csv",
                     "agencies-duplicate.csv", "evaluations-unknown-agency.csv", "publication-stages-impossible-date.csv",
                     "evaluations-bad-scores.csv", "evaluations-bad-grades.csv", "agencies-rtl-override.csv", "agencies-hostile-names.csv"] {
            #expect(files.contains(name), "\(name)")
        }
    }
}

/// Deep or long TOML in the files a site holds: a named error, never a crash (it was SIGSEGV: the stack).
@Suite("Deep TOML in config.toml and in front matter", .serialized)
struct DeepTOMLTests {
    @Test("10,000 nested inline tables in config.toml, 100,000 nested arrays in a page's front matter: E400 with line and column, exit 1")
    func deep() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        let config = try String(contentsOfFile: site + "/config.toml", encoding: .utf8)
        try ("deep = " + String(repeating: "{a = ", count: 10_000) + "1" + String(repeating: "}", count: 10_000) + "\n" + config)
            .write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
        let r = try Gongshi.run(["check", "--site", site])
        #expect(r.status == 1 && r.stderr.contains("config.toml:1: column 508: error[E400]") && r.stderr.contains("nested more than 100 levels"), "\(r.stderr.prefix(600))")
        try config.write(toFile: site + "/config.toml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: site + "/pages", withIntermediateDirectories: true)
        try ("+++\ntitle = \"深\"\nx = " + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "\n+++\n正文\n")
            .write(toFile: site + "/pages/deep.md", atomically: true, encoding: .utf8)
        let page = try Gongshi.run(["check", "--site", site])
        #expect(page.status == 1 && page.stderr.contains("pages/deep.md:3: column 105: error[E400]"), "\(page.stderr.prefix(600))")
    }
}

@Suite("Pages and notices gongshi does not publish are named, never ignored silently")
struct HiddenPageTests {
    @Test("pages/..md, pages/.hidden.md and notices/.draft.md: a W024 warning each, and nothing published from them")
    func hiddenPages() throws {
        let site = try Gongshi.copyOfSite(Gongshi.fixture("small-site"))
        defer { try? FileManager.default.removeItem(atPath: site) }
        for folder in ["pages", "notices"] { try FileManager.default.createDirectory(atPath: site + "/" + folder, withIntermediateDirectories: true) }
        for file in ["pages/..md", "pages/.hidden.md", "notices/.draft.md"] {
            try "+++\ntitle = \"隐藏\"\n+++\n正文\n".write(toFile: site + "/" + file, atomically: true, encoding: .utf8)
        }
        let r = try Gongshi.run(["check", "--site", site])
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["pages/..md", "pages/.hidden.md", "notices/.draft.md"] {
            #expect(r.stderr.contains("\(file): warning[W024]"), "\(file): \(r.stderr)")
        }
    }
}

/// A workbook gongshi cannot read is named for what it is, and nothing else is said to be missing because of it.
@Suite("Unreadable workbooks: said for what they are", .serialized)
struct UnreadableWorkbookTests {
    static func site() throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-locked-\(UUID().uuidString)").path
        #expect(try Gongshi.run(["init", folder]).status == 0)
        return folder
    }

    @Test("A workbook saved with a password (msoffcrypto-tool), an old .xls renamed .xlsx, a damaged one: E018 says which, and no E009 'missing' beside it")
    func unreadable() throws {
        let site = try Self.site()
        defer { try? FileManager.default.removeItem(atPath: site) }
        let book = site + "/data/登记册.xlsx"
        let locked = site + "/locked.xlsx"
        // Encrypted as Excel does (ECMA-376 agile encryption), by msoffcrypto-tool from PyPI (Tests/Tools/requirements.txt).
        let made = try Gongshi.run(["/usr/bin/env", "python3", "-m", "msoffcrypto", "-e", "-p", "secret", book, locked], viaShell: true,
                                   environment: ["LANG": "en_US.UTF-8", "PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"])
        #expect(made.status == 0, "\(made.stderr)")
        try FileManager.default.removeItem(atPath: book)
        try FileManager.default.moveItem(atPath: locked, toPath: book)
        let r = try Gongshi.run(["check", "--site", site])
        #expect(r.status == 1 && r.stderr.contains("saved with a password") && !r.stderr.contains("not a zip archive") && !r.stderr.contains("E009"), "\(r.stderr)")
        // An old workbook renamed, and a workbook cut short.
        try Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + Array(repeating: 0, count: 504)).write(to: URL(fileURLWithPath: book))
        let old = try Gongshi.run(["check", "--site", site])
        #expect(old.status == 1 && old.stderr.contains("old Excel or WPS workbook (.xls or .et) renamed .xlsx") && !old.stderr.contains("E009"), "\(old.stderr)")
        try Data("PK\u{3}\u{4}cut".utf8).write(to: URL(fileURLWithPath: book))
        let cut = try Gongshi.run(["check", "--site", site])
        #expect(cut.status == 1 && cut.stderr.contains("E018") && !cut.stderr.contains("E009"), "\(cut.stderr)")
    }
}
