import Foundation
import Testing

/// docs/articles.md, the map from each article of the measures to its code, tests and outputs, held to the
/// sources, the tests and a build of the demo.
@Suite("The article map")
struct ArticleMapTests {
    struct Entry {
        var article: Int
        var code: [String] = []
        var tests: [String] = []
        var shows: [String] = []
    }

    static func names(in line: String) -> [String] {
        line.components(separatedBy: "`").enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    }

    static func entries() throws -> [Entry] {
        let text = try String(contentsOfFile: Gongshi.repository + "/docs/articles.md", encoding: .utf8)
        var entries: [Entry] = []
        for line in text.components(separatedBy: "\n") {
            if line.hasPrefix("## Art. "), let n = Int(line.dropFirst(8).prefix { $0.isNumber }) { entries.append(Entry(article: n)) }
            guard !entries.isEmpty else { continue }
            if line.hasPrefix("- code:") { entries[entries.count - 1].code = names(in: line) }
            if line.hasPrefix("- tests:") { entries[entries.count - 1].tests = names(in: line) }
            if line.hasPrefix("- shows:") { entries[entries.count - 1].shows = names(in: line) }
        }
        return entries
    }

    static func files(under folder: String, suffix: String) -> [String] {
        let root = Gongshi.repository + "/" + folder
        let all = FileManager.default.enumerator(atPath: root)!.compactMap { $0 as? String }.filter { $0.hasSuffix(suffix) }.sorted()
        return all.map { try! String(contentsOfFile: root + "/" + $0, encoding: .utf8) }
    }

    @Test("docs/articles.md names, for every article 1–24, code that exists, tests that exist and outputs the demo builds")
    func map() throws {
        let entries = try Self.entries()
        #expect(entries.map(\.article) == Array(1...24))
        let sources = Self.files(under: "Sources", suffix: ".swift").joined(separator: "\n")
        let tests = Self.files(under: "Tests", suffix: ".swift").joined(separator: "\n")
        let output = OpenDataValidationTests.built.output
        func declared(_ name: String, _ kinds: String) -> Bool {
            sources.range(of: "(\(kinds)) \(NSRegularExpression.escapedPattern(for: name))\\b", options: .regularExpression) != nil
        }
        for entry in entries {
            for symbol in entry.code {
                let parts = symbol.split(separator: ".").map(String.init)
                #expect(declared(parts[0], "struct|enum|class|protocol|extension|typealias|actor"), "Art. \(entry.article): no type \(parts[0])")
                if parts.count > 1 { #expect(declared(parts[1], "func|var|let|case|init|struct|enum|class"), "Art. \(entry.article): no member \(symbol)") }
            }
            for test in entry.tests {
                #expect(tests.contains("@Test(\"\(test)\""), "Art. \(entry.article): no test titled “\(test)”")
            }
            for path in entry.shows {
                let file = output + "/" + path.replacingOccurrences(of: "YEAR", with: "2025")
                #expect(FileManager.default.fileExists(atPath: file), "Art. \(entry.article): the demo build has no \(path)")
            }
        }
        // Articles with rules for data have code and a test.
        for entry in entries where ![1, 4, 22, 23].contains(entry.article) {
            #expect(!entry.code.isEmpty && !entry.tests.isEmpty, "Art. \(entry.article)")
        }
    }
}
