import Foundation
import Testing
@testable import Model

@Suite("docs/data-format.md documents what the code reads")
struct DocumentationTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    let doc = (try? String(contentsOfFile: DocumentationTests.repository + "/docs/data-format.md", encoding: .utf8)) ?? ""

    @Test("Every data file and every column of it is documented in the file's own section")
    func columns() throws {
        for format in CSVFormat.all {
            let start = try #require(doc.range(of: "## \(format.file)"), "\(format.file)")
            let after = doc[start.upperBound...]
            let section = after.range(of: "\n## ").map { after[..<$0.lowerBound] } ?? after
            for column in format.columns {
                #expect(section.contains("| \(column.header) | \(column.required ? "yes" : "no") |"), "\(format.file): \(column.header)")
            }
        }
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
        for code in codes.sorted() { #expect(doc.contains("| \(code) |"), "\(code)") }
    }
}
