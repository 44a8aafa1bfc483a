@testable import Cryptography
import Testing
@testable import Model

@Suite("GB 32100-2015 unified social credit code")
struct UnifiedSocialCreditCodeTests {
    @Test("Published codes carry the check character the standard computes", arguments: [
        "91310115MA1K3CUM7M", "91350200776049653A", "91110000802100433B", "91440300708461136T",
    ])
    func publishedCodesAreValid(code: String) {
        #expect(UnifiedSocialCreditCode(code) != nil)
        #expect(UnifiedSocialCreditCode.checkCharacter(for: code.prefix(17)) == code.last)
    }

    @Test("A wrong check character is reported with the expected one")
    func wrongCheckCharacter() {
        #expect(UnifiedSocialCreditCode.validate("91310115MA1K3CUM7A") == .failure(.wrongCheckCharacter(found: "A", expected: "M")))
        #expect(UnifiedSocialCreditCode.validate("913502007760496530") == .failure(.wrongCheckCharacter(found: "0", expected: "A")))
    }

    @Test("Seventeen characters: the missing check character is named")
    func missingCheckCharacter() {
        #expect(UnifiedSocialCreditCode.validate("91310115MA1K3CUM7") == .failure(.missingCheckCharacter(expected: "M")))
    }

    @Test("Letters outside the standard's alphabet are rejected: I O S V Z, lowercase, full-width")
    func alphabet() {
        #expect(UnifiedSocialCreditCode.validate("91310115MA1K3CUO7M") == .failure(.invalidCharacter(position: 16, character: "O")))
        #expect(UnifiedSocialCreditCode.validate("91310115ma1k3cum7m") == .failure(.invalidCharacter(position: 9, character: "m")))
        #expect(UnifiedSocialCreditCode.validate("９1310115MA1K3CUM7M") == .failure(.invalidCharacter(position: 1, character: "９")))
        #expect(UnifiedSocialCreditCode.validate("9131011") == .failure(.wrongLength(7)))
    }

    @Test("Resident identity numbers (internal data) are checked with ISO 7064 MOD 11-2")
    func identityNumbers() {
        #expect(ResidentIdentityNumber.isValid("330212198001011238"))
        #expect(ResidentIdentityNumber.isValid("33020519750303321X"))
        #expect(!ResidentIdentityNumber.isValid("330212198001011239"))
        #expect(!ResidentIdentityNumber.isValid("33021219800101123"))
    }
}

@Suite("Dates, scores and grades as clerks write them")
struct ValueParsingTests {
    @Test("Dates that do not exist are refused: 2026-02-30, 2025-02-29, month 13")
    func impossibleDates() {
        #expect(CivilDate.parse("2026-02-30") == .failure(.doesNotExist(year: 2026, month: 2, day: 30)))
        #expect(CivilDate.parse("2025-02-29") == .failure(.doesNotExist(year: 2025, month: 2, day: 29)))
        #expect(CivilDate.parse("2024-13-01") == .failure(.doesNotExist(year: 2024, month: 13, day: 1)))
        #expect(CivilDate.parse("2024-02-29") == .success(CivilDate(year: 2024, month: 2, day: 29)!))
    }

    @Test("Excel and WPS date forms are read; others are not dates")
    func dateForms() {
        let expected = CivilDate(year: 2026, month: 3, day: 1)!
        for text in ["2026-03-01", "2026/3/1", "2026.3.1", "2026年3月1日", " 2026-03-01 "] {
            #expect(CivilDate.parse(text) == .success(expected), "\(text)")
        }
        // The last one crashed the importer (Int overflow) until make fuzz found it.
        for text in ["2026-03", "01/03/2026", "yesterday", "2026-03-01T00:00", "２０２６-03-01", "2024-03-02" + String(repeating: "1", count: 120), "02026-03-01"] {
            #expect(CivilDate.parse(text) == .failure(.notADate), "\(text)")
        }
    }

