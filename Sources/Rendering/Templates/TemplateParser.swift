// Derived from swift-mustache (https://github.com/hummingbird-project/swift-mustache), Copyright (c) the
// Hummingbird authors, Apache License 2.0: see LICENSES/swift-mustache.txt for the notice and what was changed.

/// Parses Mustache text by the rules swift-mustache 2 applies (whose parse this follows step by step):
/// standalone tags take their whole line, a standalone partial's indentation is given to every line it renders, `{{<parent}}` takes `{{$block}}` overrides, and
/// `{{% CONTENT_TYPE: … }}` changes escaping. Transforms (`{{name(x)}}`), dynamic partials
/// (`{{>*x}}`) and lambdas are not supported: gongshi's contexts are data, never code.
struct TemplateParser {
    struct Failure: Error {
        enum Reason: Error, Equatable {
            case sectionCloseNameIncorrect, unfinishedName, expectedSectionEnd, invalidSetDelimiter
            case illegalTokenInsideInheritSection, invalidConfigVariableSyntax, unrecognisedConfigVariable
            case unexpectedEnd, transformsUnsupported, dynamicPartialsUnsupported
        }
        var reason: Reason
        var line: Int
        var column: Int
        var lineText: String
    }

    private struct State {
        var sectionName: String?
        var newLine = true
        var isPartialDefinition = false
        var isPartialDefinitionTopLevel = false
        var start: [Character] = ["{", "{"]
        var end: [Character] = ["}", "}"]
        var partialDefinitionIndent: [Character]?

        func section(_ name: String, newLine standalone: Bool) -> State {
            var s = self
            s.sectionName = name
            s.isPartialDefinitionTopLevel = false
            if !standalone { s.newLine = false }
            return s
        }

        func inheritance(_ name: String) -> State {
            var s = self
            s.sectionName = name
            s.newLine = true
            s.isPartialDefinition = true
            s.isPartialDefinitionTopLevel = true
            return s
        }
    }

    /// Blocks of a `{{<parent}}` section, collected while parsing it.
    private enum Parsed {
        case node(TemplateNode)
        case blockDefinition(String, Template)
    }

    private let text: [Character]
    private var position = 0

    private init(_ string: String) { text = Array(string) }

    static func parse(_ string: String) throws(Failure) -> Template {
        var parser = TemplateParser(string)
        do {
            return Template(try parser.parse(State()).map { item in
                guard case .node(let node) = item else { throw Failure.Reason.illegalTokenInsideInheritSection }
                return node
            })
        } catch let reason as Failure.Reason {
            throw parser.failure(reason)
        } catch {
            throw parser.failure(.unexpectedEnd)
        }
    }

    // MARK: Reading

    private var atEnd: Bool { position == text.count }
    private var current: Character { atEnd ? "\0" : text[position] }

    private static let nameCharacters = Set("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-_?*")
    private static let partialNameCharacters = nameCharacters.union("/()")

    @discardableResult
    private mutating func read(while accept: (Character) -> Bool) -> [Character] {
        let start = position
        while !atEnd && accept(text[position]) { position += 1 }
        return Array(text[start..<position])
    }

    private mutating func skipWhitespace() { read(while: \.isWhitespace) }

    /// Consumes `string` if it comes next; running out of text first is an error, as in swift-mustache.
    private mutating func read(_ string: [Character]) throws(Failure.Reason) -> Bool {
        guard text.count - position >= string.count else { throw .unexpectedEnd }
        guard Array(text[position..<position + string.count]) == string else { return false }
        position += string.count
        return true
    }

    /// Text up to the next tag (whose opening delimiter is consumed) or line break (not consumed).
    private mutating func readText(_ state: State) throws(Failure.Reason) -> [Character] {
        var result: [Character] = []
        let first = state.start[0]
        while !atEnd {
            result += read { $0 != "\n" && $0 != "\r\n" && $0 != first }
            if current.isNewline { break }
            if current == first {
                if try read(state.start) { break }
                result.append(first)
                position += 1
            }
        }
        return result
    }

    /// Rest of the line is blank: consume it with its line break.
    private mutating func lineFinished() -> Bool {
        if atEnd { return true }
        var scan = position
        while scan < text.count && (text[scan] == " " || text[scan] == "\t") { scan += 1 }
        guard scan < text.count, text[scan].isNewline else { return false }
        position = scan + 1
        return true
    }

