import Registry

/// A value of the TOML subset gongshi's config and front matter use, with where it was written.
public indirect enum TOMLValue: Sendable {
    case string(String)
    case integer(Int)
    case float(String)
    case bool(Bool)
    case date(CivilDate)
    case array([TOMLValue])
    case table(TOMLTable)

    var typeName: String {
        switch self {
        case .string: return "a string"
        case .integer: return "an integer"
        case .float: return "a number"
        case .bool: return "true or false"
        case .date: return "a date"
        case .array: return "an array"
        case .table: return "a table"
        }
    }
}

public struct TOMLTable: Sendable {
    public struct Entry: Sendable {
        public var key: String
        public var value: TOMLValue
        public var line: Int
    }

    public var entries: [Entry] = []
    /// Line of the `[header]` (or 1 for the root table).
    public var line: Int = 1

    public subscript(key: String) -> TOMLValue? { entries.first { $0.key == key }?.value }
    public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }
}

public struct TOMLError: Error, Sendable, Equatable {
    public var line: Int
    public var column: Int
    public var message: String
}

/// TOML v1.0 subset: comments, bare and quoted keys, dotted `[table.headers]`, basic, literal and
/// multi-line basic strings, integers, decimals, booleans, dates (YYYY-MM-DD), arrays and inline tables.
/// Anything else is an error with its line and column, never a silent misreading.
public struct TOMLParser {
    var chars: [Character]
    var i = 0
    var line = 1
    var lineStart = 0

    /// Lines may end in LF or CRLF (Windows Notepad's default): Swift reads "\r\n" as one Character, which is
    /// neither "\r" nor "\n", so CRLF is made LF before the text is split into Characters.
    public static func parse(_ text: String) -> Result<TOMLTable, TOMLError> {
        var parser = TOMLParser(chars: Array(LineEnds.unix(text)))
        do { return .success(try parser.document()) } catch let error as TOMLError { return .failure(error) } catch {
            return .failure(TOMLError(line: 0, column: 0, message: "\(error)"))
        }
    }

    var column: Int { i - lineStart + 1 }
    func fail(_ message: String) -> TOMLError { TOMLError(line: line, column: column, message: message) }
    var current: Character? { i < chars.count ? chars[i] : nil }

    mutating func advance() {
        if chars[i] == "\n" { line += 1; lineStart = i + 1 }
        i += 1
    }

    mutating func skipSpaces() { while let c = current, c == " " || c == "\t" { advance() } }

    mutating func skipComment() {
        if current == "#" { while let c = current, c != "\n" { advance() } }
    }

    /// Spaces, comments and line breaks (inside arrays).
    mutating func skipBlank() {
        while let c = current {
            if c == " " || c == "\t" || c == "\n" || c == "\r" { advance() } else if c == "#" { skipComment() } else { break }
        }
    }

    mutating func endOfLine() throws {
        skipSpaces()
        skipComment()
        if current == "\r" { advance() }
        guard current == nil || current == "\n" else { throw fail("unexpected '\(current!)' after the value; put one key = value on each line") }
        if current == "\n" { advance() }
    }

    mutating func document() throws -> TOMLTable {
        var root = TOMLTable()
        var path: [String] = []
        var definedTables: Set<[String]> = []
        while true {
            skipBlank()
            guard let c = current else { break }
            if c == "[" {
                let headerLine = line
                advance()
                if current == "[" { throw fail("arrays of tables ([[...]]) are not supported in gongshi's config") }
                skipSpaces()
                path = try keyPath()
                skipSpaces()
                guard current == "]" else { throw fail("expected ']' to close the table header") }
                advance()
                guard definedTables.insert(path).inserted else {
                    throw TOMLError(line: headerLine, column: 1, message: "table [\(path.joined(separator: "."))] is defined twice")
                }
                try root.insert(.table(TOMLTable(entries: [], line: headerLine)), at: path, line: headerLine, creatingOnly: true)
                try endOfLine()
            } else {
                let keyLine = line, keyColumn = column
                let keys = try keyPath()
                skipSpaces()
                guard current == "=" else { throw fail("expected '=' after the key \(keys.joined(separator: "."))") }
                advance()
                skipSpaces()
                let v = try value()
                do {
                    try root.insert(v, at: path + keys, line: keyLine, creatingOnly: false)
                } catch let e as TOMLError {
                    throw TOMLError(line: keyLine, column: keyColumn, message: e.message)
                }
                try endOfLine()
            }
        }
        return root
    }

    mutating func keyPath() throws -> [String] {
        var keys = [try key()]
        skipSpaces()
        while current == "." {
            advance()
            skipSpaces()
            keys.append(try key())
            skipSpaces()
        }
        return keys
    }

    mutating func key() throws -> String {
        if current == "\"" { return try basicString() }
        if current == "'" { return try literalString() }
        var k = ""
        while let c = current, c.isASCII && (c.isLetter || c.isNumber || c == "_" || c == "-") {
            k.append(c)
            advance()
        }
        guard !k.isEmpty else { throw fail(current.map { "a key cannot start with '\($0)'; quote keys that are not ASCII letters, digits, _ or -" } ?? "expected a key") }
        return k
    }

