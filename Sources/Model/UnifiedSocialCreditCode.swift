/// GB 32100-2015: the 18-character unified social credit code (统一社会信用代码) that identifies
/// every agency, with its check character in position 18.
public struct UnifiedSocialCreditCode: Sendable, Hashable, Comparable, CustomStringConvertible, Codable {
    public let value: String

    /// The 31 characters the standard uses: digits and capitals without I, O, S, V, Z.
    public static let alphabet: [Character] = Array("0123456789ABCDEFGHJKLMNPQRTUWXY")
    static let weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    static let index: [Character: Int] = Dictionary(uniqueKeysWithValues: alphabet.enumerated().map { ($1, $0) })

    public enum Problem: Error, Equatable, Sendable {
        case wrongLength(Int)
        /// 17 valid characters: the check character is missing; carries the expected one.
        case missingCheckCharacter(expected: Character)
        case invalidCharacter(position: Int, character: Character)
        case wrongCheckCharacter(found: Character, expected: Character)
    }

    /// The check character for the first 17 characters (GB 32100-2015, 4.3), or nil if one is not in the alphabet.
    public static func checkCharacter(for body: some StringProtocol) -> Character? {
        guard body.count == 17 else { return nil }
        var sum = 0
        for (i, ch) in body.enumerated() {
            guard let v = index[ch] else { return nil }
            sum += v * weights[i]
        }
        let c = 31 - sum % 31
        return alphabet[c == 31 ? 0 : c]
    }

    /// ASCII byte → value in the alphabet, or -1: the fast path for the codes that are right, which are
    /// nearly all (every row of a registry read back names one).
    static let byteValues: [Int8] = {
        var table = [Int8](repeating: -1, count: 256)
        for (v, ch) in alphabet.enumerated() { table[Int(ch.asciiValue!)] = Int8(v) }
        return table
    }()

    static func isValidASCII(_ text: String) -> Bool {
        var text = text
        return text.withUTF8 { bytes in
            guard bytes.count == 18 else { return false }
            var sum = 0
            for i in 0..<17 {
                let v = Int(byteValues[Int(bytes[i])])
                guard v >= 0 else { return false }
                sum += v * weights[i]
            }
            let c = 31 - sum % 31
            return bytes[17] == alphabet[c == 31 ? 0 : c].asciiValue!
        }
    }

    public static func validate(_ text: String) -> Result<UnifiedSocialCreditCode, Problem> {
        if isValidASCII(text) { return .success(UnifiedSocialCreditCode(unchecked: text)) }
        let chars = Array(text)
        if let (i, ch) = chars.enumerated().first(where: { index[$0.element] == nil }) {
            return .failure(.invalidCharacter(position: i + 1, character: ch))
        }
        if chars.count == 17, let expected = checkCharacter(for: text) {
            return .failure(.missingCheckCharacter(expected: expected))
        }
        guard chars.count == 18 else { return .failure(.wrongLength(chars.count)) }
        let expected = checkCharacter(for: text.prefix(17))!
        guard chars[17] == expected else { return .failure(.wrongCheckCharacter(found: chars[17], expected: expected)) }
        return .success(UnifiedSocialCreditCode(unchecked: text))
    }

    public init?(_ text: String) {
        guard case .success(let code) = UnifiedSocialCreditCode.validate(text) else { return nil }
        self = code
    }

    /// For values already validated (read back from the registry).
    public init(unchecked value: String) { self.value = value }

    public var description: String { value }
    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }

    public init(from decoder: Decoder) throws { value = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(value)
    }
}

/// GB 11643-1999: the 18-digit resident identity number, ISO 7064 MOD 11-2 check. Internal data only.
public enum ResidentIdentityNumber {
    static let weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    static let checks: [Character] = Array("10X98765432")

    public static func checkCharacter(for body: some StringProtocol) -> Character? {
        guard body.count == 17 else { return nil }
        var sum = 0
        for (i, ch) in body.enumerated() {
            guard let d = ch.asciiDigitValue else { return nil }
            sum += d * weights[i]
        }
        return checks[sum % 11]
    }

    public static func isValid(_ text: String) -> Bool {
        guard text.count == 18, let expected = checkCharacter(for: text.prefix(17)) else { return false }
        return text.last == expected
    }
}
