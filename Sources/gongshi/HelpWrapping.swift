import Foundation

/// Chinese help wrapped by display width before swift-argument-parser sees it. The parser breaks lines at spaces
/// and counts characters, so a Chinese paragraph with one space in it broke mid-sentence at that space, and a
/// Chinese character (two columns) overflowed the terminal. Lines here fit the terminal in columns and break
/// between Chinese characters (never inside a Latin word, never before 。，） or after （); the parser then keeps
/// them as they are, since each is shorter than its own limit.
enum HelpWrapping {
    /// Set when this run prints help (`-h`, `--help`, `gongshi help`): a dump for the manual page or a
    /// completion script gets the text unwrapped.
    nonisolated(unsafe) static var enabled = false
    /// The help asked for is the root command's, which lists every subcommand's abstract at column 26.
    nonisolated(unsafe) static var listsSubcommands = false

    /// The terminal's width as swift-argument-parser reads it: the window size, else `COLUMNS`, else 80.
    static var screenWidth: Int {
        var size = winsize()
        if ioctl(STDOUT_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        if let columns = ProcessInfo.processInfo.environment["COLUMNS"].flatMap(Int.init), columns > 0 { return columns }
        return 80
    }

    /// Help text for `key`, wrapped to where the parser shows it: an option's help starts at column 28 (as does
    /// a subcommand's abstract in the root's list), a command's own abstract after `OVERVIEW: `, its discussion at 0.
    static func wrap(_ text: String, key: String) -> String {
        let ownAbstract = key.hasSuffix(".abstract") && (key == "help.gongshi.abstract" || !listsSubcommands)
        let indent = key.hasSuffix(".discussion") ? 0 : ownAbstract ? 10 : 28
        return wrap(text, width: max(20, screenWidth - indent - 1))
    }

    static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            // An example line (indented) or one without Chinese is the parser's to wrap, as in English.
            guard !line.hasPrefix(" "), line.contains(where: isWide) else { return String(line) }
            return wrapLine(Array(line), width: width).joined(separator: "\n")
        }.joined(separator: "\n")
    }

    static func wrapLine(_ characters: [Character], width: Int) -> [String] {
        var lines: [String] = []
        var start = 0
        while start < characters.count {
            var end = start, used = 0, lastBreak: Int?
            while end < characters.count, used + columns(characters[end]) <= width {
                used += columns(characters[end])
                end += 1
                if end < characters.count, canBreak(before: end, characters) { lastBreak = end }
            }
            if end == characters.count { lines.append(String(characters[start...])); break }
            // No place to break within the width (a long path or option): the whole word goes on, as the parser would.
            var cut = lastBreak ?? end
            if lastBreak == nil {
                while cut < characters.count, !canBreak(before: cut, characters) { cut += 1 }
            }
            lines.append(String(characters[start..<cut]).trimmingCharacters(in: .whitespaces))
            start = cut
            while start < characters.count, characters[start] == " " { start += 1 }
        }
        return lines
    }

    static let noLineStart: Set<Character> = Set("，。、；：？！）」』】》…”’·,.;:?!)%")
    static let noLineEnd: Set<Character> = Set("（「『【《“‘(")

    static func canBreak(before i: Int, _ characters: [Character]) -> Bool {
        let previous = characters[i - 1], next = characters[i]
        if next == " " || previous == " " { return true }
        guard isWide(previous) || isWide(next) else { return false }
        return !noLineStart.contains(next) && !noLineEnd.contains(previous)
    }

    static func columns(_ c: Character) -> Int { isWide(c) ? 2 : 1 }

    /// East Asian wide and full-width characters: CJK, kana, Hangul, full-width forms and punctuation.
    static func isWide(_ c: Character) -> Bool {
        guard let v = c.unicodeScalars.first?.value else { return false }
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }
}
