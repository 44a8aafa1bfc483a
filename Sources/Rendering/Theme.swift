import Foundation
import Registry

/// A theme: Mustache templates (`*.mustache`, named by relative path without the extension) and the
/// static files beside them (stylesheet, images). A site's own `templates/` folder overrides any of them.
public struct Theme: Sendable {
    public let templates: [String: Template]
    /// Relative output path → source file, for every non-template file, overrides applied.
    public let assets: [String: String]
    public var templateNames: Set<String> { Set(templates.keys) }

    public struct Failure: Error, CustomStringConvertible {
        public var diagnostic: Diagnostic
        public var description: String { diagnostic.description }
    }

    /// Loads `directory`, then lets `overrides` replace or add templates and files.
    public static func load(directory: String, overrides: String? = nil) throws -> Theme {
        var templates: [String: Template] = [:]
        var displays: [String: String] = [:]
        var assets: [String: String] = [:]
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
                        templates[name] = try TemplateParser.parse(text)
                        displays[name] = display
                    } catch {
                        throw Failure(diagnostic: Diagnostic(code: "E501", at: SourceLocation(file: display, line: error.line, column: error.column),
                                                             "template syntax error: \(explain(error.reason))",
                                                             fix: "check the tag near this position: \(error.lineText.trimmingWhitespace())"))
                    }
                } else {
                    assets[relative] = path
                }
            }
        }
        // A partial that does not exist would render as nothing, silently: refuse the theme instead.
        for name in templates.keys.sorted() {
            if let missing = templates[name]!.partialNames.sorted().first(where: { templates[$0] == nil }) {
                throw Failure(diagnostic: Diagnostic(code: "E503", at: SourceLocation(file: displays[name]!),
                                                     "the template includes {{>\(missing)}} or {{<\(missing)}}, and the theme has no \(missing).mustache",
                                                     fix: "add \(missing).mustache to the theme or to the site's templates/ folder, or correct the name"))
            }
        }
        return Theme(templates: templates, assets: assets)
    }

    static func explain(_ reason: TemplateParser.Failure.Reason) -> String {
        switch reason {
        case .sectionCloseNameIncorrect: return "a section is closed with another name than it was opened with"
        case .unfinishedName: return "a tag is not closed with }}"
        case .expectedSectionEnd: return "a section is opened and never closed"
        case .invalidSetDelimiter: return "a delimiter change ({{=…=}}) is badly formed"
        case .illegalTokenInsideInheritSection: return "inside {{<parent}} … {{/parent}} only {{$block}} overrides may stand"
        case .invalidConfigVariableSyntax: return "a {{% pragma }} is not understood"
        case .unrecognisedConfigVariable: return "a {{% pragma }} is not known (CONTENT_TYPE: HTML, TEXT or MARKDOWN)"
        case .unexpectedEnd: return "the template ends inside a tag"
        case .transformsUnsupported: return "transforms such as {{name(x)}} are not supported: compute the value in the data instead"
        case .dynamicPartialsUnsupported: return "dynamic partials ({{>*name}}) are not supported: name the partial"
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
        String(decoding: try renderBytes(name, TemplateValue(context)), as: UTF8.self)
    }

    public func renderBytes(_ name: String, _ context: TemplateValue) throws -> [UInt8] {
        var renderer = TemplateRenderer(templates: templates)
        return try render(name, context, with: &renderer)
    }

    /// With a renderer kept by the caller, so its buffer is reused page after page.
    func render(_ name: String, _ context: TemplateValue, with renderer: inout TemplateRenderer) throws -> [UInt8] {
        guard let template = templates[name] else {
            throw Failure(diagnostic: Diagnostic(code: "E502", at: SourceLocation(file: "\(name).mustache"), "the theme has no template \(name)",
                                                 fix: "add \(name).mustache to the theme or to the site's templates/ folder"))
        }
        return renderer.render(template, context)
    }
}
