/// What a template sees: text, numbers, flags, lists and objects. A missing value is a missing key,
/// never an Optional, so nothing ever renders as "nil".
public enum TemplateValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    /// The page contexts are built as `[String: Any]` dictionaries; each value is converted once here,
    /// so rendering never casts. Anything else prints as its description.
    public init(_ any: Any) {
        switch any {
        case let value as String: self = .string(value)
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .int(value)
        case let value as [String: Any]: self = .object(value.mapValues(TemplateValue.init))
        case let value as [[String: Any]]: self = .list(value.map { .object($0.mapValues(TemplateValue.init)) })
        case let value as [String]: self = .list(value.map(TemplateValue.string))
        case let value as TemplateValue: self = value
        case let value as SharedValue: self = value.value
        case let value as [Any]: self = .list(value.map(TemplateValue.init))
        case let value as Substring: self = .string(String(value))
        default: self = .string(String(describing: any))
        }
    }

    public subscript(key: String) -> TemplateValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }
}

/// A piece of context many pages share (the navigation, the site's facts), converted and keyed once
/// for all of them: a page's context holds it as it is, and its key takes the piece's key bytes.
public struct SharedValue: Sendable {
    public let value: TemplateValue
    /// What `ContentKey.add(value)` appends.
    let keyBytes: [UInt8]

    public init(_ any: Any) {
        value = TemplateValue(any)
        keyBytes = ContentKey.bytes(of: value)
    }
}
