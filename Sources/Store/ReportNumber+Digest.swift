import Cryptography
import Model

extension ReportNumber {
    /// The hex SHA-256 of the number alone, as gongshi published it before verification codes (dashes kept).
    /// Report numbers follow patterns, so this can be reversed by trying them: it is never published now,
    /// and only the migration of an old registry still names it.
    package static func legacyDigest(of number: String) -> String {
        Digest.sha256(Array(comparedForm(number, droppingDashes: false).utf8)).hex
    }

    /// Art. 18: what the site publishes instead of the number — the hex SHA-256 of the normalized number and
    /// the normalized verification code. Without the code, printed only on the report, no one can list the
    /// numbers from the index by trying the numbering pattern: each number would need 2^53 tries or more.
    public static func digest(number: String, code: String) -> String {
        digest(numberKey: normalized(number), codeKey: normalizedCode(code)).hex
    }

    /// The same SHA-256, as bytes, of a number and code already normalized (`normalized`, `normalizedCode`).
    package static func digest(numberKey: String, codeKey: String) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digestDomain.utf8.count + numberKey.utf8.count + codeKey.utf8.count + 1)
        bytes += digestDomain.utf8
        bytes += numberKey.utf8
        bytes.append(0x0A)
        bytes += codeKey.utf8
        return Digest.sha256(bytes)
    }
}
