import Messages
import Model

/// A TOML value, with where it was written (`TOMLTable.Entry.line`).
public indirect enum TOMLValue: Sendable {
    case string(String)
    case integer(Int)
    /// A float as written, underscores removed (`85.5`, `1e3`, `inf`, `nan`): the reader of a setting decides
    /// what precision it takes.
    case float(String)
    case bool(Bool)
    /// A local date (`2026-03-01`), the only kind of date gongshi's settings use.
    case date(CivilDate)
    /// An offset or local date-time, or a local time, as written (`1979-05-27T07:32:00Z`): valid TOML that no
    /// setting of gongshi takes, kept so that the message can say what the key expects instead.
    case dateTime(String)
    case array([TOMLValue])
    case table(TOMLTable)

    var typeName: MessageArgument {
        switch self {
        case .string: return .phrase("toml.type.string")
        case .integer: return .phrase("toml.type.integer")
        case .float: return .phrase("toml.type.float")
        case .bool: return .phrase("toml.type.bool")
        case .date: return .phrase("toml.type.date")
        case .dateTime: return .phrase("toml.type.dateTime")
        case .array: return .phrase("toml.type.array")
        case .table: return .phrase("toml.type.table")
        }
    }
}

public struct TOMLTable: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var value: TOMLValue
        public var line: Int
    }

    /// How a table came to be, which decides what may still be added to it (TOML 1.0 § Table).
    enum Definition: Sendable {
        /// Named only on the way to another table (`a` in `[a.b]`): may be defined once later.
        case implicit
        /// By its own `[header]`, or the root.
        case header
        /// By dotted keys (`a.b = 1` makes `a`): more dotted keys may add to it, a header may not.
        case dotted
        /// `{ … }`: complete as written.
        case inline
    }

    public var entries: [Entry] = []
    /// Each key's position in `entries`: a table of 20,000 keys is read in linear time, not by a search per key.
    private var positions: [String: Int] = [:]
    /// Line of the `[header]` (or 1 for the root table).
    public var line: Int = 1
    var definition = Definition.header
    /// Keys whose arrays are arrays of tables (`[[key]]`), which later headers may extend.
    var arraysOfTables: Set<String> = []

    public subscript(key: String) -> TOMLValue? { entries.first { $0.key == key }?.value }
    init(entries: [Entry] = [], line: Int = 1, definition: Definition = .header) {
        self.line = line
        self.definition = definition
        for entry in entries { append(entry) }
    }

    public func entry(_ key: String) -> Entry? { position(of: key).map { entries[$0] } }

    func position(of key: String) -> Int? { positions[key] }

    /// A new key (the callers have checked it is new).
    mutating func append(_ entry: Entry) {
        positions[entry.key] = entries.count
        entries.append(entry)
    }
}

public struct TOMLError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: Message

    /// The diagnostic's key: E402 (`syntax`, e.g. `E402.frontMatter`) for the syntax, E400.tooDeep for a document
    /// nested past `TOMLParser.maximumDepth`, which is valid TOML but no setting.
    public func diagnosticKey(syntax: String = "E402") -> String { message.key == "toml.tooDeep" ? "E400.tooDeep" : syntax }
}

/// TOML 1.0.0, all of it: comments, bare, quoted and dotted keys, `[tables]` and `[[arrays of tables]]`,
/// basic and literal strings on one line or several, decimal, hex, octal and binary integers, floats with
/// exponents, `inf` and `nan`, booleans, offset and local date-times, dates and times, arrays and inline
/// tables — and every rule of the spec about what may be defined where and how often. Held to the
/// toml-test suite (`TOMLConformanceTests`). Read byte by byte, so that a string that begins with a
/// combining mark is a string; every error has its line and column. Linear in its input and bounded in depth:
/// arrays and inline tables nest, and keys have dotted parts, at most `maximumDepth` deep (a deeper document is
/// refused with its line and column, not a crash), and a position's column is counted only for an error.
public struct TOMLParser {
    let b: [UInt8]
    var i = 0
    var line = 1
    var lineStart = 0
    /// Arrays and inline tables open around the current value.
    var depth = 0

    /// Deeper than any configuration needs; what stack, and time, a document may take stays bounded.
    public static let maximumDepth = 100

    /// Where a value or key starts, to say where it was when an error is found after it.
    struct Mark {
        var line: Int
        var lineStart: Int
        var index: Int
    }

