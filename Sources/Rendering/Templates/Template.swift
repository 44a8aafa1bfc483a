/// A parsed Mustache template: the theme's `.mustache` files, compiled once per build.
///
/// gongshi renders with its own engine over `TemplateValue` contexts. swift-mustache, which parses the
/// same files, spends most of a page in dynamic casts of `Any` contexts; this engine renders the same
/// bytes several times faster and on all cores. The parser follows swift-mustache's rules for standalone
/// lines, indentation and inheritance exactly, and a test renders every page of the demo with both and
/// compares the bytes.
public final class Template: Sendable {
    let nodes: [TemplateNode]

    init(_ nodes: [TemplateNode]) { self.nodes = nodes }
}

/// How values are escaped: `{{% CONTENT_TYPE: MARKDOWN }}` switches a template to Markdown escaping.
public enum TemplateContentType: String, Sendable {
    case html = "HTML"
    case text = "TEXT"
    case markdown = "MARKDOWN"
}

enum TemplateNode: Sendable {
    case text([UInt8])
    /// `{{name}}` (escaped) or `{{{name}}}` / `{{&name}}`.
    case variable(TemplatePath, escaped: Bool)
    case section(TemplatePath, Template, inverted: Bool)
    /// `{{>name}}`, or `{{<name}}…{{/name}}` with its block overrides.
    case partial(String, indentation: String?, overrides: [String: Template]?)
    /// `{{$name}}default{{/name}}` in a parent template.
    case block(String, default: Template, indentation: String)
    case contentType(TemplateContentType)
}

/// A variable name as written: `.` for the current value, `a.b.c` looked up from the innermost
/// context outwards by its first part, `.a.b` looked up in the current value only.
struct TemplatePath: Sendable {
    enum Kind: Sendable { case current, stack, local }
    let kind: Kind
    let parts: [String]
    /// Where the tag starts in the template's text (in characters), for the theme check's messages.
    let offset: Int

    init(_ name: String, at offset: Int = 0) {
        self.offset = offset
        if name == "." {
            kind = .current
            parts = []
        } else {
            kind = name.hasPrefix(".") ? .local : .stack
            parts = name.split(separator: ".").map(String.init)
        }
    }
}

extension Template {
    /// Every partial and parent this template names, at any depth.
    var partialNames: Set<String> {
        var names: Set<String> = []
        for node in nodes {
            switch node {
            case .partial(let name, _, let overrides):
                names.insert(name)
                for template in (overrides ?? [:]).values { names.formUnion(template.partialNames) }
            case .section(_, let body, _): names.formUnion(body.partialNames)
            case .block(_, let fallback, _): names.formUnion(fallback.partialNames)
            case .text, .variable, .contentType: break
            }
        }
        return names
    }
}
