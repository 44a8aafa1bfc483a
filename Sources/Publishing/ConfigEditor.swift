import Messages
import Model

/// Changes text settings in `config.toml` the way a person would with an editor: the value of each key is
/// replaced on its own line (indentation and a trailing `# comment` kept), a missing key is added under its
/// table's header, a missing table is added at the end. Every other byte — comments, order, blank lines — stays.
/// A key written in a form this cannot change safely (in an inline table, a multi-line string, a dotted key, not a
/// string) is refused by name: the clerk is told to ask for it to be edited by hand.
public enum ConfigEditor {
    /// One setting: `section` nil for the top of the file.
    public struct Change: Sendable, Equatable {
        public var section: String?
        public var key: String
        public var value: String
        public init(section: String?, key: String, value: String) { self.section = section; self.key = key; self.value = value }
        public var qualified: String { section.map { "\($0).\(key)" } ?? key }
    }

    public enum Failure: Error, Sendable, Equatable {
        /// The file does not parse: the editor never touches a file it cannot read.
        case unreadable(TOMLError)
        /// This key is written in a way a one-line edit cannot change.
        case notEditable(key: String, line: Int)
    }

    public static func apply(_ changes: [Change], to text: String) -> Result<String, Failure> {
        var text = text
        for change in changes {
            switch apply(change, to: text) {
            case .success(let t): text = t
            case .failure(let f): return .failure(f)
            }
        }
        return .success(text)
    }

    static func apply(_ change: Change, to text: String) -> Result<String, Failure> {
        let root: TOMLTable
        switch TOMLParser.parse(text) {
        case .success(let t): root = t
        case .failure(let e): return .failure(.unreadable(e))
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let value = literal(change.value)
        var table = root
        if let section = change.section {
            switch root[section] {
            case nil:
                // A new table at the end, after a blank line.
                while lines.last == "" { lines.removeLast() }
                lines += ["", "[\(section)]", "\(change.key) = \(value)", ""]
                return .success(lines.joined(separator: "\n"))
            case .table(let t)?:
                guard t.line >= 1, t.line <= lines.count, header(lines[t.line - 1]) == section else {
                    return .failure(.notEditable(key: change.qualified, line: root.entry(section)?.line ?? 1))
                }
                table = t
            default:
                return .failure(.notEditable(key: change.qualified, line: root.entry(section)?.line ?? 1))
            }
        }
        if let entry = table.entry(change.key) {
            guard case .string = entry.value, entry.line >= 1, entry.line <= lines.count,
                  let replaced = replaceValue(in: lines[entry.line - 1], key: change.key, with: value) else {
                return .failure(.notEditable(key: change.qualified, line: entry.line))
            }
            lines[entry.line - 1] = replaced
            return .success(lines.joined(separator: "\n"))
        }
        // A new key: under its table's header, or at the top before the first table.
        let insertAt: Int
        if change.section != nil {
            insertAt = table.line
        } else {
            let firstHeader = lines.firstIndex { header($0) != nil || $0.trimmingWhitespace().hasPrefix("[[") } ?? lines.count
            var at = firstHeader
            while at > 0 && (lines[at - 1].trimmingWhitespace().isEmpty || lines[at - 1].trimmingWhitespace().hasPrefix("#")) { at -= 1 }
            insertAt = at
        }
        lines.insert("\(change.key) = \(value)", at: insertAt)
        return .success(lines.joined(separator: "\n"))
    }

    /// The name in a `[name]` header line, or nil.
    public static func header(_ line: String) -> String? {
        var text = Substring(line.trimmingWhitespace())
        if let hash = text.firstIndex(of: "#") { text = Substring(text[..<hash].trimmingWhitespace()) }
        guard text.hasPrefix("["), !text.hasPrefix("[["), text.hasSuffix("]") else { return nil }
        return text.dropFirst().dropLast().trimmingWhitespace()
    }

    /// `key = "old"  # note` with the string replaced; nil unless the line is exactly a bare key, `=`, one
    /// single-line string, and at most a comment.
    static func replaceValue(in line: String, key: String, with value: String) -> String? {
        let characters = Array(line)
        var i = 0
        while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
        let indent = String(characters[..<i])
        guard String(characters[i...]).hasPrefix(key) else { return nil }
        i += key.count
        while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
        guard i < characters.count, characters[i] == "=" else { return nil }
        i += 1
        while i < characters.count, characters[i] == " " || characters[i] == "\t" { i += 1 }
        guard i < characters.count, characters[i] == "\"" || characters[i] == "'" else { return nil }
        let quote = characters[i]
        // Not a multi-line string: `"""` or `'''`.
        if i + 2 < characters.count, characters[i + 1] == quote, characters[i + 2] == quote { return nil }
        var j = i + 1
        while j < characters.count, characters[j] != quote {
            if quote == "\"", characters[j] == "\\" { j += 1 }
            j += 1
        }
        guard j < characters.count else { return nil }
        let rest = String(characters[(j + 1)...])
        guard rest.trimmingWhitespace().isEmpty || rest.trimmingWhitespace().hasPrefix("#") else { return nil }
        return indent + key + " = " + value + rest
    }

    /// A TOML basic string: quotes, backslashes and control characters escaped.
    static func literal(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { out += String(format: "\\u%04X", scalar.value) } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out + "\""
    }
}