    var mark: Mark { Mark(line: line, lineStart: lineStart, index: i) }

    func error(at mark: Mark, _ message: Message) -> TOMLError {
        TOMLError(line: mark.line, column: Self.column(b, from: mark.lineStart, to: mark.index), message: message)
    }

    /// The column in characters (Unicode scalars) of `index` on the line that starts at `lineStart`.
    static func column(_ b: [UInt8], from lineStart: Int, to index: Int) -> Int {
        b[lineStart..<min(index, b.count)].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
    }

    public static func parse(_ text: String) -> Result<TOMLTable, TOMLError> {
        var parser = TOMLParser(b: Array(text.utf8))
        do { return .success(try parser.document()) } catch let error as TOMLError { return .failure(error) } catch {
            return .failure(TOMLError(line: 0, column: 0, message: Message("toml.other", ["error": "\(error)"])))
        }
    }

    /// The column in characters (Unicode scalars) from the start of the line: counted for an error only.
    var column: Int { Self.column(b, from: lineStart, to: i) }
    func fail(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> TOMLError {
        TOMLError(line: line, column: column, message: Message(key, arguments))
    }
    var current: UInt8? { i < b.count ? b[i] : nil }
    func peek(_ n: Int) -> UInt8? { i + n < b.count ? b[i + n] : nil }
    func at(_ text: StaticString) -> Bool {
        text.withUTF8Buffer { t in i + t.count <= b.count && (0..<t.count).allSatisfy { b[i + $0] == t[$0] } }
    }

    mutating func advance(_ n: Int = 1) {
        for _ in 0..<n where i < b.count {
            if b[i] == 0x0A { line += 1; lineStart = i + 1 }
            i += 1
        }
    }

    /// What a character looks like in a message.
    func shown(_ byte: UInt8?) -> MessageArgument {
        guard let byte else { return .phrase("toml.endOfFile") }
        if byte < 0x20 || byte == 0x7F { return .phrase("toml.controlCharacter", ["hex": "\(String(format: "%04X", Int(byte)))"]) }
        var end = i + 1
        while end < b.count, b[end] & 0xC0 == 0x80 { end += 1 }
        return .text("'" + String(decoding: b[i..<end], as: UTF8.self) + "'")
    }

    mutating func skipSpaces() { while current == 0x20 || current == 0x09 { advance() } }

    /// A newline: LF or CRLF. A CR on its own is not one.
    mutating func newline() throws -> Bool {
        if current == 0x0A { advance(); return true }
        if current == 0x0D {
            guard peek(1) == 0x0A else { throw fail("toml.loneCarriageReturn") }
            advance(2)
            return true
        }
        return false
    }

    /// A comment runs to the end of the line and may hold any character but a control (tab is fine).
    mutating func skipComment() throws {
        guard current == UInt8(ascii: "#") else { return }
        advance()
        while let c = current, c != 0x0A {
            if c == 0x0D, peek(1) == 0x0A { return }
            if c != 0x09, c < 0x20 || c == 0x7F { throw fail("toml.comment", ["shown": shown(c)]) }
            try skipCharacter()
        }
    }

    /// Moves over one UTF-8 character, refusing bytes that are not UTF-8.
    mutating func skipCharacter() throws {
        guard let c = current else { return }
        let length = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2
        guard c < 0x80 || c >= 0xC2, i + length <= b.count,
              let _ = String(validating: b[i..<(i + length)], as: UTF8.self) else { throw fail("toml.notUTF8") }
        i += length
    }

    /// Spaces, comments and newlines, as between the items of an array.
    mutating func skipBlank() throws {
        while true {
            skipSpaces()
            try skipComment()
            guard try newline() else { return }
        }
    }

    mutating func endOfLine() throws {
        skipSpaces()
        try skipComment()
        let ended = try current == nil || newline()
        guard ended else {
            throw fail("toml.unexpectedAfterValue", ["shown": shown(current)])
        }
    }

    mutating func document() throws -> TOMLTable {
        var root = TOMLTable()
        var path: [Step] = []
        while true {
            try skipBlank()
            guard let c = current else { break }
            if c == UInt8(ascii: "[") {
                let header = mark
                advance()
                let array = current == UInt8(ascii: "[")
                if array { advance() }
                skipSpaces()
                let keys = try keyPath()
                skipSpaces()
                guard current == UInt8(ascii: "]"), !array || peek(1) == UInt8(ascii: "]") else {
                    throw array ? fail("toml.unclosedArrayHeader", ["keys": "\(keys.joined(separator: "."))"]) : fail("toml.unclosedHeader")
                }
                advance(array ? 2 : 1)
                do {
                    path = try array ? root.appendTable(at: keys, line: header.line) : root.defineTable(at: keys, line: header.line)
                } catch let e as TOMLError {
                    throw error(at: header, e.message)
                }
                try endOfLine()
            } else {
                let start = mark
                let keys = try keyPath()
                skipSpaces()
                guard current == UInt8(ascii: "=") else { throw fail("toml.expectedAfterKey", ["keys": "\(keys.joined(separator: "."))"]) }
                advance()
                skipSpaces()
                let v = try value()
                do {
                    try root.set(v, at: keys, under: path, line: start.line)
                } catch let e as TOMLError {
                    throw error(at: start, e.message)
                }
                try endOfLine()
            }
        }
        return root
    }

    mutating func keyPath() throws -> [String] {
        var keys = [try key()]
        skipSpaces()
        while current == UInt8(ascii: ".") {
            // Each part is a table inside the one before: as deep as nesting.
            guard keys.count < Self.maximumDepth else { throw fail("toml.tooDeep", ["maximum": "\(Self.maximumDepth)"]) }
            advance()
            skipSpaces()
            keys.append(try key())
            skipSpaces()
        }
        return keys
    }

    static func isBare(_ c: UInt8) -> Bool {
        (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c) || (0x30...0x39).contains(c) || c == 0x5F || c == 0x2D
    }

    mutating func key() throws -> String {
        if current == UInt8(ascii: "\"") {
            if at("\"\"\"") { throw fail("toml.keyMultiLine") }
            return try basicString()
        }
        if current == UInt8(ascii: "'") {
            if at("'''") { throw fail("toml.keyMultiLine") }
            return try literalString()
        }
        let start = i
        while let c = current, Self.isBare(c) { advance() }
        guard i > start else {
            throw current == nil ? fail("toml.expectedKey") : fail("toml.keyStart", ["shown": shown(current)])
        }
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    mutating func value() throws -> TOMLValue {
        guard let c = current else { throw fail("toml.expectedValue") }
        switch c {
        case UInt8(ascii: "\""): return .string(at("\"\"\"") ? try multilineBasicString() : try basicString())
        case UInt8(ascii: "'"): return .string(at("'''") ? try multilineLiteralString() : try literalString())
        case UInt8(ascii: "["): return try array()
        case UInt8(ascii: "{"): return try inlineTable()
        default:
            let start = mark
            // A date-time may hold one space, between date and time: `1979-05-27 07:32:00`.
            var word = scanWord()
            if word.count == 10, current == 0x20, let next = peek(1), (0x30...0x39).contains(next), Self.looksLikeDate(word) {
                advance()
                word += " " + scanWord()
            }
            guard !word.isEmpty else { throw fail("toml.expectedValueFound", ["shown": shown(current)]) }
            do {
                if let v = try Self.scalar(word) { return v }
            } catch let e as TOMLError {
                throw error(at: start, e.message)
            }
            i = start.index
            throw error(at: start, Message("toml.notAValue", ["word": "\(word)"]))
        }
    }

    mutating func scanWord() -> String {
        let start = i
        while let c = current, !(c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ",") || c == UInt8(ascii: "]")
                                   || c == UInt8(ascii: "}") || c == UInt8(ascii: "#")) {
            advance()
        }
        return String(decoding: b[start..<i], as: UTF8.self)
    }

    static func looksLikeDate(_ w: String) -> Bool {
        let u = Array(w.utf8)
        return u.count == 10 && u[4] == UInt8(ascii: "-") && u[7] == UInt8(ascii: "-")
            && [0, 1, 2, 3, 5, 6, 8, 9].allSatisfy { (0x30...0x39).contains(u[$0]) }
    }

    /// Booleans, numbers and date-times; nil when the word is none of them.
    static func scalar(_ w: String) throws -> TOMLValue? {
        switch w {
        case "true": return .bool(true)
        case "false": return .bool(false)
        case "inf", "+inf", "-inf", "nan", "+nan", "-nan": return .float(w)
        default: break
        }
        let u = Array(w.utf8)
        if u.count >= 8, (u.count >= 10 && looksLikeDate(String(w.prefix(10)))) || (u.count >= 8 && u[2] == UInt8(ascii: ":")) {
            return try TOMLDateTime.value(w)
        }
        return try TOMLNumber.value(u)
    }

    /// The characters of a string: no control but tab (and newlines in a multi-line string), valid UTF-8.
    mutating func stringCharacter(into s: inout [UInt8], multiline: Bool) throws {
        let c = b[i]
        if c == 0x09 || c >= 0x20 && c != 0x7F {
            let start = i
            try skipCharacter()
            s += b[start..<i]
        } else if multiline, c == 0x0A || c == 0x0D {
            _ = try newline()
            s.append(0x0A)
        } else {
            throw fail("toml.needsEscape", ["shown": shown(c), "hex": "\(String(format: "%04X", Int(c)))"])
        }
    }

    mutating func basicString() throws -> String {
        advance()
        var s: [UInt8] = []
        while true {
            guard let c = current, c != 0x0A, c != 0x0D || peek(1) != 0x0A else { throw fail("toml.unclosedString") }
            if c == UInt8(ascii: "\"") { advance(); return String(decoding: s, as: UTF8.self) }
            if c == UInt8(ascii: "\\") { advance(); s += try escape() } else { try stringCharacter(into: &s, multiline: false) }
        }
    }

    mutating func escape() throws -> [UInt8] {
        guard let e = current else { throw fail("toml.unfinishedEscape") }
        let what = shown(e)
        advance()
        switch e {
        case UInt8(ascii: "\""): return [0x22]
        case UInt8(ascii: "\\"): return [0x5C]
        case UInt8(ascii: "b"): return [0x08]
        case UInt8(ascii: "f"): return [0x0C]
        case UInt8(ascii: "n"): return [0x0A]
        case UInt8(ascii: "t"): return [0x09]
        case UInt8(ascii: "r"): return [0x0D]
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = e == UInt8(ascii: "u") ? 4 : 8
            var v: UInt32 = 0
            for _ in 0..<count {
                guard let h = current, let d = Character(UnicodeScalar(h)).hexDigitValue else {
                    throw fail("toml.needsHexDigits", ["escape": "\(Character(UnicodeScalar(e)))", "count": "\(count)"])
                }
                v = v << 4 | UInt32(d)
                advance()
            }
            guard let scalar = Unicode.Scalar(v) else { throw fail("toml.escapeNotCharacter", ["escape": "\(Character(UnicodeScalar(e)))", "hex": "\(String(v, radix: 16, uppercase: true))"]) }
            return Array(String(Character(scalar)).utf8)
        default:
            throw fail("toml.unknownEscape", ["what": what])
        }
    }

    mutating func multilineBasicString() throws -> String {
        advance(3)
        _ = try newline()
        var s: [UInt8] = []
        while true {
            guard let c = current else { throw fail("toml.unclosedBasicMultiLine") }
            if at("\"\"\"") { return close(s, quote: 0x22) }
            if c == UInt8(ascii: "\\") {
                advance()
                // A backslash at the end of a line trims the newline and the whitespace that follows.
                var j = i
                while j < b.count, b[j] == 0x20 || b[j] == 0x09 { j += 1 }
                if j < b.count, b[j] == 0x0A || (b[j] == 0x0D && j + 1 < b.count && b[j + 1] == 0x0A) {
                    advance(j - i)
                    while true {
                        skipSpaces()
                        guard try newline() else { break }
                    }
                } else {
                    s += try escape()
                }
            } else {
                try stringCharacter(into: &s, multiline: true)
            }
        }
    }

    /// The end of a multi-line string at three quotes: up to two more quotes belong to the content
    /// (`""""` and `"""""` close after them).
    mutating func close(_ content: [UInt8], quote: UInt8) -> String {
        var quotes = 3
        while quotes < 5, peek(quotes) == quote { quotes += 1 }
        advance(quotes)
        return String(decoding: content + [UInt8](repeating: quote, count: quotes - 3), as: UTF8.self)
    }

    mutating func literalString() throws -> String {
        advance()
        var s: [UInt8] = []
        while true {
            guard let c = current, c != 0x0A, c != 0x0D || peek(1) != 0x0A else { throw fail("toml.unclosedString") }
            if c == UInt8(ascii: "'") { advance(); return String(decoding: s, as: UTF8.self) }
            try stringCharacter(into: &s, multiline: false)
        }
    }

    mutating func multilineLiteralString() throws -> String {
        advance(3)
        _ = try newline()
        var s: [UInt8] = []
        while true {
            guard current != nil else { throw fail("toml.unclosedLiteralMultiLine") }
            if at("'''") { return close(s, quote: 0x27) }
            try stringCharacter(into: &s, multiline: true)
        }
    }

    /// One more level of arrays and inline tables around the value: refused past `maximumDepth`.
    mutating func enter() throws {
        depth += 1
        guard depth <= Self.maximumDepth else { throw fail("toml.tooDeep", ["maximum": "\(Self.maximumDepth)"]) }
    }

    mutating func array() throws -> TOMLValue {
        try enter()
        defer { depth -= 1 }
        advance()
        var items: [TOMLValue] = []
        while true {
            try skipBlank()
            if current == UInt8(ascii: "]") { advance(); return .array(items) }
            items.append(try value())
            try skipBlank()
            if current == UInt8(ascii: ",") { advance(); continue }
            guard current == UInt8(ascii: "]") else { throw fail("toml.expectedArrayFound", ["shown": shown(current)]) }
        }
    }

    /// `{ key = value, … }` on one line, without a trailing comma (TOML 1.0).
    mutating func inlineTable() throws -> TOMLValue {
        try enter()
        defer { depth -= 1 }
        let startLine = line
        advance()
        var table = TOMLTable(entries: [], line: startLine, definition: .inline)
        skipSpaces()
        if current == UInt8(ascii: "}") { advance(); return .table(table) }
        while true {
            skipSpaces()
            let start = mark
            let keys = try keyPath()
            skipSpaces()
            guard current == UInt8(ascii: "=") else { throw fail("toml.expectedInlineTable") }
            advance()
            skipSpaces()
            let v = try value()
            do { try table.set(v, at: keys, under: [], line: start.line) } catch let e as TOMLError {
                throw error(at: start, e.message)
            }
            skipSpaces()
            if current == UInt8(ascii: ",") { advance(); continue }
            if current == UInt8(ascii: "}") { advance(); return .table(table) }
            throw current == 0x0A || current == 0x0D ? fail("toml.inlineTableLine") : fail("toml.expectedInInlineTable", ["shown": shown(current)])
        }
    }
}

/// One step of the path to the table a header names: a key, and for an array of tables its last element.
struct Step: Equatable {
    var key: String
    var last: Bool
}

extension TOMLTable {
    static func fail(_ line: Int, _ key: String, _ arguments: [String: MessageArgument] = [:]) -> TOMLError {
        TOMLError(line: line, column: 1, message: Message(key, arguments))
    }

