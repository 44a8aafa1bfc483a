import Testing
@testable import Model

/// The importer's fast paths must say exactly what the slow ones say.
@Suite("Cell text: trimming and verification codes, fast paths included")
struct CellTextTests {
    @Test("Spaces at either end go (ASCII, U+3000, U+00A0); a space inside a character or the text stays", arguments: [
        ("中文", "中文"), ("  中文\u{3000}", "中文"), ("\u{A0}甬环罚〔2025〕3号\u{A0}", "甬环罚〔2025〕3号"), ("\t2025-01-01\r", "2025-01-01"),
        ("a b", "a b"), ("", ""), ("\u{3000}", ""), ("中\u{3000}文", "中\u{3000}文"),
        // One character each: a space that a combining accent joins is not a space to trim.
        ("x \u{301}", "x \u{301}"), ("\u{600} x", "\u{600} x"),
        ("é", "é"), ("x\u{3001}", "x\u{3001}"), ("x\u{2000}", "x\u{2000}"),
    ])
    func trimming(_ input: String, _ expected: String) {
        #expect(input.trimmingWhitespace() == expected)
        #expect(Substring(input).trimmingWhitespace() == expected)
    }

    @Test("Art. 18: a verification code is compared without dashes, full-width folded, in capitals")
    func codes() {
        #expect(ReportNumber.normalizedCode("ab-cd-ef-gh-12-34") == "ABCDEFGH1234")
        #expect(ReportNumber.normalizedCode("ＡＢ－ＣＤ") == ReportNumber.normalizedCode("AB-CD"))
        #expect(ReportNumber.weakness(ofCode: "ab-cd-ef-gh-12-34") == nil)
        #expect(ReportNumber.weakness(ofCode: "-\u{301}ABCDEFGH1234") != nil)
    }
}
