@testable import Import
@testable import Messages
import Testing
@testable import Model

/// Text that looks like one thing and is another: found by Unicode's properties, every line end counted
/// in bytes, every encoding named.
@Suite("Trust: text that looks like other text is refused, by Unicode properties, not by a list")
struct TextSafetyTests {
    static let agencies = "统一社会信用代码,机构名称,所在区县,地址,法人性质,法定代表人,服务类别\n"
        + "91330212MA2H0A1B0F,宁波甲测检测技术有限公司,鄞州区,宁波市鄞州区测试路1号,企业法人,张甲,一\n"

    func importAgencies(_ text: String) -> [Diagnostic] {
        CSVImporter(rules: .ningbo).importFiles(["agencies.csv": Array(text.utf8)]).diagnostics
    }

    @Test("Every invisible or look-alike character in a name is refused with E011 at its cell",
          arguments: [0x00AD, 0x034F, 0x115F, 0x1160, 0x180E, 0x2800, 0x3164, 0xFFA0, 0xE0041, 0xE0001, 0xFE0F, 0xE0100,
                      0x200B, 0x200D, 0x2060, 0x202E, 0x2066, 0x200F, 0x061C, 0x2028, 0x0085, 0x001B, 0xFDD0, 0xFFFE])
    func invisible(code: Int) throws {
        let scalar = try #require(Unicode.Scalar(UInt32(code)))
        let text = Self.agencies.replacingOccurrences(of: "甲测", with: "甲" + String(scalar) + "测")
        let found = importAgencies(text).filter { $0.severity == .error }
        #expect(found.map(\.code) == ["E011"], "U+\(String(code, radix: 16))")
        #expect(found.first?.location == SourceLocation(file: "data/agencies.csv", line: 2, column: 2, field: "机构名称"))
    }

    @Test("Visible text passes: CJK, full-width punctuation, the ideographic space, emoji without joiners, a tab")
    func visible() {
        for text in ["宁波甲测（鄞州）检测技术有限公司", "第一行\n第二行", "A\tB", "ＡＢＣ１２３", "测试　路", "水和废水 pH值", "🙂"] {
            #expect(TextSafety.firstProblem(in: text) == nil, "\(text)")
        }
    }

    @Test("A bare CR inside an unquoted cell is an error naming its line and column; CR-only line ends are read as lines")
    func carriageReturns() throws {
        #expect(CSVReader.read("a,b\r\n宁波\r乙测,x\r\n") == .failure(.bareCarriageReturn(line: 2, column: 1)))
        #expect(CSVReader.read("a,b\n1,\"x\"\r2,3\n") == .failure(.bareCarriageReturn(line: 2, column: 2)))
        let mac = try CSVReader.read("a,b\r1,2\r\"3\r4\",5\r6,7\r").get()
        #expect(mac.header == ["a", "b"])
        #expect(mac.records.map(\.fields) == [["1", "2"], ["3\n4", "5"], ["6", "7"]])
        #expect(mac.records.map(\.line) == [2, 3, 5])
        // Errors in a CR-only file name the right line too.
        let found = importAgencies(Self.agencies.replacingOccurrences(of: "\n", with: "\r") + "91330212MA2H0A1B0X,乙,鄞州区,地址,企业法人,李乙,一\r")
        #expect(found.map { "\($0.code)@\($0.location.line ?? 0)" } == ["E104@3"])
        // A CR inside a quoted cell is a line break, in the one form a value holds.
        #expect(try CSVReader.read("a\n\"x\ry\"\n").get().records[0].fields == ["x\ny"])
    }

    @Test("A byte-order mark inside the file is reported at its line, with LF and with CRLF line ends")
    func byteOrderMarkLine() {
        let lines = (1...5).map { "行\($0)" }
        for end in ["\n", "\r\n"] {
            let text = lines.joined(separator: end) + end + "\u{FEFF}第六行" + end
            #expect(TextDecoder.decode(Array(text.utf8)) == .failure(.byteOrderMarkInside(line: 6)), "\(end.debugDescription)")
        }
    }

    @Test("UTF-32 is called UTF-32, in both byte orders; UTF-16 is called UTF-16")
    func utf32() {
        #expect(TextDecoder.decode([0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0]) == .failure(.utf32))
        #expect(TextDecoder.decode([0, 0, 0xFE, 0xFF, 0, 0, 0, 0x41]) == .failure(.utf32))
        #expect(TextDecoder.decode([0xFE, 0xFF, 0, 0x41]) == .failure(.utf16))
        let found = CSVImporter(rules: .ningbo).importFiles(["agencies.csv": [0xFF, 0xFE, 0, 0, 0x41, 0, 0, 0]]).diagnostics
        #expect(found.first?.message.contains("UTF-32") == true)
    }
}