    @Test("Date arithmetic round-trips through day numbers and clamps month ends")
    func arithmetic() {
        let d = CivilDate(year: 2026, month: 1, day: 31)!
        #expect(CivilDate(dayNumber: d.dayNumber) == d)
        #expect(CivilDate(year: 1970, month: 1, day: 1)!.dayNumber == 0)
        #expect(d.adding(months: 1) == CivilDate(year: 2026, month: 2, day: 28))
        #expect(d.adding(days: 30) == CivilDate(year: 2026, month: 3, day: 2))
        #expect(CivilDate(year: 2024, month: 2, day: 29)!.adding(years: 1) == CivilDate(year: 2025, month: 2, day: 28))
    }

    @Test("Scores are exact decimals; NaN, exponents and three decimals are not scores")
    func scores() {
        #expect(Score.parse("85.5")?.hundredths == 8550)
        #expect(Score.parse("85.25")?.description == "85.25")
        #expect(Score.parse("90")?.description == "90")
        #expect(Score.parse("-5")?.hundredths == -500)
        for text in ["NaN", "1e9", "85.125", "", "８５", "85.", "+5", "inf"] {
            #expect(Score.parse(text) == nil, "\(text)")
        }
    }

    @Test("Art. 11: only the half-width capitals A–E are grades")
    func grades() {
        #expect(Grade(letter: "A") == .a)
        #expect(Grade(letter: " E ") == .e)
        for text in ["a", "F", "Ｅ", "A级", ""] { #expect(Grade(letter: text) == nil, "\(text)") }
    }

    @Test("Art. 2 and Art. 12: clause numbers 一 to 七, also 1–7 and （一）")
    func numerals() {
        #expect(ServiceCategory(numeral: "三") == .three)
        #expect(ServiceCategory(numeral: "（七）") == .seven)
        #expect(SeriousDishonestyTrigger(numeral: "4") == .four)
        #expect(ServiceCategory(numeral: "八") == nil)
        #expect(SeriousDishonestyTrigger(numeral: "0") == nil)
    }
}

@Suite("Art. 18: report numbers are compared in one form")
struct ReportNumberTests {
    @Test("Full-width characters, stray spaces, dashes of any kind or none, and lower case do not make another number")
    func normalization() {
        #expect(ReportNumber.normalized("ＮＢ－２０２５ 001") == "NB2025001")
        #expect(ReportNumber.normalized(" nb-jc2025-0001\u{3000}") == "NBJC20250001")
        #expect(ReportNumber.normalized("NB\u{2014}JC2025\u{2212}0001") == "NBJC20250001")
        // Art. 18: typed without its hyphens, a genuine number is the same number.
        #expect(ReportNumber.normalized("NBJC20250001") == ReportNumber.normalized("NB-JC2025-0001"))
        #expect(ReportNumber.normalized("甬环检字（2025）第12号") == "甬环检字(2025)第12号")
        // The legacy digest (before verification codes) kept dashes, unified: old registries migrate to what they had.
        #expect(ReportNumber.comparedForm("ＮＢ－２０２５ 001", droppingDashes: false) == "NB-2025001")
    }

    @Test("The ASCII shortcut gives what full Unicode normalization gives")
    func asciiShortcut() {
        for text in ["NB-JC2025-0001", "nb jc\t2025\r\n", "a\u{1C}b\u{7F}", "", " ", "x-Y_z.09/()", "\u{0}\u{8}Q", "--", "a-"] {
            for dropping in [true, false] {
                #expect(ReportNumber.comparedForm(text, droppingDashes: dropping) == ReportNumber.comparedFormByUnicode(text, droppingDashes: dropping),
                        "\(text.debugDescription)")
            }
        }
    }
}

@Suite("Digests as the index and SHA256SUMS write them")
struct DigestTests {
    @Test("SHA-256 in lower-case hex matches the FIPS 180-2 test vectors")
    func sha256Hex() {
        #expect(Digest.sha256(Array("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Digest.sha256([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect([UInt8]([0x00, 0x0f, 0xf0, 0xff]).hex == "000ff0ff")
    }
}
