import Registry

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

    mutating func error(_ key: String, _ message: String, fix: String) {
        diagnostics.error("E400", at: location(key), message, fix: fix)
    }

    mutating func raw(_ key: String) -> TOMLValue? {
        known.append(key)
        return table[key]
    }

    /// E011: a setting's text holds a character that makes it look like other text (`TextSafety`).
    mutating func checkText(_ key: String, _ s: String) {
        guard let problem = TextSafety.firstProblem(in: s) else { return }
        let text = TextSafety.message(problem)
        diagnostics.error("E011", at: location(key), "\(qualified(key)): \(text.message)", fix: text.fix)
    }

    mutating func string(_ key: String, default value: String? = nil, required: Bool = false) -> String? {
        switch raw(key) {
        case .string(let s)?:
            checkText(key, s)
            return s
        case nil:
            if required { error(key, "\(qualified(key)) is required", fix: "add \(key) = \"…\" to \(prefix.isEmpty ? "the top of the file" : "[\(prefix)]")") }
            return value
        case let other?:
            error(key, "\(qualified(key)) must be a string, not \(other.typeName)", fix: "put the value in double quotes")
            return value
        }
    }

    mutating func integer(_ key: String, default value: Int? = nil) -> Int? {
        switch raw(key) {
        case .integer(let n)?: return n
        case nil: return value
        case let other?:
            error(key, "\(qualified(key)) must be a whole number, not \(other.typeName)", fix: "write a whole number without quotes")
            return value
        }
    }

    mutating func bool(_ key: String) -> Bool? {
        switch raw(key) {
        case .bool(let b)?: return b
        case nil: return nil
        case let other?:
            error(key, "\(qualified(key)) must be true or false, not \(other.typeName)", fix: "write true or false without quotes")
            return nil
        }
    }

    mutating func score(_ key: String, default value: Score? = nil) -> Score? {
        switch raw(key) {
        case .integer(let n)?: return Score(points: n)
        case .float(let text)?:
            if let s = Score.parse(text) { return s }
            error(key, "\(qualified(key)) = \(text) has more than two decimals", fix: "use at most two decimals")
            return value
        case nil: return value
        case let other?:
            error(key, "\(qualified(key)) must be a number, not \(other.typeName)", fix: "write a number without quotes")
            return value
        }
    }

    mutating func strings(_ key: String) -> [String]? {
        guard let v = raw(key) else { return nil }
        guard case .array(let items) = v else {
            error(key, "\(qualified(key)) must be an array of strings", fix: "write it as [\"…\", \"…\"]")
            return nil
        }
        var result: [String] = []
        for item in items {
            guard case .string(let s) = item else {
                error(key, "\(qualified(key)) must hold strings only, found \(item.typeName)", fix: "quote every item")
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
            error(key, "\(qualified(key)) must be a table, not \(other.typeName)", fix: "write it as [\(qualified(key))] or { … }")
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
            Diagnostic(code: "E401", at: SourceLocation(file: file, line: entry.line, field: qualified(entry.key)),
                       "unknown setting \(qualified(entry.key))",
                       fix: "remove it, or use one of: \(known.map(qualified).joined(separator: ", "))")
        }
    }

    /// Merges a finished sub-reader's findings into this one.
    mutating func absorb(_ sub: ConfigReader) {
        diagnostics.append(contentsOf: sub.diagnostics.all + sub.unknownKeys())
    }
}
