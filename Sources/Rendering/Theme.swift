import Foundation
import Mustache
import Registry

/// A theme: Mustache templates (`*.mustache`, named by relative path without the extension) and the
/// static files beside them (stylesheet, images). A site's own `templates/` folder overrides any of them.
public struct Theme: Sendable {
    public let library: MustacheLibrary
    /// Relative output path → source file, for every non-template file, overrides applied.
    public let assets: [String: String]
    public let templateNames: Set<String>

    public struct Failure: Error, CustomStringConvertible {
        public var diagnostic: Diagnostic
        public var description: String { diagnostic.description }
    }

    /// Loads `directory`, then lets `overrides` replace or add templates and files.
    public static func load(directory: String, overrides: String? = nil) throws -> Theme {
        MarkdownContentType.registerOnce()
        var library = MustacheLibrary()
        var assets: [String: String] = [:]
        var names: Set<String> = []
        for root in [directory] + (overrides.map { [$0] } ?? []) {
            for relative in try files(under: root) {
                let path = root + "/" + relative
                // Messages name a site's override as the clerk sees it: templates/home.mustache.
                let display = root == overrides ? "templates/" + relative : path
                if relative.hasSuffix(".mustache") {
                    let name = String(relative.dropLast(".mustache".count))
                    guard let text = FileManager.default.contents(atPath: path).flatMap({ String(data: $0, encoding: .utf8) }) else {
                        throw Failure(diagnostic: Diagnostic(code: "E500", at: SourceLocation(file: display), "template is not readable UTF-8 text",
                                                             fix: "save the template as UTF-8"))
                    }
                    do {
                        library.register(try MustacheTemplate(string: text), named: name)
                        names.insert(name)
                    } catch let error as MustacheTemplate.ParserError {
                        throw Failure(diagnostic: Diagnostic(code: "E501", at: SourceLocation(file: display, line: error.context.lineNumber, column: error.context.columnNumber),
                                                             "template syntax error: \(explain(error.error))", fix: "check the tag near this position: \(error.context.line.trimmingWhitespace())"))
                    }
                } else {
                    assets[relative] = path
                }
            }
        }
        return Theme(library: library, assets: assets, templateNames: names)
    }

    static func explain(_ error: Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect?: return "a section is closed with another name than it was opened with"
        case .unfinishedName?: return "a tag is not closed with }}"
        case .expectedSectionEnd?: return "a section is opened and never closed"
        case .invalidSetDelimiter?: return "a delimiter change ({{=…=}}) is badly formed"
        case .transformAppliedToInheritanceSection?: return "a transform is applied to an inherited section"
        case .illegalTokenInsideInheritSection?, .textInsideInheritSection?:
            return "inside {{<parent}} … {{/parent}} only {{$block}} overrides may stand"
        case .invalidConfigVariableSyntax?, .unrecognisedConfigVariable?: return "a {{% pragma }} is not understood"
        case nil: return "\(error)"
        }
    }

    /// Every regular file under `root`, as sorted relative paths (hidden files skipped).
    public static func files(under root: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var result: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.split(separator: "/").contains(where: { $0.hasPrefix(".") }) { continue }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                result.append(relative)
            }
        }
        return result.sorted()
    }

    /// Renders a template; a missing template is an error, never an empty page.
    public func render(_ name: String, _ context: [String: Any]) throws -> String {
        guard templateNames.contains(name), let text = library.render(context, withTemplate: name) else {
            throw Failure(diagnostic: Diagnostic(code: "E502", at: SourceLocation(file: "\(name).mustache"), "the theme has no template \(name)",
                                                 fix: "add \(name).mustache to the theme or to the site's templates/ folder"))
        }
        return text
    }
}

/// `{{% CONTENT_TYPE: MARKDOWN }}`: values are escaped for Markdown instead of HTML (the `.md` twins).
struct MarkdownContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { Markdown.escape(text) }

    private static let registration: Void = { MustacheContentTypes.register(MarkdownContentType(), named: "MARKDOWN") }()
    static func registerOnce() { _ = registration }
}