    private mutating func standalone(_ state: State) -> Bool { state.newLine && lineFinished() }

    private mutating func name(_ state: State) throws(Failure.Reason) -> String {
        skipWhitespace()
        let name = read { Self.nameCharacters.contains($0) || $0 == "(" || $0 == ")" }
        skipWhitespace()
        guard try read(state.end) else { throw .unfinishedName }
        guard !name.contains("(") && !name.contains(")") else { throw .transformsUnsupported }
        return String(name)
    }

    private mutating func partialName(_ state: State) throws(Failure.Reason) -> String {
        skipWhitespace()
        let name = read { Self.partialNameCharacters.contains($0) }
        skipWhitespace()
        guard try read(state.end) else { throw .unfinishedName }
        return String(name)
    }

    // MARK: Parsing

    private mutating func parse(_ initial: State) throws(Failure.Reason) -> [Parsed] {
        var items: [Parsed] = []
        var state = initial
        var whitespace: [Character] = []
        func text(_ characters: [Character]) -> Parsed { .node(.text(Array(String(characters).utf8))) }

        while !atEnd {
            if state.newLine {
                let indent = read { $0 == " " || $0 == "\t" }
                if state.isPartialDefinition && !state.isPartialDefinitionTopLevel {
                    if let definitionIndent = state.partialDefinitionIndent {
                        whitespace = Array(indent.dropFirst(definitionIndent.count))
                    } else {
                        state.partialDefinitionIndent = indent
                    }
                } else {
                    whitespace = indent
                }
            }
            let run = try readText(state)
            if current.isNewline {
                items.append(text(whitespace + run + [current]))
                state.newLine = true
                position += 1
                continue
            }
            if !run.isEmpty {
                items.append(text(whitespace + run))
                whitespace = []
                state.newLine = false
            }
            if atEnd { break }

            /// Whitespace before a tag that is not standalone stays in the output.
            func flushWhitespace() {
                if !whitespace.isEmpty { items.append(text(whitespace)) }
                whitespace = []
            }
            var setNewLine = false
            switch current {
            case "#", "^":
                let inverted = current == "^"
                let tag = position - state.start.count
                position += 1
                let name = try name(state)
                if standalone(state) { setNewLine = true } else { flushWhitespace() }
                let body = try parse(state.section(name, newLine: setNewLine))
                items.append(.node(.section(TemplatePath(name, at: tag), try Self.template(body), inverted: inverted)))

            case "/":
                position += 1
                let start = position
                let name = try name(state)
                guard name == state.sectionName else {
                    position = start
                    throw .sectionCloseNameIncorrect
                }
                if !standalone(state) { flushWhitespace() }
                return items

            case "!":
                position += 1
                var closed = false
                while !atEnd && !closed {
                    if try read(state.end) { closed = true } else { position += 1 }
                }
                guard closed else { throw .unexpectedEnd }
                setNewLine = standalone(state)

            case "{", "&":
                flushWhitespace()
                let triple = current == "{"
                let tag = position - state.start.count
                position += 1
                let name = try name(state)
                if triple {
                    guard !atEnd else { throw .unexpectedEnd }
                    guard current == "}" else { throw .unfinishedName }
                    position += 1
                }
                items.append(.node(.variable(TemplatePath(name, at: tag), escaped: false)))

            case ">":
                position += 1
                skipWhitespace()
                guard current != "*" else { throw .dynamicPartialsUnsupported }
                let name = try partialName(state)
                let indentation = String(whitespace)
                if !whitespace.isEmpty { items.append(text(whitespace)) }
                if standalone(state) {
                    setNewLine = true
                    items.append(.node(.partial(name, indentation: indentation, overrides: nil)))
                } else {
                    items.append(.node(.partial(name, indentation: nil, overrides: nil)))
                }
                whitespace = []

            case "<":
                position += 1
                skipWhitespace()
                let name = try partialName(state)
                guard !name.hasPrefix("*") else { throw .dynamicPartialsUnsupported }
                let indentation = String(whitespace)
                if !whitespace.isEmpty { items.append(text(whitespace)) }
                if standalone(state) { setNewLine = true }
                var overrides: [String: Template] = [:]
                for item in try parse(state.inheritance(name)) {
                    switch item {
                    case .blockDefinition(let block, let template): overrides[block] = template
                    case .node(.text): break
                    case .node: throw .illegalTokenInsideInheritSection
                    }
                }
                items.append(.node(.partial(name, indentation: indentation, overrides: overrides)))
                whitespace = []

            case "$":
                position += 1
                let name = try name(state)
                if state.isPartialDefinitionTopLevel {
                    if standalone(state) { setNewLine = true }
                    let body = try parse(state.section(name, newLine: setNewLine))
                    items.append(.blockDefinition(name, try Self.template(body)))
                } else {
                    let indentation = String(whitespace)
                    if !whitespace.isEmpty { items.append(text(whitespace)) }
                    if standalone(state) { setNewLine = true }
                    let body = try parse(state.section(name, newLine: setNewLine))
                    items.append(.node(.block(name, default: try Self.template(body), indentation: indentation)))
                    whitespace = []
                }

            case "=":
                position += 1
                state = try delimiters(state)
                setNewLine = standalone(state)

            case "%":
                position += 1
                items.append(.node(.contentType(try contentType(state))))
                setNewLine = standalone(state)

            default:
                flushWhitespace()
                let tag = position - state.start.count
                items.append(.node(.variable(TemplatePath(try name(state), at: tag), escaped: true)))
            }
            state.newLine = setNewLine
        }
        guard state.sectionName == nil else { throw .expectedSectionEnd }
        return items
    }

