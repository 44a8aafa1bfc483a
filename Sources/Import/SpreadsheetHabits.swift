import Model
/// What a spreadsheet does to a value on its way to a CSV file, told from the value itself, so that the
/// message names the spreadsheet's habit and the fix in the clerk's terms rather than "not a date".
enum SpreadsheetHabits {
    static func problem(_ value: String, kind: CSVColumn.Kind) -> CellProblem? {
        // Only codes and dates are read for a spreadsheet's marks; the `?` test needs no trimming.
        let text = kind == .identifier || kind == .date ? value.trimmingWhitespace() : value
        switch kind {
        case .identifier where isScientific(text):
            return CellProblem(
                "E015.scientificNotation",
                ["text": "\(text)"])
        case .date:
            if text.utf8.count == 5, let serial = Int(text), (20_000...80_000).contains(serial),
               case .success(let day) = CellText.serialDay(Double(serial), date1904: false) {
                return CellProblem("E016.serialInText",
                                   ["text": "\(text)", "dayIso": "\(day.iso)"])
            }
            if let year = twoDigitYear(text) {
                return CellProblem("E016.twoDigitYear",
                                   ["text": "\(text)", "year": "\(year)"])
            }
        default: break
        }
        if let position = lostCharacter(text) {
            return CellProblem(
                "E026",
                ["position": "\(position)"])
        }
        return nil
    }

    /// `9.13302E+17`, `2.21114E+11`, `9.13302001E+017`: a digit, maybe decimals, `E`, a sign, digits. The sign
    /// tells it from a real code, which may hold `E` between digits (`91330206E200000008`) but never `+`.
    static func isScientific(_ s: String) -> Bool {
        let b = Array(s.utf8)
        func digit(_ i: Int) -> Bool { i < b.count && (48...57).contains(b[i]) }
        var i = 0
        guard digit(i) else { return false }
        i += 1
        if i < b.count, b[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
        }
        guard i + 2 < b.count, b[i] | 0x20 == UInt8(ascii: "e"), b[i + 1] == UInt8(ascii: "+") || b[i + 1] == UInt8(ascii: "-") else { return false }
        i += 2
        guard digit(i) else { return false }
        while digit(i) { i += 1 }
        return i == b.count
    }

    /// The two digits of a year written `22年11月1日`, `22-11-01`, `22/11/1` or `22.11.1`.
    static func twoDigitYear(_ s: String) -> String? {
        // Three digits first (`2025-…`, the usual case): not a two-digit year, and no Character walk to say so.
        let start = s.utf8.prefix(3)
        if start.count == 3, start.allSatisfy({ (0x30...0x39).contains($0) }) { return nil }
        var groups: [String] = [], separators: [Character] = [], current = ""
        for ch in s {
            if ch.isASCII, ch.isNumber { current.append(ch); continue }
            guard !current.isEmpty else { return nil }
            groups.append(current); current = ""
            separators.append(ch)
        }
        if !current.isEmpty { groups.append(current) }
        let allowed: [[Character]] = [["-", "-"], ["/", "/"], [".", "."], ["年", "月", "日"], ["年", "月"]]
        guard groups.count == 3, allowed.contains(separators), groups[0].count == 2, groups[1].count <= 2, groups[2].count <= 2 else { return nil }
        return groups[0]
    }

    /// A half-width `?` beside a Chinese character or another `?`: what GBK or an ANSI code page writes for a
    /// character it cannot hold. Its 1-based position, or nil.
    static func lostCharacter(_ s: String) -> Int? {
        guard s.utf8.contains(UInt8(ascii: "?")) else { return nil }
        let chars = Array(s)
        func isCJK(_ c: Character) -> Bool { c.unicodeScalars.first.map { (0x3400...0x9FFF).contains($0.value) || (0x20000...0x3FFFF).contains($0.value) } ?? false }
        for (i, c) in chars.enumerated() where c == "?" {
            let neighbours = [i > 0 ? chars[i - 1] : nil, i + 1 < chars.count ? chars[i + 1] : nil].compactMap { $0 }
            if neighbours.contains(where: { isCJK($0) || $0 == "?" }) { return i + 1 }
        }
        return nil
    }
}
