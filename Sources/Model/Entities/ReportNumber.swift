import Foundation
import Messages

/// Art. 18: a report number as the registry keeps it (internal: the number itself is never published).
public struct ReportNumber: Sendable, Hashable {
    public var origin: Origin
    public var number: String
    /// The verification code printed on the report (验证码, 防伪码): internal, never published.
    public var code: String
    public var agency: UnifiedSocialCreditCode
    public var issuedOn: CivilDate
    public var type: String

    public init(origin: Origin, number: String, code: String, agency: UnifiedSocialCreditCode, issuedOn: CivilDate, type: String) {
        self.origin = origin; self.number = number; self.code = code; self.agency = agency; self.issuedOn = issuedOn; self.type = type
    }

    /// The form a number is compared in: full-width characters made half-width (NFKC), spaces and dashes
    /// removed, letters in capitals — so "ＮＢ－２０２５ 001", "nb-2025001" and "NB2025001" are the same
    /// number. Art. 18: a reader who types a genuine number without its hyphens must not be told it is not
    /// registered; the verify page says so and its script does the same.
    public static func normalized(_ text: String) -> String { comparedForm(text, droppingDashes: true) }

    /// `droppingDashes` false: the form before verification codes, which kept dashes (unified), for the legacy digest.
    package static func comparedForm(_ text: String, droppingDashes: Bool) -> String {
        // ASCII, the usual case, needs no Unicode normalization: drop spaces (and dashes), capitalize. Read
        // over the bytes themselves: ten million numbers, each normalized for its digest and its key.
        var text = text
        let ascii = text.withUTF8 { bytes -> (isASCII: Bool, changes: Bool) in
            var high: UInt8 = 0, changes = false
            for byte in bytes {
                high |= byte
                changes = changes || byte <= 0x20 || (0x61...0x7A).contains(byte) || (droppingDashes && byte == 0x2D)
            }
            return (high < 0x80, changes)
        }
        guard ascii.isASCII else { return comparedFormByUnicode(text, droppingDashes: droppingDashes) }
        guard ascii.changes else { return text }
        let dropped = { (byte: UInt8) in byte == 0x20 || (0x09...0x0D).contains(byte) || (droppingDashes && byte == 0x2D) }
        var bytes: [UInt8] = []
        for byte in text.utf8 where !dropped(byte) {
            bytes.append((0x61...0x7A).contains(byte) ? byte - 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func comparedFormByUnicode(_ text: String, droppingDashes: Bool) -> String {
        var out = ""
        for scalar in text.precomposedStringWithCompatibilityMapping.unicodeScalars {
            if scalar.properties.isWhitespace { continue }
            switch scalar.value {
            case 0x2D, 0x2010...0x2015, 0x2212, 0xFE58, 0xFE63: if !droppingDashes { out.append("-") }
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out.uppercased()
    }

    /// Separates these hashes from any other SHA-256; the verify page prefixes the same text.
    /// v3: numbers compared without dashes (v2 kept them); a page or index of one cannot match the other's.
    public static let digestDomain = "gongshi-report-v3\n"

    /// A verification code as compared: like a number, full-width folded, spaces and dashes removed, capitals.
    public static func normalizedCode(_ text: String) -> String { normalized(text) }

    /// Why a code is too easy to guess, or nil: at least 12 letters or digits, or 16 digits if digits only
    /// (about 2^53 possibilities or more), nothing else.
    public static func weakness(ofCode code: String) -> Message? { weakness(ofCodeKey: normalizedCode(code)) }

    /// The same, of a code already normalized (`normalizedCode`).
    package static func weakness(ofCodeKey key: String) -> Message? {
        var c = key
        // Over the bytes: letters and digits, whether digits only, and the distinct characters, counted in a
        // bitmap (a Set per row costs at millions).
        let (alphanumeric, digitsOnly, seen) = c.withUTF8 { bytes in
            var alphanumeric = true, digitsOnly = true, seen: UInt64 = 0
            for byte in bytes {
                let digit = (0x30...0x39).contains(byte)
                alphanumeric = alphanumeric && (digit || (0x41...0x5A).contains(byte))
                digitsOnly = digitsOnly && digit
                if alphanumeric { seen |= 1 << UInt64(byte - 0x30) }
            }
            return (alphanumeric, digitsOnly, seen)
        }
        guard alphanumeric else { return Message("E106.notAlphanumeric") }
        let needed = digitsOnly ? 16 : 12
        if c.utf8.count < needed { return Message(digitsOnly ? "E106.fewDigits" : "E106.fewCharacters", ["count": "\(c.utf8.count)", "needed": "\(needed)"]) }
        if seen.nonzeroBitCount < 4 { return Message("E106.repetitive") }
        return nil
    }
}

/// Art. 18: what the public registry holds of a report number — the SHA-256 of it and its verification
/// code (`ReportNumber.digest(number:code:)`), never the number.
public struct PublishedReportNumber: Sendable, Hashable {
    public var origin: Origin
    /// Hex SHA-256 of the normalized number and code.
    public var digest: String
    public var agency: UnifiedSocialCreditCode
    public var issuedOn: CivilDate
    public var type: String

    public init(origin: Origin, digest: String, agency: UnifiedSocialCreditCode, issuedOn: CivilDate, type: String) {
        self.origin = origin; self.digest = digest; self.agency = agency; self.issuedOn = issuedOn; self.type = type
    }
}

/// A report number as the registry stores it, with its published digest (`ReportNumber.digest(number:code:)`).
public typealias ReportNumberRow = (number: ReportNumber, digest: String)

extension ReportNumber {
    /// `report-numbers.csv` and the `report_number` table. Art. 18: the number and its code are internal; only
    /// the SHA-256 of their normalized forms is published.
    public static let entity = Entity<ReportNumberRow>(
        file: "report-numbers.csv", title: "监测报告编号（第十八条）", table: "report_number", tableTitle: "监测报告编号", fields: [
            .required("报告编号", .identifier, "监测报告上的编号；内部，不公开", en: "the number on the report; compared without spaces and dashes, in half-width capitals (`NB-2025-001` and `nb2025001` are one number: two rows that differ only so are duplicates, E119); *internal*, never published", column: "number", .internal, withheld: true) { $0.number.number },
            .required("验证码", .identifier, "报告上印制的验证码（防伪码），随机的至少 12 位字母或数字（纯数字至少 16 位）；内部，不公开。网站只公开编号与验证码组合的哈希值", en: "the verification code (防伪码) printed on the report, as the supervision system issued it: random, at least 12 letters or digits, or 16 digits if digits only (E106); each report its own (E107); compared like the number, without dashes; *internal*, never published. The site holds only the SHA-256 of number and code together, so no one can list numbers from it by trying the numbering pattern",
                      column: "verification_code", .internal, withheld: true, addedBy: 8) { $0.number.code },
            .agencyCode(en: "the agency that issued the report") { $0.number.agency },
            .required("出具日期", .date, "报告出具之日", en: "date", column: "issued_on") { $0.number.issuedOn },
            .required("报告类型", .text, "如 监测报告、运维报告", en: "e.g. 监测报告, 运维报告", column: "report_type") { $0.number.type },
            .sourceLine { $0.number.origin.line },
            .stored("digest", "报告编号与验证码规范化后的 SHA-256", addedBy: 6) { $0.digest },
        ])
}

extension ReportNumber {
    /// The internal side, for `gongshi check`; the public side is read column by column at scale (`RegistryReader`).
    public static func read(_ f: inout some StoredRow) -> ReportNumber {
        ReportNumber(origin: f.origin, number: f.string("number"), code: f.string("verification_code"), agency: f.agencyCode(),
                     issuedOn: f.date("issued_on"), type: f.string("report_type"))
    }
}