    /// The path of `[a.b.c]`: each table on the way is created (implicit) or entered; `c` is defined here, once.
    mutating func defineTable(at keys: [String], line: Int) throws -> [Step] {
        var steps: [Step] = []
        try walk(keys[...], line: line, steps: &steps) { table, key in
            if let index = table.position(of: key) {
                guard case .table(var sub) = table.entries[index].value, !table.arraysOfTables.contains(key) else {
                    throw table.arraysOfTables.contains(key) ? Self.fail(line, "toml.headerNamesArray", ["keys": "\(keys.joined(separator: "."))"])
                        : Self.fail(line, "toml.alreadyOtherType", ["key": "\(key)", "type": table.entries[index].value.typeName])
                }
                guard sub.definition == .implicit else {
                    throw Self.fail(line, sub.definition == .dotted ? "toml.tableMadeByDottedKeys" : "toml.tableTwice",
                                    ["keys": "\(keys.joined(separator: "."))", "line": "\(table.entries[index].line)"])
                }
                sub.definition = .header
                sub.line = line
                table.entries[index].value = .table(sub)
                table.entries[index].line = line
            } else {
                table.append(Entry(key: key, value: .table(TOMLTable(entries: [], line: line)), line: line))
            }
            return Step(key: key, last: false)
        }
        return steps
    }

