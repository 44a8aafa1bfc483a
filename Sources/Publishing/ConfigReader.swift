import Messages
import Model

/// Reads one table of a TOML document, remembering which keys were asked for, so that any key
/// left over (a typo, or a setting gongshi does not have) is reported instead of silently ignored.
struct ConfigReader {
    let file: String
    let table: TOMLTable
    /// `grading` for `[grading]`; empty for the root.
    let prefix: String
    private(set) var known: [String] = []
    var diagnostics = Diagnostics()

    init(file: String, table: TOMLTable, prefix: String = "") {
        self.file = file
        self.table = table
        self.prefix = prefix
    }

    func qualified(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix).\(key)" }

    func location(_ key: String) -> SourceLocation {
        SourceLocation(file: file, line: table.entry(key)?.line ?? table.line, field: qualified(key))
    }

    mutating func error(_ key: String, _ message: String, _ arguments: [String: MessageArgument] = [:]) {
        diagnostics.error(message, at: location(key), arguments)
    }

    /// The key holds a value of another type than the setting takes: said with the type it holds.
    mutating func wrongType(_ key: String, _ message: String, _ value: TOMLValue) {
        error(key, message, ["qualified": "\(qualified(key))", "type": value.typeName])
    }

    mutating func raw(_ key: String) -> TOMLValue? {
        known.append(key)
        return table[key]
    }

    /// E011: a setting's text holds a character that makes it look like other text (`TextSafety`).
    mutating func checkText(_ key: String, _ s: String) {
        guard let problem = TextSafety.firstProblem(in: s) else { return }
        diagnostics.error("E011.setting", at: location(key), ["key": "\(qualified(key))", "problem": .message(TextSafety.message(problem))])
    }

    mutating func string(_ key: String, default value: String? = nil, required: Bool = false) -> String? {
        switch raw(key) {
        case .string(let s)?:
            checkText(key, s)
            return s
        case nil:
            if required { error(key, "E400.required", ["qualified": "\(qualified(key))", "key": "\(key)", "table": prefix.isEmpty ? .phrase("config.topOfFile") : "[\(prefix)]"]) }
            return value
        case let other?:
            wrongType(key, "E400.notString", other)
            return value
        }
    }

    mutating func integer(_ key: String, default value: Int? = nil) -> Int? {
        switch raw(key) {
        case .integer(let n)?: return n
        case nil: return value
        case let other?:
            wrongType(key, "E400.notWholeNumber", other)
            return value
        }
    }

    mutating func bool(_ key: String) -> Bool? {
        switch raw(key) {
        case .bool(let b)?: return b
        case nil: return nil
        case let other?:
            wrongType(key, "E400.notBoolean", other)
            return nil
        }
    }

    mutating func score(_ key: String, default value: Score? = nil) -> Score? {
        switch raw(key) {
        case .integer(let n)?: return Score(points: n)
        case .float(let text)?:
            if let s = Score.parse(text) { return s }
            error(key, "E400.tooManyDecimals", ["qualified": "\(qualified(key))", "text": "\(text)"])
            return value
        case nil: return value
        case let other?:
            wrongType(key, "E400.notNumber", other)
            return value
        }
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let v = raw(key) else { return nil }
        guard case .array(let items) = v else {
            error(key, "E400.notStringArray", ["qualified": "\(qualified(key))"])
            return nil
        }
        var result: [String] = []
        for item in items {
            guard case .string(let s) = item else {
                wrongType(key, "E400.nonStringItem", item)
                return nil
            }
            checkText(key, s)
            result.append(s)
        }
        return result
    }

    /// A sub-table, read by its own reader; nil when absent.
    mutating func section(_ key: String) -> ConfigReader? {
        switch raw(key) {
        case .table(let t)?: return ConfigReader(file: file, table: t, prefix: qualified(key))
        case nil: return nil
        case let other?:
            wrongType(key, "E400.notTable", other)
            return nil
        }
    }

    /// Every entry of a free-form table (keys chosen by the site), all taken as known.
    mutating func allEntries() -> [TOMLTable.Entry] {
        known.append(contentsOf: table.entries.map(\.key))
        return table.entries
    }

    /// Every key nobody asked for.
    func unknownKeys() -> [Diagnostic] {
        table.entries.filter { !known.contains($0.key) }.map { entry in
            Diagnostic(at: SourceLocation(file: file, line: entry.line, field: qualified(entry.key)),
                       "E401",
                       ["qualified": "\(qualified(entry.key))", "known": "\(known.map(qualified).joined(separator: ", "))"])
        }
    }

    /// Merges a finished sub-reader's findings into this one.
    mutating func absorb(_ sub: ConfigReader) {
        diagnostics.append(contentsOf: sub.diagnostics.all + sub.unknownKeys())
    }

    /// The table `key` as `read` makes it, its problems and unknown keys joined to this reader's; `absent`
    /// when the config has no such table (or it is not a table, said by `section`).
    mutating func section<T>(_ key: String, absent: T, _ read: (inout ConfigReader) -> T) -> T {
        guard var sub = section(key) else { return absent }
        let value = read(&sub)
        absorb(sub)
        return value
    }
}
