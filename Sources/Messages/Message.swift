/// A text gongshi shows, by its key in the message catalogue and the values it names: which language it is
/// said in is chosen when it is shown, not when it is made.
public struct Message: Sendable, Hashable, Codable {
    /// `E104`, or `E400.notString` where one code has several messages; `progress.built` for other texts.
    public var key: String
    public var arguments: [String: MessageArgument]

    public init(_ key: String, _ arguments: [String: MessageArgument] = [:]) {
        self.key = key
        self.arguments = arguments
    }

    /// The stable code of a diagnostic's message: the key up to its first dot.
    public var code: String { String(key.prefix { $0 != "." }) }

    public func text(_ language: Language) -> String {
        render(MessageCatalogue.template(key, language)?.text, language)
    }

    public func fix(_ language: Language) -> String {
        render(MessageCatalogue.template(key, language)?.fix, language)
    }

    private func render(_ template: String?, _ language: Language) -> String {
        guard let template else {
            assertionFailure("no message \(key) in the catalogue")
            return key
        }
        return MessageTemplate.fill(template) { name in
            guard let argument = arguments[name] else {
                assertionFailure("message \(key) has no value for {\(name)}")
                return "{\(name)}"
            }
            return argument.text(language)
        }
    }
}

extension Message {
    /// The same message with every text value that holds one of `secrets` (values of internal cells, trimmed)
    /// said as withheld: where a message is made about a row, nothing typed in the row's internal cells is
    /// repeated, whichever check made it.
    public func withholding(_ secrets: [String]) -> Message {
        let secrets = secrets.filter { !$0.isEmpty }
        guard !secrets.isEmpty else { return self }
        return Message(key, arguments.mapValues { $0.withholding { text in secrets.contains { text.contains($0) } } })
    }

    /// The same message about an internal cell holding `value`, with the cell's content withheld in every form
    /// a message gives it: as typed, as stored (`raw`), as a spreadsheet shows it, as the date or error it became.
    /// Where and what (a position, a character's code point, a length) are kept: they tell the fix, not the value.
    public func withholdingCell(_ value: String) -> Message {
        let value = value.trimmingWhitespace()
        return Message(key, arguments.reduce(into: [:]) { kept, argument in
            kept[argument.key] = Self.cellContent.contains(argument.key) ? .withheld
                : argument.value.withholding { !value.isEmpty && $0.contains(value) }
        })
    }

    /// The names under which cell messages give a cell's content.
    static let cellContent: Set<String> = ["raw", "text", "value", "shown", "dayIso", "error"]
}

extension MessageArgument {
    /// Said in place of a value no message may repeat.
    public static let withheld = MessageArgument.phrase("value.withheld")

    func withholding(_ secret: (String) -> Bool) -> MessageArgument {
        switch self {
        case .text(let s): return secret(s) ? .withheld : self
        case .list(let items): return .list(items.map { $0.withholding(secret) })
        case .message(let m): return .message(Message(m.key, m.arguments.mapValues { $0.withholding(secret) }))
        case .translated(let zh, let en): return secret(zh) || secret(en) ? .withheld : self
        case .location, .dataFile: return self
        }
    }
}

/// A value a message names: text as it is (a code, a number, a file), or something said differently in
/// each language (a place in a file, a list, a phrase of its own).
public enum MessageArgument: Sendable, Hashable, Codable, ExpressibleByStringInterpolation {
    case text(String)
    case location(SourceLocation)
    case list([MessageArgument])
    /// One of the data files by its CSV name (`agencies.csv`): said as the sheet that holds it when the clerk
    /// keeps the data in a workbook (`Diagnostic.naming(dataFilesAt:)`).
    case dataFile(String)
    indirect case message(Message)
    /// A text the code holds in both languages (a column's description).
    case translated(zh: String, en: String)

    public init(stringLiteral value: String) { self = .text(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .text(String(stringInterpolation: stringInterpolation)) }

    public static func at(_ location: SourceLocation) -> MessageArgument { .location(location) }
    public static func phrase(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> MessageArgument {
        .message(Message(key, arguments))
    }

    public func text(_ language: Language) -> String {
        switch self {
        case .text(let s): s
        case .location(let l): l.description(in: language)
        case .list(let items): items.map { $0.text(language) }.joined(separator: language == .zh ? "、" : ", ")
        case .dataFile(let name): name
        case .message(let m): m.text(language)
        case .translated(let zh, let en): language == .zh ? zh : en
        }
    }
}

/// A message or an argument interpolated into text would show as `text("…")`, in no language: pass it as
/// an argument (`"why": reason`) so that it is said in the reader's language.
extension DefaultStringInterpolation {
    @available(*, unavailable, message: "pass the MessageArgument itself, not its interpolation")
    public mutating func appendInterpolation(_ value: MessageArgument) {}

    @available(*, unavailable, message: "pass the Message as .message(m), not its interpolation")
    public mutating func appendInterpolation(_ value: Message) {}
}
