/// Checks a theme's templates against the contexts they are given: every name a page template uses — in
/// variables, sections, the partials it includes and the blocks it fills — must be one its page's context
/// type has where the name is looked up. The renderer prints a missing name as nothing; this check makes
/// the same mistake an error with its place before any page is written.
struct TemplateCheck {
    struct Problem: Equatable {
        enum Reason: Equatable {
            /// No context on the stack has the name's first part (or an object on the path lacks the next).
            case unknown(missing: String, suggestion: String?)
            /// A part of the path is text, a number, a flag or a list, which has no fields.
            case notAnObject(part: String, kind: ContextSchema.Kind)
            /// `{{name}}` of a list or an object, which prints nothing.
            case notPrintable(kind: ContextSchema.Kind)
        }
        /// The template the tag is in (a partial's own name when it is in a partial).
        var template: String
        var offset: Int
        var name: String
        /// The page template the check started from.
        var page: String
        var reason: Reason
    }

    let templates: [String: Template]
    private(set) var problems: [Problem] = []
    private var page = ""
    /// Partials being checked, to stop a partial that includes itself.
    private var active: [String] = []

    init(templates: [String: Template]) { self.templates = templates }

    /// Checks `name` (and its Markdown twin `name.md`, if the theme has one) against `schema`.
    mutating func check(page name: String, schema: ContextSchema) {
        for template in [name, name + ".md"] {
            guard let body = templates[template] else { continue }
            page = name
            active = [template]
            check(body, in: template, stack: [schema], overrides: nil)
        }
    }

    private mutating func check(_ template: Template, in name: String, stack: [ContextSchema], overrides: [String: (Template, String)]?) {
        for node in template.nodes {
            switch node {
            case .text, .contentType:
                break
            case .variable(let path, _):
                guard let found = resolve(path, in: name, stack: stack) else { break }
                switch found {
                case .list, .object:
                    problems.append(Problem(template: name, offset: path.offset, name: path.written, page: page, reason: .notPrintable(kind: found.kind)))
                case .text, .number, .flag:
                    break
                }
            case .section(let path, let body, let inverted):
                guard let found = resolve(path, in: name, stack: stack) else { break }
                if inverted {
                    check(body, in: name, stack: stack, overrides: overrides)
                    break
                }
                switch found {
                case .list(let element): check(body, in: name, stack: stack + [element], overrides: overrides)
                case .flag: check(body, in: name, stack: stack, overrides: overrides)
                case .object, .text, .number: check(body, in: name, stack: stack + [found], overrides: overrides)
                }
            case .partial(let partial, _, let own):
                guard let body = templates[partial], !active.contains(partial) else { break }
                var inner = overrides
                if let own {
                    // The outermost override of a block wins, as in the renderer; each is checked where it is placed.
                    let mine = own.mapValues { ($0, name) }
                    inner = overrides.map { $0.merging(mine) { outer, _ in outer } } ?? mine
                }
                active.append(partial)
                check(body, in: partial, stack: stack, overrides: inner)
                active.removeLast()
            case .block(let block, let fallback, _):
                if let (body, source) = overrides?[block] {
                    check(body, in: source, stack: stack, overrides: overrides)
                } else {
                    check(fallback, in: name, stack: stack, overrides: overrides)
                }
            }
        }
    }

    /// What `path` names where it is, as the renderer looks it up: the first part from the innermost context
    /// outwards (or in the current one only, for `.a`), the rest within it. Nil, with a problem, when nothing has it.
    private mutating func resolve(_ path: TemplatePath, in name: String, stack: [ContextSchema]) -> ContextSchema? {
        guard let first = path.parts.first, path.kind != .current else { return stack.last }
        var found: ContextSchema?
        if path.kind == .local {
            found = stack.last?.fields?[first]
        } else {
            found = stack.reversed().lazy.compactMap { $0.fields?[first] }.first
        }
        guard var value = found else {
            let known = path.kind == .local ? Set(stack.last?.fields?.keys.map { $0 } ?? []) : Set(stack.flatMap { $0.fields?.keys.map { $0 } ?? [] })
            problems.append(Problem(template: name, offset: path.offset, name: path.written, page: page,
                                    reason: .unknown(missing: first, suggestion: Self.nearest(first, in: known))))
            return nil
        }
        for part in path.parts.dropFirst() {
            guard let fields = value.fields else {
                problems.append(Problem(template: name, offset: path.offset, name: path.written, page: page,
                                        reason: .notAnObject(part: part, kind: value.kind)))
                return nil
            }
            guard let next = fields[part] else {
                problems.append(Problem(template: name, offset: path.offset, name: path.written, page: page,
                                        reason: .unknown(missing: part, suggestion: Self.nearest(part, in: Set(fields.keys)))))
                return nil
            }
            value = next
        }
        return value
    }

    /// The known name closest to a misspelt one (at most two edits, and fewer than half its letters), if any.
    static func nearest(_ name: String, in known: Set<String>) -> String? {
        let limit = min(2, name.count / 2)
        var best: (distance: Int, name: String)?
        for candidate in known.sorted() {
            let d = distance(Array(name), Array(candidate))
            if d <= limit, d < (best?.distance ?? Int.max) { best = (d, candidate) }
        }
        return best?.name
    }

    /// Levenshtein distance, two rows at a time (names are short).
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}

extension TemplatePath {
    /// The name as the template writes it.
    var written: String {
        switch kind {
        case .current: return "."
        case .local: return "." + parts.joined(separator: ".")
        case .stack: return parts.joined(separator: ".")
        }
    }
}