    private static func template(_ items: [Parsed]) throws(Failure.Reason) -> Template {
        Template(try items.map { item throws(Failure.Reason) in
            guard case .node(let node) = item else { throw .illegalTokenInsideInheritSection }
            return node
        })
    }

    /// `{{=<% %>=}}`
    private mutating func delimiters(_ state: State) throws(Failure.Reason) -> State {
        skipWhitespace()
        let start = read { !$0.isWhitespace }
        guard !atEnd else { throw .invalidSetDelimiter }
        skipWhitespace()
        let end = read { $0 != "=" && !$0.isWhitespace }
        guard !atEnd else { throw .invalidSetDelimiter }
        skipWhitespace()
        guard !atEnd else { throw .unexpectedEnd }
        guard current == "=" else { throw .invalidSetDelimiter }
        position += 1
        guard try read(state.end) else { throw .invalidSetDelimiter }
        guard !start.isEmpty, !end.isEmpty else { throw .invalidSetDelimiter }
        var s = state
        s.start = start
        s.end = end
        s.isPartialDefinitionTopLevel = false
        return s
    }

    /// `{{% CONTENT_TYPE: MARKDOWN }}`
    private mutating func contentType(_ state: State) throws(Failure.Reason) -> TemplateContentType {
        skipWhitespace()
        let variable = read { Self.nameCharacters.contains($0) }
        skipWhitespace()
        guard !atEnd, current == ":" else { throw .invalidConfigVariableSyntax }
        position += 1
        skipWhitespace()
        let value = read { Self.nameCharacters.contains($0) }
        skipWhitespace()
        guard (try? read(state.end)) == true, !variable.isEmpty, !value.isEmpty else { throw .invalidConfigVariableSyntax }
        guard String(variable) == "CONTENT_TYPE", let type = TemplateContentType(rawValue: String(value)) else { throw .unrecognisedConfigVariable }
        return type
    }

    /// Line and column of the current position, as the error messages give them.
    private func failure(_ reason: Failure.Reason) -> Failure {
        let (line, column, lineText) = Self.place(of: position, in: text)
        return Failure(reason: reason, line: line, column: column, lineText: lineText)
    }

    /// Line and column (from 1) of a character offset, and the text of its line.
    static func place(of position: Int, in text: [Character]) -> (line: Int, column: Int, lineText: String) {
        var lineStart = position
        while lineStart > 0 && text[lineStart - 1] != "\n" { lineStart -= 1 }
        var lineEnd = position
        while lineEnd < text.count && text[lineEnd] != "\n" { lineEnd += 1 }
        let line = text[..<min(position, text.count)].filter(\.isNewline).count + 1
        return (line, position - lineStart + 1, String(text[lineStart..<lineEnd]))
    }
}
