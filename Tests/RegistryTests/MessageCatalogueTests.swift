import Foundation
@testable import Messages
import Testing
@testable import Model

/// The catalogue is the one place gongshi's texts live: these tests hold it complete in both languages and
/// in step with the code that uses it.
@Suite("One catalogue of messages, every text in Chinese and in English")
struct MessageCatalogueTests {
    static let sources = DocumentationTests.repository + "/Sources"

    /// Every string literal of the sources outside the catalogue itself, with the file it is in.
    static let literals: [(file: String, text: String)] = {
        var found: [(String, String)] = []
        let enumerator = FileManager.default.enumerator(atPath: sources)!
        let literal = try! Regex(#""((?:[^"\\\n]|\\.)*)""#)
        while let file = enumerator.nextObject() as? String {
            guard file.hasSuffix(".swift"), !file.hasPrefix("Messages/EnglishMessages"), !file.hasPrefix("Messages/ChineseMessages") else { continue }
            let text = try! String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for match in text.matches(of: literal) { found.append((file, String(text[match.range].dropFirst().dropLast()))) }
        }
        return found
    }()

    /// Codes the sources compare diagnostics with rather than say.
    static let comparedCodes: Set<String> = {
        var codes = Set<String>()
        let enumerator = FileManager.default.enumerator(atPath: sources)!
        while let file = enumerator.nextObject() as? String {
            guard file.hasSuffix(".swift") else { continue }
            let text = try! String(contentsOfFile: sources + "/" + file, encoding: .utf8)
            for m in text.matches(of: /code == "([EW][0-9]{3})"/) { codes.insert(String(m.output.1)) }
        }
        return codes
    }()

    /// What a key looks like: a code (`E104`, `E400.notString`) or a dotted name (`progress.render`).
    static func looksLikeKey(_ s: String) -> Bool {
        let files = [".toml", ".pub", ".key", ".csv", ".xlsx", ".md", ".json", ".html", ".zip", ".txt", ".xml", ".sqlite", ".mustache", ".css"]
        if files.contains(where: s.hasSuffix) { return false }
        let prefixes = MessageCatalogue.english.keys.compactMap { $0.split(separator: ".").first.map(String.init) }
        return s.wholeMatch(of: /[EW][0-9]{3}(\.[A-Za-z0-9]+)*/) != nil
            || (s.contains(".") && !s.contains(" ") && prefixes.contains(String(s.prefix { $0 != "." })) && s.wholeMatch(of: /[A-Za-z]+(\.[A-Za-z0-9]+)+/) != nil)
    }

    @Test("Every key has a Chinese and an English text, the same fix-or-not, and the same {placeholders}")
    func bothLanguages() {
        let zh = MessageCatalogue.chinese, en = MessageCatalogue.english
        #expect(zh.count > 500)
        #expect(Set(zh.keys) == Set(en.keys), "only Chinese: \(Set(zh.keys).subtracting(en.keys).sorted()); only English: \(Set(en.keys).subtracting(zh.keys).sorted())")
        for (key, english) in en {
            guard let chinese = zh[key] else { continue }
            #expect(!chinese.text.isEmpty && !english.text.isEmpty, "\(key)")
            #expect(chinese.fix.isEmpty == english.fix.isEmpty, "\(key): a fix in one language only")
            #expect(chinese.placeholders == english.placeholders, "\(key): \(chinese.placeholders.sorted()) ≠ \(english.placeholders.sorted())")
            // Text beyond placeholders and symbols is said in Chinese.
            let words = MessageTemplate.fill(english.text + english.fix) { _ in "" }.filter(\.isLetter)
            if words.count > 3 && !key.hasPrefix("toml.type.") {
                #expect((chinese.text + chinese.fix).unicodeScalars.contains { (0x4E00...0x9FFF).contains($0.value) }, "\(key) has no Chinese: \(chinese.text)")
            }
        }
    }

    @Test("A diagnostic's texts end without a full stop: the line adds it")
    func noFinalStop() {
        for (key, t) in MessageCatalogue.chinese where key.first == "E" || key.first == "W" {
            #expect(!t.text.hasSuffix("。") && !t.fix.hasSuffix("。"), "\(key)")
        }
        for (key, t) in MessageCatalogue.english where key.first == "E" || key.first == "W" {
            #expect(!t.text.hasSuffix(".") && !t.fix.hasSuffix("."), "\(key)")
        }
    }

    @Test("Every diagnostic code in the catalogue has its row in both references, and every documented code a text", arguments: ["data-format.md", "data-format.zh.md"])
    func codesDocumented(_ file: String) throws {
        let doc = try String(contentsOfFile: DocumentationTests.repository + "/docs/" + file, encoding: .utf8)
        let catalogued = Set(MessageCatalogue.english.keys.compactMap { key -> String? in
            key.wholeMatch(of: /[EW][0-9]{3}(\..*)?/) != nil ? String(key.prefix(4)) : nil
        })
        for code in catalogued.sorted() { #expect(doc.contains("| \(code) |"), "\(code) is not in the table of codes") }
        let documented = doc.matches(of: /\n\| ([EW][0-9]{3}) \|/).map { String($0.output.1) }
        #expect(documented.count > 100)
        for code in documented { #expect(catalogued.contains(code), "\(code) is documented but has no message") }
    }

    @Test("Every key the code names is in the catalogue, and every entry of the catalogue is named by the code")
    func keysInStep() {
        let keys = Set(MessageCatalogue.english.keys)
        // Comparisons with a code (`$0.code == "E009"`) name a code, not a text.
        let named = Set(Self.literals.map(\.text).filter(Self.looksLikeKey)).filter { $0.count > 4 || keys.contains($0) || !Self.comparedCodes.contains($0) }
        for key in named.subtracting(keys).sorted() { Issue.record("\(key) is used in the sources but has no text") }
        let all = Set(Self.literals.map(\.text))
        for key in keys.subtracting(all).sorted() { Issue.record("\(key) is in the catalogue but nothing uses it") }
    }

    @Test("A place is said in the reader's language: line, column and cell")
    func locations() {
        let cell = SourceLocation(file: "data/登记册.xlsx", sheet: "资质认定证书", line: 7, column: 3, field: "证书编号")
        #expect(cell.description(in: .zh) == "data/登记册.xlsx：资质认定证书!C7（证书编号）")
        #expect(cell.description(in: .en) == "data/登记册.xlsx: 资质认定证书!C7 (证书编号)")
        let line = SourceLocation(file: "data/agencies.csv", line: 12, column: 1, field: "统一社会信用代码")
        #expect(line.description(in: .zh) == "data/agencies.csv 第 12 行，第 1 列（统一社会信用代码）")
        #expect(line.description(in: .en) == "data/agencies.csv:12: column 1 (统一社会信用代码)")
        #expect(SourceLocation(file: "data/登记册.xlsx", sheet: "机构", line: 5).description(in: .zh) == "data/登记册.xlsx：机构 表第 5 行")
        #expect(SourceLocation(file: "config.toml", line: 3, field: "grading.rule").description(in: .zh) == "config.toml 第 3 行：grading.rule")
    }

    @Test("A diagnostic reads as one sentence in each language, with its code in both")
    func diagnosticLine() {
        let d = Diagnostic(at: SourceLocation(file: "data/agencies.csv", line: 3, column: 1, field: "统一社会信用代码"), "E102", ["raw": "91330211", "n": "8"])
        #expect(d.description(in: .zh) == "data/agencies.csv 第 3 行，第 1 列（统一社会信用代码）：错误[E102]：“91330211”有 8 个字符；统一社会信用代码是 18 位。怎么改：照营业执照重新抄录代码")
        #expect(d.description == "data/agencies.csv:3: column 1 (统一社会信用代码): error[E102]: '91330211' has 8 characters; a unified social credit code has 18. Fix: copy the code again from the business licence")
        #expect(d.code == "E102")
    }

    @Test("Phrases, lists and places inside a message are said in its language")
    func nestedArguments() {
        let m = Message("E143", ["year": "2025", "what": .list([.phrase("E143.grade"), .phrase("E143.scores")])])
        #expect(m.text(.zh).contains("却有等级、分数"))
        #expect(m.text(.en).contains("has a grade, scores"))
        let first = Message("E110", ["code": "X", "first": .at(SourceLocation(file: "data/agencies.csv", line: 4))])
        #expect(first.text(.zh) == "机构 X 出现了两次（第一次在 data/agencies.csv 第 4 行）")
        #expect(first.text(.en) == "agency X is listed twice (first at data/agencies.csv:4)")
    }

    @Test("A message naming another data file names the sheet when the data is kept in a workbook")
    func dataFileInWorkbook() {
        let d = Diagnostic(at: SourceLocation(file: "data/登记册.xlsx", sheet: "信用评价", line: 2, column: 1), "E111",
                           ["code": "X", "agenciesFile": .dataFile("agencies.csv"), "elsewhere": "", "near": ""])
        let named = d.naming(dataFilesAt: ["agencies.csv": Origin(file: "data/登记册.xlsx", sheet: "机构", line: nil)])
        #expect(named.text.text(.zh) == "data/登记册.xlsx 的“机构”表 中没有代码为 X 的机构")
        #expect(named.message == "no agency with code X in the sheet 机构 of data/登记册.xlsx")
        #expect(d.naming(dataFilesAt: ["agencies.csv": Origin(file: "data/agencies.csv", line: nil)]).message == "no agency with code X in agencies.csv")
    }

    @Test("The language is --lang's, else the locale's: English only for an English locale")
    func languageOfEnvironment() {
        #expect(Language.of(environment: [:]) == .zh)
        #expect(Language.of(environment: ["LANG": "C.UTF-8"]) == .zh)
        #expect(Language.of(environment: ["LANG": "en_US.UTF-8"]) == .en)
        #expect(Language.of(environment: ["LANG": "en_US.UTF-8", "LC_ALL": "zh_CN.UTF-8"]) == .zh)
        #expect(Language.of(environment: ["LANG": "zh_CN.UTF-8", "LC_MESSAGES": "en_GB.UTF-8"]) == .en)
        #expect(Language(code: "en") == .en && Language(code: "zh-CN") == .zh && Language(code: "fr") == nil)
    }
}
