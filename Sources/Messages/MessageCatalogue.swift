/// One text of the catalogue in one language: what is wrong (or what happened), and for a diagnostic how to
/// put it right. `{name}` marks where a value goes.
public struct MessageTemplate: Sendable, Hashable {
    public var text: String
    public var fix: String

    public init(_ text: String, fix: String = "") {
        self.text = text
        self.fix = fix
    }

    /// The names of the values the template needs, in both texts.
    public var placeholders: Set<String> { Self.names(in: text).union(Self.names(in: fix)) }

    static func names(in template: String) -> Set<String> {
        var names = Set<String>()
        _ = fill(template) { names.insert($0); return "" }
        return names
    }

    /// Replaces each `{name}` (a letter, then letters and digits) by `value(name)`; other braces stay as they are.
    static func fill(_ template: String, _ value: (String) -> String) -> String {
        guard template.contains("{") else { return template }
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{") {
            out += rest[..<open]
            let after = rest.index(after: open)
            if let close = rest[after...].firstIndex(of: "}"),
               let first = rest[after..<close].first, first.isASCII, first.isLetter,
               rest[after..<close].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) {
                out += value(String(rest[after..<close]))
                rest = rest[rest.index(after: close)...]
            } else {
                out.append("{")
                rest = rest[after...]
            }
        }
        return out + rest
    }
}

/// Every text gongshi shows, in Chinese and in English, by key: one place to read, correct and translate them.
public enum MessageCatalogue {
    public static let chinese: [String: MessageTemplate] = merged([ChineseMessages.data, ChineseMessages.site, ChineseMessages.commands, ChineseMessages.workbench])
    public static let english: [String: MessageTemplate] = merged([EnglishMessages.data, EnglishMessages.site, EnglishMessages.commands, EnglishMessages.workbench])

    public static func template(_ key: String, _ language: Language) -> MessageTemplate? {
        switch language {
        case .zh: chinese[key]
        case .en: english[key]
        }
    }

    /// The shorthand for texts that are not diagnostics: progress lines, help, labels.
    public static func text(_ key: String, _ language: Language, _ arguments: [String: MessageArgument] = [:]) -> String {
        Message(key, arguments).text(language)
    }

    private static func merged(_ parts: [[String: MessageTemplate]]) -> [String: MessageTemplate] {
        parts.reduce(into: [:]) { all, part in
            all.merge(part) { first, _ in
                assertionFailure("a key is in two parts of the catalogue")
                return first
            }
        }
    }
}
