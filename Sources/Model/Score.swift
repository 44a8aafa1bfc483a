/// Art. 9: an indicator score or total, kept in hundredths of a point so that ranking and sums are exact.
public struct Score: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let hundredths: Int

    public init(hundredths: Int) { self.hundredths = hundredths }
    public init(points: Int) { self.hundredths = points * 100 }

    /// Accepts plain decimals with at most two decimal places: `85`, `85.5`, `85.25`.
    /// Rejects `NaN`, exponents, signs other than a leading minus, and full-width digits.
    public static func parse(_ text: String) -> Score? {
        let t = text.trimmingWhitespace()
        var digits = Substring(t)
        var negative = false
        if digits.first == "-" { negative = true; digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.count <= 7,
              whole.allSatisfy({ $0.asciiDigitValue != nil }) else { return nil }
        var value = Int(whole)! * 100
        if parts.count == 2 {
            let fraction = parts[1]
            guard (1...2).contains(fraction.count), fraction.allSatisfy({ $0.asciiDigitValue != nil }) else { return nil }
            value += Int(fraction)! * (fraction.count == 1 ? 10 : 1)
        }
        return Score(hundredths: negative ? -value : value)
    }

    /// Shortest exact decimal: `85`, `85.5`, `85.25`.
    public var description: String {
        let sign = hundredths < 0 ? "-" : ""
        let v = abs(hundredths)
        let whole = v / 100, fraction = v % 100
        if fraction == 0 { return "\(sign)\(whole)" }
        if fraction % 10 == 0 { return "\(sign)\(whole).\(fraction / 10)" }
        return "\(sign)\(whole).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    /// For JSON output: an exact decimal number.
    public var decimalValue: Double { Double(hundredths) / 100 }

    public static func < (a: Score, b: Score) -> Bool { a.hundredths < b.hundredths }
    public static func + (a: Score, b: Score) -> Score { Score(hundredths: a.hundredths + b.hundredths) }
    public static let zero = Score(hundredths: 0)
}
