import Foundation
@testable import Import
import Testing
@testable import Evaluation
@testable import Model
@testable import Publishing
@testable import Rendering
import Store

/// A page that declares what it reads (an agency page, `AgencyPageKeys`; a comparison, `comparisonKey`) is taken
/// from the last build when its declared inputs key the same: a key that misses anything the page shows would
/// keep a stale page. Each test changes one input at a time — every cell of the data files, every text and number
/// of config.toml — imports it into a registry and reads it back as a build does, and requires every such page
/// whose context changed to have a new key; and, so that the keys are worth having, a change to one agency's
/// record to re-key no other agency's page.
@Suite("Issue 45: a page's declared key changes whenever its page does", .serialized)
struct AgencyPageKeyTests {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures").path
    static let demo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("content").path

    /// Each agency page's two keys: from its declared inputs, and from its context as built.
    struct Keys: Equatable {
        var declared: [UInt8]
        var context: [UInt8]
    }

    /// The keys of every page that declares its inputs, of the site at `root` on each day, or nil when its data or
    /// config do not load: the data imported into a registry and read back, as `import` and `build` do (the
    /// registry refuses what the data files alone do not, such as a code given to two agencies).
    static func keys(site root: String, days: [String]) -> [String: Keys]? {
        guard let config = try? SiteLayout(root: root).loadConfig() else { return nil }
        let outcome = CSVImporter(rules: config.rules, stagingFolder: root).importDirectory(root + "/data")
        guard !outcome.diagnostics.contains(where: { $0.severity == .error }) else { return nil }
        let path = root + "/registry-\(UUID().uuidString).sqlite"
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        guard let store = try? RegistryStore(path: path), (try? store.replaceAll(with: outcome.data, reportNumbers: outcome.reportNumbers)) != nil,
              let registry = try? store.loadForPublication() else { return nil }
        var keys: [String: Keys] = [:]
        for day in days {
            let publication = config.evaluator.evaluate(registry.published, asOf: CivilDate(iso: day)!)
            let contexts = PageContexts(site: config.site, publication: publication)
            // Every page that declares what it reads: the agency pages, and whatever declares its inputs next.
            for job in contexts.pageJobs(authored: [], reportIndex: ReportIndex(publication)) {
                guard let declared = job.dependencies else { continue }
                keys[day + " " + job.path] = Keys(declared: declared(), context: job.context().key(template: job.template, twin: job.twin))
            }
        }
        return keys
    }