    /// The path of `[[a.b]]`: a new table at the end of the array `b`.
    mutating func appendTable(at keys: [String], line: Int) throws -> [Step] {
        var steps: [Step] = []
        try walk(keys[...], line: line, steps: &steps) { table, key in
            if let index = table.position(of: key) {
                guard case .array(var items) = table.entries[index].value, table.arraysOfTables.contains(key) else {
                    throw Self.fail(line, "toml.notArrayOfTables", ["key": "\(key)", "type": table.entries[index].value.typeName, "line": "\(table.entries[index].line)"])
                }
                items.append(.table(TOMLTable(entries: [], line: line)))
                table.entries[index].value = .array(items)
            } else {
                table.append(Entry(key: key, value: .array([.table(TOMLTable(entries: [], line: line))]), line: line))
                table.arraysOfTables.insert(key)
            }
            return Step(key: key, last: true)
        }
        return steps
    }

    /// Walks `keys` but the last from this table, creating implicit tables and entering the last table of
    /// arrays of tables, then lets `body` handle the last key.
    mutating func walk(_ keys: ArraySlice<String>, line: Int, steps: inout [Step], _ body: (inout TOMLTable, String) throws -> Step) throws {
        let key = keys.first!
        if keys.count == 1 {
            steps.append(try body(&self, key))
            return
        }
        let rest = keys.dropFirst()
        if let index = position(of: key) {
            switch entries[index].value {
            case .table(var sub):
                guard sub.definition != .inline else { throw Self.fail(line, "toml.inlineTableComplete", ["key": "\(key)", "line": "\(entries[index].line)"]) }
                steps.append(Step(key: key, last: false))
                try sub.walk(rest, line: line, steps: &steps, body)
                entries[index].value = .table(sub)
            case .array(var items) where arraysOfTables.contains(key):
                guard case .table(var sub) = items.last else { throw Self.fail(line, "toml.table", ["key": "\(key)"]) }
                steps.append(Step(key: key, last: true))
                try sub.walk(rest, line: line, steps: &steps, body)
                items[items.count - 1] = .table(sub)
                entries[index].value = .array(items)
            default:
                throw Self.fail(line, "toml.notTableAtLine", ["key": "\(key)", "type": entries[index].value.typeName, "line": "\(entries[index].line)"])
            }
        } else {
            var sub = TOMLTable(entries: [], line: line, definition: .implicit)
            steps.append(Step(key: key, last: false))
            try sub.walk(rest, line: line, steps: &steps, body)
            append(Entry(key: key, value: .table(sub), line: line))
        }
    }

