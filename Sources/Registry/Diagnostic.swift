/// Where a problem was found: a file, and when known a line and a column — or, in a workbook, a sheet, and
/// a row and a column, which make a cell (`资质认定证书!C7`).
public struct SourceLocation: Sendable, Hashable, Comparable, Codable {
    public var file: String
    /// The workbook sheet, for a file that is a workbook.
    public var sheet: String?
    /// The line of a text file, or the row of a sheet.
    public var line: Int?
    /// 1-based column index within the line's record, when known.
    public var column: Int?
    /// The column's header (e.g. `统一社会信用代码`) or a config key, when known.
    public var field: String?

    public init(file: String, sheet: String? = nil, line: Int? = nil, column: Int? = nil, field: String? = nil) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
        self.field = field
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.sheet ?? "", a.line ?? 0, a.column ?? 0, a.field ?? "") < (b.file, b.sheet ?? "", b.line ?? 0, b.column ?? 0, b.field ?? "")
    }

    /// `file:line: column N (header)` — the form every gongshi message starts with; in a workbook
    /// `file: sheet!C7 (header)`, the cell as Excel names it.
    public var description: String { description(in: .en) }

    /// The place in the reader's language: `data/agencies.csv 第 12 行，第 3 列（统一社会信用代码）`, or in a workbook
    /// `data/登记册.xlsx：资质认定证书!C7（证书编号）`.
    public func description(in language: Language) -> String {
        language == .zh ? chinese : english
    }

    private var english: String {
        if let sheet {
            var text = "\(file): \(sheet)"
            switch (line, column) {
            case let (line?, column?): text += "!\(CellReference.letters(column))\(line)"
            case let (line?, nil): text += ", row \(line)"
            default: break
            }
            if let field { text += column == nil && line == nil ? ": \(field)" : " (\(field))" }
            return text
        }
        var text = file
        if let line { text += ":\(line)" }
        switch (column, field) {
        case let (column?, field?): text += ": column \(column) (\(field))"
        case let (column?, nil): text += ": column \(column)"
        case let (nil, field?): text += ": \(field)"
        case (nil, nil): break
        }
        return text
    }

    private var chinese: String {
        if let sheet {
            var text = "\(file)：\(sheet)"
            switch (line, column) {
            case let (line?, column?): text += "!\(CellReference.letters(column))\(line)"
            case let (line?, nil): text += " 表第 \(line) 行"
            default: break
            }
            if let field { text += column == nil && line == nil ? "：\(field)" : "（\(field)）" }
            return text
        }
        var text = file
        if let line { text += " 第 \(line) 行" }
        switch (column, field) {
        case let (column?, field?): text += "\(line == nil ? " " : "，")第 \(column) 列（\(field)）"
        case let (column?, nil): text += "\(line == nil ? " " : "，")第 \(column) 列"
        case let (nil, field?): text += "：\(field)"
        case (nil, nil): break
        }
        return text
    }
}

/// One problem in the inputs, with a stable code, what is wrong and how to fix it — in the catalogue's words,
/// said in the reader's language when it is shown.
public struct Diagnostic: Sendable, Hashable, Comparable, Error, CustomStringConvertible, Codable {
    public enum Severity: String, Sendable, Hashable, Comparable, Codable {
        case error, warning
        public static func < (a: Severity, b: Severity) -> Bool { a == .error && b == .warning }
    }

    public var severity: Severity
    public var location: SourceLocation
    public var text: Message

    public init(_ severity: Severity = .error, at location: SourceLocation, _ text: Message) {
        self.severity = severity
        self.location = location
        self.text = text
    }

    public init(_ severity: Severity = .error, at location: SourceLocation, _ key: String, _ arguments: [String: MessageArgument] = [:]) {
        self.init(severity, at: location, Message(key, arguments))
    }

    /// Stable identifier (e.g. `E101`), documented in docs/data-format.md.
    public var code: String { text.code }
    /// What is wrong, in English (the tests' and the logs' language).
    public var message: String { text.text(.en) }
    public var fix: String { text.fix(.en) }

    public static func < (a: Diagnostic, b: Diagnostic) -> Bool {
        (a.location, a.code, a.message) < (b.location, b.code, b.message)
    }

    public var description: String { description(in: .en) }

    public func description(in language: Language) -> String {
        let place = location.description(in: language)
        switch language {
        case .en: return "\(place): \(severity.rawValue)[\(code)]: \(text.text(.en)). Fix: \(text.fix(.en))"
        case .zh: return "\(place)：\(severity == .error ? "错误" : "警告")[\(code)]：\(text.text(.zh))。怎么改：\(text.fix(.zh))"
        }
    }
}

/// Collects diagnostics so that every problem is reported in one run, not the first only.
public struct Diagnostics: Sendable {
    public private(set) var all: [Diagnostic] = []

    public init() {}

    public mutating func append(_ diagnostic: Diagnostic) { all.append(diagnostic) }
    public mutating func append(contentsOf other: [Diagnostic]) { all.append(contentsOf: other) }

    public mutating func error(_ key: String, at location: SourceLocation, _ arguments: [String: MessageArgument] = [:]) {
        all.append(Diagnostic(.error, at: location, key, arguments))
    }

    public mutating func warning(_ key: String, at location: SourceLocation, _ arguments: [String: MessageArgument] = [:]) {
        all.append(Diagnostic(.warning, at: location, key, arguments))
    }

    public var errors: [Diagnostic] { all.filter { $0.severity == .error } }
    public var hasErrors: Bool { all.contains { $0.severity == .error } }
    /// In file, line and column order, so that reports are stable across runs.
    public var sorted: [Diagnostic] { all.sorted() }
}

/// Several diagnostics as one error value, for parsers that report every problem they find.
public struct DiagnosticList: Error, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}