    /// The lines of a file, each with its CR if it has one: "\r\n" is one Character to Swift, so a split on
    /// "\n" by characters would leave a file saved by Excel (CRLF) one line.
    static func lines(_ text: String) -> [String] {
        text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String(String.UnicodeScalarView($0)) }
    }

    /// A copy of the site to change.
    static func copy(_ root: String) throws -> String {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("page-keys-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
        for name in ["config.toml", "data"] { try FileManager.default.copyItem(atPath: root + "/" + name, toPath: copy + "/" + name) }
        return copy
    }

    /// Another of a closed list's values: a grade, a decision, a status, a form, an Art. 2 or Art. 12 numeral.
    static let otherValue = ["A": "B", "B": "C", "C": "D", "D": "A", "E": "A", "有效": "已注销", "已注销": "有效", "维持": "更正", "更正": "维持",
                             "待复核": "维持", "不予受理": "维持", "书面告知": "公开通报", "公开通报": "书面告知", "约见谈话": "书面告知",
                             "一": "二", "二": "三", "三": "四", "四": "五", "五": "六", "六": "七", "七": "一", "是": "否", "否": "是"]

    /// What a clerk might type instead: another agency's code, another value of a closed list, a date a day later,
    /// a number one more, text a character longer.
    static func changed(_ cell: String, letter: String, codes: [String]) -> String? {
        if cell.isEmpty { return nil }
        if let i = codes.firstIndex(of: cell) { return codes[(i + 1) % codes.count] }
        if let other = otherValue[cell] { return other }
        if let date = CivilDate(iso: cell) { return date.adding(days: 1).iso }
        if let n = Int(cell) { return "\(n + 1)" }
        if let x = Double(cell) { return String(format: "%g", x + 0.5) }
        return cell + letter
    }

    /// Compares the keys after one change with the keys before: every page whose context changed must have a new
    /// declared key. A key may change where the page did not (a column the page does not show, an indicator
    /// system's name): that costs a render, never a wrong byte — but with `oneAgency`, a change to one agency's
    /// record may cost no other agency's page. Returns how many pages changed.
    static func compare(_ before: [String: Keys], _ after: [String: Keys], change: String, oneAgency: Bool) -> Int {
        var changed = 0
        var rekeyed: Set<String> = []
        for (page, old) in before {
            guard let new = after[page] else { continue }
            if new.context != old.context {
                changed += 1
                #expect(new.declared != old.declared, "\(change): \(page) changed but kept its key")
            } else if new.declared != old.declared {
                rekeyed.insert(String(page.split(separator: " ")[1]))
            }
        }
        if oneAgency { #expect(rekeyed.count <= 1, "\(change): the pages of \(rekeyed.sorted()) did not change but got new keys") }
        return changed
    }

    /// One change to each cell of the chosen rows of each data file; returns the pages the changes changed.
    static func changeCells(site: String, days: [String], rows: (Int) -> [Int]) throws -> (changes: Int, pages: Int, files: Set<String>) {
        let copy = try copy(site)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let before = try #require(keys(site: copy, days: days))
        var changes = 0, pages = 0, files: Set<String> = []
        let codes = lines(try String(contentsOfFile: copy + "/data/agencies.csv", encoding: .utf8)).dropFirst()
            .compactMap { $0.split(separator: ",").first.map(String.init) }
        for file in try FileManager.default.contentsOfDirectory(atPath: copy + "/data").sorted() where file.hasSuffix(".csv") && file != "report-numbers.csv" {
            let path = copy + "/data/" + file
            // A file in GB18030 (as Excel saves CSV on a Chinese Windows) is edited byte for byte through Latin-1.
            let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            let encoding: String.Encoding = String(data: bytes, encoding: .utf8) == nil ? .isoLatin1 : .utf8
            let original = String(data: bytes, encoding: encoding)!
            let lines = Self.lines(original)
            for row in rows(lines.count) where row >= 1 && row < lines.count && !lines[row].isEmpty {
                let cells = lines[row].components(separatedBy: ",")
                for (column, cell) in cells.enumerated() {
                    guard let value = changed(cell.trimmingCharacters(in: .whitespacesAndNewlines), letter: encoding == .utf8 ? "甲" : "X",
                                              codes: codes) else { continue }
                    var edited = lines, newCells = cells
                    newCells[column] = value + (cell.hasSuffix("\r") ? "\r" : "")
                    edited[row] = newCells.joined(separator: ",")
                    try edited.joined(separator: "\n").write(toFile: path, atomically: true, encoding: encoding)
                    defer { try? original.write(toFile: path, atomically: true, encoding: encoding) }
                    guard let after = keys(site: copy, days: days) else { continue }
                    changes += 1
                    files.insert(file)
                    pages += compare(before, after, change: "\(file) line \(row + 1) column \(column + 1) → \(value)",
                                     oneAgency: lines[0].contains("统一社会信用代码"))
                }
            }
        }
        return (changes, pages, files)
    }

    /// One change to each text and each number of config.toml.
    static func changeConfig(site: String, days: [String]) throws -> (changes: Int, pages: Int) {
        let copy = try copy(site)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        let before = try #require(keys(site: copy, days: days))
        let path = copy + "/config.toml"
        let original = try String(contentsOfFile: path, encoding: .utf8)
        let lines = Self.lines(original)
        var changes = 0, pages = 0
        for (i, line) in lines.enumerated() {
            var edited = lines
            if let match = line.firstMatch(of: /= "([^"]+)"/) {
                edited[i] = line.replacingCharacters(in: match.range, with: "= \"\(match.output.1)甲\"")
            } else if let match = line.firstMatch(of: /= ([0-9]+)\b/), let n = Int(match.output.1) {
                // One less: most limits are maxima (a disclosure period of at most 36 months).
                edited[i] = line.replacingCharacters(in: match.range, with: "= \(n > 1 ? n - 1 : n + 1)")
            } else {
                continue
            }
            try edited.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
            defer { try? original.write(toFile: path, atomically: true, encoding: .utf8) }
            guard let after = keys(site: copy, days: days) else { continue }
            changes += 1
            pages += compare(before, after, change: "config.toml line \(i + 1)", oneAgency: false)
        }
        return (changes, pages)
    }

    /// Days around the fixture's notices, final publications, an E event and record ends.
    static let smallDays = ["2025-03-10", "2026-03-10", "2026-05-01", "2026-07-01", "2027-07-01"]

    @Test("Every cell of the fixture's data files, changed one at a time: each declared page whose context changed has a new key, and one agency's change re-keys no other agency's page")
    func everyCellOfTheFixture() throws {
        let result = try Self.changeCells(site: Self.fixtures + "/small-site", days: Self.smallDays, rows: { Array(1..<$0) })
        #expect(result.changes > 180 && result.pages > 900, "\(result)")
        // Every data file had a change the registry took (a file Swift read as one line would have none).
        #expect(result.files == Set(try FileManager.default.contentsOfDirectory(atPath: Self.fixtures + "/small-site/data")), "\(result.files)")
    }

    @Test("Every text and number of config.toml, changed one at a time, in the fixture and the demo")
    func everyTextOfTheConfig() throws {
        let small = try Self.changeConfig(site: Self.fixtures + "/small-site", days: Self.smallDays)
        #expect(small.changes >= 5 && small.pages > 0, "\(small)")
        let demo = try Self.changeConfig(site: Self.demo, days: ["2026-03-06", "2026-07-01"])
        #expect(demo.changes >= 20 && demo.pages > 0, "\(demo)")
    }

    @Test("The last row of each of the demo's data files, every cell changed one at a time, on a day of its notice")
    func demoRows() throws {
        let result = try Self.changeCells(site: Self.demo, days: ["2026-03-06"], rows: { [$0 - 2] })
        #expect(result.changes > 70 && result.pages > 300, "\(result)")
    }
}
