import Messages

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
