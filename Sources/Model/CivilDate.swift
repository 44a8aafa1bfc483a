/// A calendar date with no time and no time zone, as the bureau's documents write dates.
public struct CivilDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil for dates that do not exist (2026-02-30, 2025-02-29, month 13).
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2999).contains(year), (1...12).contains(month),
              (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    public static func isLeap(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `2026-03-01`, `2026/3/1`, `2026.3.1` and `2026年3月1日` (Excel and WPS exports vary).
    public enum ParseFailure: Error, Equatable, Sendable {
        case notADate
        case doesNotExist(year: Int, month: Int, day: Int)
    }

    public static func parse(_ text: String) -> Result<CivilDate, ParseFailure>  {
        // `2025-03-01`, as nearly every cell holds it: read from the bytes, without a Character walk.
        if text.utf8.count == 10, let date = isoForm(text.utf8) { return date }
        var numbers: [Int] = []
        var current = ""
        var separators: [Character] = []
        for ch in text.trimmingWhitespace() {
            if let digit = ch.asciiDigitValue {
                // No part of a date has more than four digits; a longer run would also overflow Int
                // (found by make fuzz: "2024-03-0211111111…").
                guard current.count < 4 else { return .failure(.notADate) }
                current.append(Character(String(digit)))
            } else {
                guard !current.isEmpty else { return .failure(.notADate) }
                numbers.append(Int(current)!)
                current = ""
                separators.append(ch)
            }
        }
        if !current.isEmpty { numbers.append(Int(current)!) }
        let allowed: [[Character]] = [["-", "-"], ["/", "/"], [".", "."], ["年", "月", "日"]]
        guard numbers.count == 3, allowed.contains(separators),
              (1000...9999).contains(numbers[0]), numbers[1] < 100, numbers[2] < 100 else {
            return .failure(.notADate)
        }
        guard let date = CivilDate(year: numbers[0], month: numbers[1], day: numbers[2]) else {
            return .failure(.doesNotExist(year: numbers[0], month: numbers[1], day: numbers[2]))
        }
        return .success(date)
    }

    /// `YYYY-MM-DD` in ASCII digits with a year from 1000: the date, or why it is none; nil for any other form.
    static func isoForm(_ bytes: String.UTF8View) -> Result<CivilDate, ParseFailure>? {
        var digits: [Int] = []
        digits.reserveCapacity(8)
        for (i, byte) in bytes.enumerated() {
            if i == 4 || i == 7 {
                guard byte == UInt8(ascii: "-") else { return nil }
            } else {
                guard (0x30...0x39).contains(byte) else { return nil }
                digits.append(Int(byte - 0x30))
            }
        }
        let year = digits[0] * 1000 + digits[1] * 100 + digits[2] * 10 + digits[3]
        let month = digits[4] * 10 + digits[5], day = digits[6] * 10 + digits[7]
        guard year >= 1000 else { return nil }
        guard let date = CivilDate(year: year, month: month, day: day) else { return .failure(.doesNotExist(year: year, month: month, day: day)) }
        return .success(date)
    }

    /// Strict ISO 8601 form, as written by gongshi itself.
    public init?(iso text: String) {
        guard case .success(let date) = CivilDate.parse(text), text.count == 10, text.contains("-") else { return nil }
        self = date
    }

    public var iso: String {
        let m = month < 10 ? "0\(month)" : "\(month)"
        let d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    /// `2026年3月1日`, the form used in Chinese prose.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    public var description: String { iso }

    /// Days since 1970-01-01 (proleptic Gregorian), for date arithmetic without Foundation's clock.
    public var dayNumber: Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146097 + doe - 719468
    }

    public init(dayNumber: Int) {
        let z = dayNumber + 719468
        let era = (z >= 0 ? z : z - 146096) / 146097
        let doe = z - era * 146097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.year = yoe + era * 400 + (m <= 2 ? 1 : 0)
        self.month = m
        self.day = d
    }

    public func adding(days: Int) -> CivilDate { CivilDate(dayNumber: dayNumber + days) }

    /// The same day `n` months later, clamped to the month's last day (2026-01-31 + 1 month = 2026-02-28).
    public func adding(months n: Int) -> CivilDate {
        let total = year * 12 + (month - 1) + n
        let y = total / 12, m = total % 12 + 1
        return CivilDate(year: y, month: m, day: min(day, CivilDate.daysIn(month: m, year: y)))!
    }

    public func adding(years n: Int) -> CivilDate { adding(months: 12 * n) }

    public static func < (a: CivilDate, b: CivilDate) -> Bool {
        (a.year, a.month, a.day) < (b.year, b.month, b.day)
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let date = CivilDate(iso: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a date: \(text)"))
        }
        self = date
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso)
    }
}

extension Character {
    /// 0–9 for ASCII digits only (full-width digits are rejected, not silently converted).
    package var asciiDigitValue: Int? {
        guard let ascii = asciiValue, ascii >= 48, ascii <= 57 else { return nil }
        return Int(ascii - 48)
    }
}