    mutating func value() throws -> TOMLValue {
        guard let c = current else { throw fail("expected a value") }
        switch c {
        case "\"":
            if i + 2 < chars.count, chars[i + 1] == "\"", chars[i + 2] == "\"" { return .string(try multilineString()) }
            return .string(try basicString())
        case "'": return .string(try literalString())
        case "[": return try array()
        case "{": return try inlineTable()
        case "t", "f":
            let word = scanWord()
            if word == "true" { return .bool(true) }
            if word == "false" { return .bool(false) }
            throw fail("'\(word)' is not a value; strings need quotes")
        default:
            let word = scanWord()
            if word.count == 10, word.filter({ $0 == "-" }).count == 2, word.first?.isNumber == true {
                guard let date = CivilDate(iso: word) else { throw fail("'\(word)' is not a date that exists") }
                return .date(date)
            }
            let digits = word.replacingUnderscores()
            if let n = Int(digits) { return .integer(n) }
            let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
            if parts.count == 2, let whole = Int(parts[0]), whole >= 0 || parts[0].hasPrefix("-"), !parts[1].isEmpty, parts[1].allSatisfy(\.isNumber) {
                return .float(digits)
            }
            throw fail(word.isEmpty ? "expected a value" : "'\(word)' is not a value; strings need quotes")
        }
    }

    mutating func scanWord() -> String {
        var w = ""
        while let c = current, !(c == " " || c == "\t" || c == "\n" || c == "\r" || c == "," || c == "]" || c == "}" || c == "#") {
            w.append(c)
            advance()
        }
        return w
    }

    mutating func basicString() throws -> String {
        advance()
        var s = ""
        while true {
            guard let c = current, c != "\n" else { throw fail("the string is not closed on this line") }
            advance()
            if c == "\"" { return s }
            if c == "\\" { s.append(try escape()) } else { s.append(c) }
        }
    }

    mutating func escape() throws -> Character {
        guard let e = current else { throw fail("unfinished escape") }
        advance()
        switch e {
        case "\"": return "\""
        case "\\": return "\\"
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "u", "U":
            let count = e == "u" ? 4 : 8
            var hex = ""
            for _ in 0..<count {
                guard let h = current, h.isHexDigit else { throw fail("\\\(e) needs \(count) hex digits") }
                hex.append(h)
                advance()
            }
            guard let v = UInt32(hex, radix: 16), let scalar = Unicode.Scalar(v) else { throw fail("\\\(e)\(hex) is not a character") }
            return Character(scalar)
        default: throw fail("unknown escape \\\(e)")
        }
    }

    mutating func multilineString() throws -> String {
        advance(); advance(); advance()
        if current == "\r" { advance() }
        if current == "\n" { advance() }
        var s = ""
        while true {
            guard let c = current else { throw fail("the multi-line string is not closed with \"\"\"") }
            if c == "\"", i + 2 < chars.count, chars[i + 1] == "\"", chars[i + 2] == "\"" {
                advance(); advance(); advance()
                return s
            }
            advance()
            if c == "\\" {
                if current == "\n" || current == "\r" || current == " " {
                    while let w = current, w == " " || w == "\t" || w == "\n" || w == "\r" { advance() }
                } else {
                    s.append(try escape())
                }
            } else if c != "\r" {
                s.append(c)
            }
        }
    }

    mutating func literalString() throws -> String {
        advance()
        var s = ""
        while true {
            guard let c = current, c != "\n" else { throw fail("the string is not closed on this line") }
            advance()
            if c == "'" { return s }
            s.append(c)
        }
    }

    mutating func array() throws -> TOMLValue {
        advance()
        var items: [TOMLValue] = []
        while true {
            skipBlank()
            if current == "]" { advance(); return .array(items) }
            items.append(try value())
            skipBlank()
            if current == "," { advance(); continue }
            guard current == "]" else { throw fail("expected ',' or ']' in the array") }
        }
    }

    mutating func inlineTable() throws -> TOMLValue {
        let startLine = line
        advance()
        var table = TOMLTable(entries: [], line: startLine)
        skipSpaces()
        if current == "}" { advance(); return .table(table) }
        while true {
            skipSpaces()
            let keys = try keyPath()
            skipSpaces()
            guard current == "=" else { throw fail("expected '=' in the inline table") }
            advance()
            skipSpaces()
            try table.insert(try value(), at: keys, line: line, creatingOnly: false)
            skipSpaces()
            if current == "," { advance(); continue }
            if current == "}" { advance(); return .table(table) }
            throw fail("expected ',' or '}' in the inline table")
        }
    }
}

extension TOMLTable {
    mutating func insert(_ value: TOMLValue, at path: [String], line: Int, creatingOnly: Bool) throws {
        let key = path[0]
        let index = entries.firstIndex { $0.key == key }
        if path.count == 1 {
            if let index {
                if creatingOnly, case .table = entries[index].value { return }
                throw TOMLError(line: line, column: 1, message: "key '\(key)' is set twice (first on line \(entries[index].line))")
            }
            entries.append(Entry(key: key, value: value, line: line))
            return
        }
        if let index {
            guard case .table(var sub) = entries[index].value else {
                throw TOMLError(line: line, column: 1, message: "'\(key)' is \(entries[index].value.typeName), not a table")
            }
            try sub.insert(value, at: Array(path.dropFirst()), line: line, creatingOnly: creatingOnly)
            entries[index].value = .table(sub)
        } else {
            var sub = TOMLTable(entries: [], line: line)
            try sub.insert(value, at: Array(path.dropFirst()), line: line, creatingOnly: creatingOnly)
            entries.append(Entry(key: key, value: .table(sub), line: line))
        }
    }
}

extension String {
    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
