/// What a template sees: text, numbers, flags, lists and objects. A missing value is a missing key,
/// never an Optional, so nothing ever renders as "nil".
public enum TemplateValue: Sendable {
    case string(String)
    case int(Int)
    case bool(Bool)
    case list([TemplateValue])
    case object([String: TemplateValue])

    public subscript(key: String) -> TemplateValue? {
        guard case .object(let fields) = self else { return nil }
        return fields[key]
    }
}
