import Messages
import Model

/// TOML 1.0 integers and floats: decimal integers without leading zeros, `0x` `0o` `0b` integers, floats with
/// a fraction, an exponent or both; underscores only between two digits; integers within 64 bits.
enum TOMLNumber {
    /// The value, or nil when the word is not a number at all; throws when it is one written wrongly.
    static func value(_ u: [UInt8]) throws -> TOMLValue? {
        guard let first = u.first, (0x30...0x39).contains(first) || first == UInt8(ascii: "+") || first == UInt8(ascii: "-") else { return nil }
        let text = String(decoding: u, as: UTF8.self)
        func bad(_ why: String, _ arguments: [String: MessageArgument] = [:]) -> TOMLError {
            TOMLError(line: 0, column: 0, message: Message("toml.badNumber", ["text": "\(text)", "why": .phrase(why, arguments)]))
        }
        if u.count > 2, u[0] == UInt8(ascii: "0"), let radix = [UInt8(ascii: "x"): 16, UInt8(ascii: "o"): 8, UInt8(ascii: "b"): 2][u[1]] {
            let digits = Array(u[2...])
            guard digitRun(digits[...], radix: radix) == digits.count else { throw bad("toml.badDigits", ["radix": "\(radix)"]) }
            guard let n = Int(String(decoding: digits.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self), radix: radix) else { throw bad("toml.beyond64Bits") }
            return .integer(n)
        }
        var i = first == UInt8(ascii: "+") || first == UInt8(ascii: "-") ? 1 : 0
        let wholeStart = i
        let whole = digitRun(u[i...], radix: 10)
        guard whole > 0 else {
            if u.count > i, u[i] == UInt8(ascii: "i") || u[i] == UInt8(ascii: "n") { return nil }
            throw bad("toml.numberStartsDigit")
        }
        i += whole
        if u[wholeStart] == UInt8(ascii: "0"), whole > 1 { throw bad("toml.leadingZeros") }
        var isFloat = false
        if i < u.count, u[i] == UInt8(ascii: ".") {
            let fraction = digitRun(u[(i + 1)...], radix: 10)
            guard fraction > 0 else { throw bad("toml.decimalPointDigits") }
            i += 1 + fraction
            isFloat = true
        }
        if i < u.count, u[i] | 0x20 == UInt8(ascii: "e") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-") { i += 1 }
            let exponent = digitRun(u[i...], radix: 10)
            guard exponent > 0 else { throw bad("toml.exponentNeedsDigits") }
            i += exponent
            isFloat = true
        }
        guard i == u.count else { throw bad("toml.misplacedUnderscore", ["text": "\(String(decoding: u[i...], as: UTF8.self))"]) }
        let plain = String(decoding: u.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        if isFloat { return .float(plain) }
        guard let n = Int(plain) else { throw bad("toml.beyond64Bits") }
        return .integer(n)
    }

    /// How many bytes from the start are digits of `radix` with each `_` between two digits; the run ends on
    /// a digit (a trailing `_` is left for the caller to refuse).
    static func digitRun(_ u: ArraySlice<UInt8>, radix: Int) -> Int {
        var count = 0, lastDigit = false, end = 0
        for c in u {
            let d: Int? = switch c {
            case 0x30...0x39: Int(c - 0x30)
            case 0x41...0x46: Int(c - 0x41 + 10)
            case 0x61...0x66: Int(c - 0x61 + 10)
            default: nil
            }
            if let d, d < radix {
                lastDigit = true
                count += 1
                end = count
            } else if c == UInt8(ascii: "_"), lastDigit {
                lastDigit = false
                count += 1
            } else {
                break
            }
        }
        return end
    }
}

/// TOML 1.0 date-times: `1979-05-27T07:32:00Z` (offset), `1979-05-27T07:32:00` (local), `1979-05-27`
/// (local date), `07:32:00` (local time), fractions of a second, `T`, `t` or a space between date and time.
/// Every field is checked against the calendar.
enum TOMLDateTime {
    static func value(_ w: String) throws -> TOMLValue {
        let u = Array(w.utf8)
        func bad(_ why: String, _ arguments: [String: MessageArgument] = [:]) -> TOMLError {
            TOMLError(line: 0, column: 0, message: Message("toml.badDateTime", ["text": "\(w)", "why": .phrase(why, arguments)]))
        }
        func number(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= u.count else { return nil }
            var n = 0
            for c in u[at..<(at + count)] {
                guard (0x30...0x39).contains(c) else { return nil }
                n = n * 10 + Int(c - 0x30)
            }
            return n
        }
        var i = 0
        var date: (year: Int, month: Int, day: Int)?
        if u.count >= 10, u[4] == UInt8(ascii: "-"), u[7] == UInt8(ascii: "-") {
            guard let y = number(0, 4), let m = number(5, 2), let d = number(8, 2) else { throw bad("toml.dateFormat") }
            guard (1...12).contains(m), d >= 1, d <= CivilDate.daysIn(month: m, year: y) else { throw bad("toml.noSuchDay") }
            date = (y, m, d)
            i = 10
            if i == u.count {
                if let civil = CivilDate(year: y, month: m, day: d) { return .date(civil) }
                return .dateTime(w)
            }
            guard [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(u[i]) else { throw bad("toml.dateTimeSeparator") }
            i += 1
        }
        guard let h = number(i, 2), i + 2 < u.count, u[i + 2] == UInt8(ascii: ":"), let mi = number(i + 3, 2),
              i + 5 < u.count, u[i + 5] == UInt8(ascii: ":"), let s = number(i + 6, 2) else {
            throw bad("toml.timeFormat")
        }
        guard h < 24, mi < 60, s <= 60 else { throw bad("toml.timeOutOfRange") }
        i += 8
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            let start = i
            while i < u.count, (0x30...0x39).contains(u[i]) { i += 1 }
            guard i > start else { throw bad("toml.fractionalSecondsDigits") }
        }
        if i < u.count {
            guard date != nil else { throw bad("toml.timeWithZone") }
            if u[i] | 0x20 == UInt8(ascii: "z"), i + 1 == u.count { return .dateTime(w) }
            guard u[i] == UInt8(ascii: "+") || u[i] == UInt8(ascii: "-"), i + 6 == u.count, let oh = number(i + 1, 2),
                  u[i + 3] == UInt8(ascii: ":"), let om = number(i + 4, 2), oh < 24, om < 60 else {
                throw bad("toml.badTimeZone")
            }
        }
        return .dateTime(w)
    }
}
