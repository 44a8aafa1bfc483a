@testable import Import
import Testing
@testable import Model

@Suite("Reading CSV as Excel and WPS write it")
struct CSVReadingTests {
    @Test("Quoted fields keep commas, quotes and line breaks; records know their first line")
    func quoting() throws {
        let text = "名称,地址\r\n\"甲,乙\",\"第一行\r\n第二行\"\r\n\"说\"\"好\"\"\",x\r\n"
        let table = try CSVReader.read(text).get()
        #expect(table.header == ["名称", "地址"])
        #expect(table.records.map(\.fields) == [["甲,乙", "第一行\n第二行"], ["说\"好\"", "x"]])
        #expect(table.records.map(\.line) == [2, 4])
    }

    @Test("Rows of empty cells are skipped; a missing final newline is fine")
    func emptyRows() throws {
        let table = try CSVReader.read("a,b\n1,2\n,,\n\n3,4").get()
        #expect(table.records.map(\.fields) == [["1", "2"], ["3", "4"]])
        #expect(table.records.map(\.line) == [2, 5])
    }

    @Test("An unterminated quote is reported at the line and column where it opened")
    func unterminated() {
        #expect(CSVReader.read("a,b\n1,\"open\n2,3\n") == .failure(.unterminatedQuote(line: 2, column: 2)))
        #expect(CSVReader.read("a,b\n\"x\"y,2\n") == .failure(.textAfterClosingQuote(line: 2, column: 1)))
        #expect(CSVReader.read("") == .failure(.empty))
    }

    @Test("UTF-8 with and without BOM, and GB18030, decode to the same text")
    func encodings() throws {
        let text = "统一社会信用代码,机构名称\n91310115MA1K3CUM7M,宁波甬清检测有限公司\n"
        let utf8 = Array(text.utf8)
        // 宁波 in GB18030 is C4 FE B2 A8.
        let gb = try #require(TextDecoder.convertGB18030Back(text))
        let plain = try TextDecoder.decode(utf8).get()
        let bom = try TextDecoder.decode([0xEF, 0xBB, 0xBF] + utf8).get()
        let chinese = try TextDecoder.decode(gb).get()
        #expect(plain.text == text && plain.encoding == .utf8 && !plain.hadByteOrderMark)
        #expect(bom.text == text && bom.hadByteOrderMark)
        #expect(chinese.text == text && chinese.encoding == .gb18030)
        #expect(gb.indices.contains { gb[$0...].starts(with: [0xC4, 0xFE, 0xB2, 0xA8]) })
    }

    @Test("UTF-16, NUL bytes and bytes of no known encoding are refused with a line")
    func refused() {
        #expect(TextDecoder.decode([0xFF, 0xFE, 0x41, 0x00]) == .failure(.utf16))
        #expect(TextDecoder.decode(Array("a\nb\0c".utf8)) == .failure(.nulByte(line: 2)))
        #expect(TextDecoder.decode(Array("ok\n".utf8) + [0x81, 0x20], as: .gb18030) == .failure(.undecodable(line: 2, encoding: .gb18030)))
        #expect(TextDecoder.decode(Array("ok\n".utf8) + [0xFF], as: .utf8) == .failure(.undecodable(line: 2, encoding: .utf8)))
    }
}

extension TextDecoder {
    /// UTF-8 → GB18030 through iconv, for tests that need a file as Excel saves it.
    static func convertGB18030Back(_ text: String) -> [UInt8]? {
        let cd = iconv_open("GB18030", "UTF-8")
        guard let cd, cd != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(cd) }
        var input = Array(text.utf8)
        var output = [UInt8](repeating: 0, count: input.count * 2 + 8)
        let inCount = input.count, outCount = output.count
        let written: Int? = input.withUnsafeMutableBufferPointer { inBuf in
            output.withUnsafeMutableBufferPointer { outBuf in
                var inPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(inBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var outPtr: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(outBuf.baseAddress!).assumingMemoryBound(to: CChar.self)
                var inLeft = inCount, outLeft = outCount
                return iconv(cd, &inPtr, &inLeft, &outPtr, &outLeft) == -1 ? nil : outCount - outLeft
            }
        }
        return written.map { Array(output[..<$0]) }
    }
}

#if canImport(Glibc)
import Glibc
#endif