    /// `a.b.c = value` in the table that `path` (the current header) leads to. Dotted keys make tables of
    /// their own kind, which only more dotted keys may add to.
    mutating func set(_ value: TOMLValue, at keys: [String], under path: [Step], line: Int) throws {
        if let step = path.first {
            guard let index = position(of: step.key) else { throw Self.fail(line, "toml.internalTableVanished", ["key": "\(step.key)"]) }
            switch entries[index].value {
            case .table(var sub) where !step.last:
                try sub.set(value, at: keys, under: Array(path.dropFirst()), line: line)
                entries[index].value = .table(sub)
            case .array(var items) where step.last:
                guard case .table(var sub) = items.last else { throw Self.fail(line, "toml.internalTableAdd") }
                try sub.set(value, at: keys, under: Array(path.dropFirst()), line: line)
                items[items.count - 1] = .table(sub)
                entries[index].value = .array(items)
            default: throw Self.fail(line, "toml.internalTableChanged", ["key": "\(step.key)"])
            }
            return
        }
        let key = keys[0]
        let index = position(of: key)
        if keys.count == 1 {
            if let index { throw Self.fail(line, "toml.keySetTwice", ["key": "\(key)", "line": "\(entries[index].line)"]) }
            append(Entry(key: key, value: value, line: line))
            return
        }
        if let index {
            guard case .table(var sub) = entries[index].value, !arraysOfTables.contains(key) else {
                throw Self.fail(line, "toml.notTableAtLine", ["key": "\(key)", "type": entries[index].value.typeName, "line": "\(entries[index].line)"])
            }
            guard sub.definition == .dotted else {
                throw Self.fail(line, sub.definition == .inline ? "toml.inlineTableComplete" : "toml.dottedIntoHeaderTable", ["key": "\(key)", "line": "\(entries[index].line)"])
            }
            try sub.set(value, at: Array(keys.dropFirst()), under: [], line: line)
            entries[index].value = .table(sub)
        } else {
            var sub = TOMLTable(entries: [], line: line, definition: .dotted)
            try sub.set(value, at: Array(keys.dropFirst()), under: [], line: line)
            append(Entry(key: key, value: .table(sub), line: line))
        }
    }
}
