// Derived from swift-mustache (https://github.com/hummingbird-project/swift-mustache), Copyright (c) the
// Hummingbird authors, Apache License 2.0: see LICENSES/swift-mustache.txt for the notice and what was changed.

/// Renders compiled templates into bytes. The rules are Mustache's as swift-mustache applies them:
/// a name is looked up from the innermost context outwards; a list repeats its section, `true` shows
/// it, any other present value shows it with that value as the context; a partial starts in HTML
/// escaping; an indented standalone partial indents every line it writes.
struct TemplateRenderer {
    let templates: [String: Template]
    private(set) var output: [UInt8] = []
    private var stack: [TemplateValue] = []

    init(templates: [String: Template], capacity: Int = 16_384) {
        self.templates = templates
        output.reserveCapacity(capacity)
    }

    struct Frame {
        var indentation: [UInt8] = []
        var overrides: [String: Template]? = nil
        var contentType: TemplateContentType = .html
    }

    mutating func render(_ template: Template, _ context: TemplateValue) -> [UInt8] {
        output.removeAll(keepingCapacity: true)
        stack = [context]
        render(template, Frame())
        return output
    }

    private mutating func render(_ template: Template, _ initial: Frame) {
        var frame = initial
        guard !frame.indentation.isEmpty else {
            for node in template.nodes { render(node, &frame) }
            return
        }
        let start = output.count
        for node in template.nodes {
            // A node that writes something right after a line break of this template gets the indentation
            // ("\r\n" is one character to swift-mustache, and not "\n").
            let count = output.count
            let afterLineBreak = count > start && output[count - 1] == 0x0A && !(count - 2 >= start && output[count - 2] == 0x0D)
            render(node, &frame)
            if afterLineBreak && output.count > count { output.insert(contentsOf: frame.indentation, at: count) }
        }
    }

    private mutating func render(_ node: TemplateNode, _ frame: inout Frame) {
        switch node {
        case .text(let bytes):
            output.append(contentsOf: bytes)
        case .variable(let path, let escaped):
            guard let value = lookup(path) else { return }
            switch value {
            case .string(let text): write(text, escaped ? frame.contentType : .text)
            case .int(let number): write(String(number), escaped ? frame.contentType : .text)
            case .bool(let flag): write(flag ? "true" : "false", .text)
            case .list, .object: break  // a theme error; printing a structure would not be deterministic
            }
        case .section(let path, let body, let inverted):
            let value = lookup(path)
            if inverted {
                switch value {
                case .list(let items)?: if items.isEmpty { renderPushing(value!, body, frame) }
                case .bool(let flag)?: if !flag { render(body, frame) }
                case nil: render(body, frame)
                default: break
                }
            } else {
                switch value {
                case .list(let items)?: for item in items { renderPushing(item, body, frame) }
                case .bool(let flag)?: if flag { render(body, frame) }
                case let value?: renderPushing(value, body, frame)
                case nil: break
                }
            }
        case .partial(let name, let indentation, let overrides):
            guard let template = templates[name] else { return }
            var inner = Frame(indentation: frame.indentation + Array((indentation ?? "").utf8), overrides: frame.overrides, contentType: .html)
            if let overrides {
                // The outermost override of a block wins.
                inner.overrides = frame.overrides.map { $0.merging(overrides) { outer, _ in outer } } ?? overrides
            }
            render(template, inner)
        case .block(let name, let fallback, let indentation):
            var inner = frame
            inner.indentation += Array(indentation.utf8)
            render(frame.overrides?[name] ?? fallback, inner)
        case .contentType(let type):
            frame.contentType = type
        }
    }

    private mutating func renderPushing(_ value: TemplateValue, _ body: Template, _ frame: Frame) {
        stack.append(value)
        render(body, frame)
        stack.removeLast()
    }

    private func lookup(_ path: TemplatePath) -> TemplateValue? {
        guard let first = path.parts.first, path.kind != .current else { return stack.last }
        var value: TemplateValue?
        if path.kind == .local {
            value = stack.last?[first]
        } else {
            for context in stack.reversed() {
                if let found = context[first] { value = found; break }
            }
        }
        for part in path.parts.dropFirst() {
            value = value?[part]
        }
        return value
    }

    private mutating func write(_ text: String, _ type: TemplateContentType) {
        switch type {
        case .text: output.append(contentsOf: text.utf8)
        case .html: Escape.html(text, into: &output)
        case .markdown: Escape.markdown(text, into: &output)
        }
    }
}

/// Escaping byte by byte (on UTF-8, where these ASCII bytes never occur inside another character), so
/// a combining mark after a quote cannot hide the quote from the escaper.
enum Escape {
    static func html(_ text: String, into output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var run = 0
            for (i, byte) in bytes.enumerated() {
                let replacement: StaticString
                switch byte {
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default: continue
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run..<i]))
                output.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
                run = i + 1
            }
            output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[run...]))
        }
    }

    /// Markdown: a backslash before punctuation Markdown would act on, a space for a line break.
    static func markdown(_ text: String, into output: inout [UInt8]) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\\"), UInt8(ascii: "`"), UInt8(ascii: "*"), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "#"), UInt8(ascii: "!"), UInt8(ascii: "{"),
                 UInt8(ascii: "}"), UInt8(ascii: "~"), UInt8(ascii: "&"):
                output.append(UInt8(ascii: "\\"))
                output.append(byte)
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                output.append(UInt8(ascii: " "))
            default:
                output.append(byte)
            }
        }
    }
}
