import Foundation
import Testing
@testable import Model

@Suite("docs/data-format.md documents what the code reads")
struct DocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    let doc = (try? String(contentsOfFile: DocumentationTests.repository + "/docs/data-format.md", encoding: .utf8)) ?? ""
    let zh = (try? String(contentsOfFile: DocumentationTests.repository + "/docs/data-format.zh.md", encoding: .utf8)) ?? ""

    @Test("Every data file and every column of it is documented in the file's own section, in both languages")
    func columns() throws {
        for (doc, yes, no) in [(doc, "yes", "no"), (zh, "是", "否")] {
            for format in CSVFormat.all {
                let start = try #require(doc.range(of: "## \(format.file) — "), "\(format.file)")
                let after = doc[start.upperBound...]
                let section = after.range(of: "\n## ").map { after[..<$0.lowerBound] } ?? after
                for column in format.columns {
                    #expect(section.contains("| \(column.header) | \(column.required ? yes : no) |"), "\(format.file): \(column.header)")
                }
            }
        }
    }

    @Test("Every column says what it holds in Chinese and in English, and the English says nothing the Chinese lacks")
    func columnTexts() {
        for format in CSVFormat.all {
            for column in format.columns {
                #expect(!column.doc.isEmpty && !column.en.isEmpty, "\(format.file): \(column.header)")
                #expect(column.doc.contains { $0.unicodeScalars.first!.value >= 0x4E00 }, "\(format.file): \(column.header) has no Chinese")
            }
        }
    }

    @Test("The Chinese reference is Chinese: every heading and every paragraph has Chinese words in it")
    func chineseProse() {
        for paragraph in zh.components(separatedBy: "\n\n") where !paragraph.hasPrefix("|") && !paragraph.hasPrefix("```") {
            #expect(paragraph.contains { ("\u{4E00}"..."\u{9FFF}").contains($0) }, "\(paragraph.prefix(80))")
        }
        // Words a Chinese reader should not meet as prose (code values and names in backticks are fine).
        let unquoted = zh.replacing(/`[^`]*`/, with: "")
        for word in ["the ", " of ", " and ", " is ", "Fix:", "error["] { #expect(!unquoted.contains(word), "\(word)") }
    }

    @Test("Every message code the sources can emit has a row in the table of codes")
    func codes() throws {
        var codes = Set<String>()
        let sources = Self.repository + "/Sources"
        let enumerator = FileManager.default.enumerator(atPath: sources)!
        let pattern = try Regex(#""[EW][0-9]{3}[".]"#)
        while let file = enumerator.nextObject() as? String {
            guard file.hasSuffix(".swift") else { continue }
            let text = try String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in text.matches(of: pattern) { codes.insert(String(text[match.range].dropFirst().prefix(4))) }
        }
        #expect(codes.count > 50)
        for code in codes.sorted() {
            #expect(doc.contains("| \(code) |"), "\(code)")
            #expect(zh.contains("| \(code) |"), "\(code) in docs/data-format.zh.md")
        }
    }
}
