import Messages

/// `gongshi help templates`: the names each page template may use, read from the page's context type — the same
/// schema the theme is checked against (E505), so the reference cannot disagree with the check.
public enum TemplateNames {
    public static func reference(_ language: Language) -> String {
        func say(_ key: String, _ arguments: [String: MessageArgument] = [:]) -> String { MessageCatalogue.text(key, language, arguments) }
        let common = ContextSchema.of(PageCommon.self).schema.fields ?? [:]
        var text = say("help.templates.title") + "\n\n" + say("help.templates.intro") + "\n\n"
        text += "## " + say("help.templates.common") + "\n\n" + tree(common, language, depth: 0) + "\n"
        for page in PageTemplates.all {
            let fields = page.schema.fields ?? [:]
            // A page's own names: those of its body, beside the ones every page has (a feed has none of those).
            let shared = common.keys.allSatisfy { fields[$0] != nil }
            let own = shared ? fields.filter { common[$0.key] == nil } : fields
            text += "## " + say("help.templates.page", ["page": "\(page.name)"]) + "\n\n"
            if shared { text += say("help.templates.andCommon") + "\n\n" }
            text += tree(own, language, depth: 0) + "\n"
        }
        return text
    }

    static func tree(_ fields: [String: ContextSchema], _ language: Language, depth: Int) -> String {
        var out = ""
        for name in fields.keys.sorted() {
            let schema = fields[name]!
            out += String(repeating: "  ", count: depth) + "- `" + name + "`" + kind(schema, language) + "\n"
            switch schema {
            case .object(let inner): out += tree(inner, language, depth: depth + 1)
            case .list(.object(let inner)): out += tree(inner, language, depth: depth + 1)
            default: break
            }
        }
        return out
    }

    /// `（列表，每项是对象）` / `(a list of objects)`.
    static func kind(_ schema: ContextSchema, _ language: Language) -> String {
        func phrase(_ kind: ContextSchema.Kind) -> String { MessageCatalogue.text(kind.phraseKey, language) }
        if case .list(let element) = schema {
            return MessageCatalogue.text("help.templates.listOf", language, ["kind": "\(phrase(element.kind))"])
        }
        return MessageCatalogue.text("help.templates.kind", language, ["kind": "\(phrase(schema.kind))"])
    }
}
