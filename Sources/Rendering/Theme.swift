import Foundation
import Import
import Messages
import Model

/// A theme: Mustache templates (`*.mustache`, named by relative path without the extension) and the
/// static files beside them (stylesheet, images). A site's own `templates/` folder overrides any of them.
public struct Theme: Sendable {
    public let templates: [String: Template]
    /// Relative output path → where the file is read from, for every non-template file, overrides applied.
    public let assets: [String: Asset]
    public var templateNames: Set<String> { Set(templates.keys) }

    /// A theme's static file: read through its folder, never through a link, or from the built-in theme.
    public struct Asset: Sendable {
        enum Origin: Sendable {
            case folder(SiteFolder)
            case builtIn([UInt8])
        }
        var origin: Origin
        public var relative: String
        /// From the site's `templates/`, not the default theme.
        public var isOverride: Bool
        /// An override of a file the default theme has.
        public var replacesDefault = false

        public func bytes() -> Result<[UInt8], SiteFolder.ReadFailure> {
            switch origin {
            case .folder(let folder): return folder.read(relative)
            case .builtIn(let bytes): return .success(bytes)
            }
        }

        public func diagnostic(_ failure: SiteFolder.ReadFailure) -> Diagnostic {
            switch origin {
            case .folder(let folder): return folder.diagnostic(failure, relative)
            case .builtIn: return Diagnostic(at: SourceLocation(file: ThemeSource.builtInDisplay + relative), "E500")
            }
        }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var diagnostics: [Diagnostic]
        public var diagnostic: Diagnostic { diagnostics[0] }
        public var description: String { diagnostics.map(\.description).joined(separator: "\n") }

        public init(diagnostic: Diagnostic) { diagnostics = [diagnostic] }
        public init(diagnostics: [Diagnostic]) { self.diagnostics = diagnostics.sorted() }
    }

    /// Loads `directory`, then lets `overrides` (a site's `templates/`) replace or add templates and files.
    public static func load(directory: String, overrides: String? = nil) throws -> Theme {
        try load(.folder(directory), overrides: overrides)
    }

    /// Loads the default theme from `source`, then lets `overrides` replace or add templates and files.
    /// A link or a special file in a folder is an error (`SiteFolder`): a theme is read like the site.
    /// `pages`: the page templates and their contexts' schemas the names are checked against (the site's pages
    /// unless another set of templates, the workbench's, says its own).
    public static func load(_ source: ThemeSource, overrides: String? = nil,
                            pages: [(name: String, schema: ContextSchema)]? = nil) throws -> Theme {
        var templates: [String: Template] = [:]
        var displays: [String: String] = [:]
        var sources: [String: String] = [:]
        var assets: [String: Asset] = [:]
        var problems: [Diagnostic] = []
        func add(_ relative: String, display: String, isOverride: Bool, origin: Asset.Origin, bytes: () -> [UInt8]?) {
            guard relative.hasSuffix(".mustache") else {
                assets[relative] = Asset(origin: origin, relative: relative, isOverride: isOverride,
                                         replacesDefault: isOverride && assets[relative] != nil)
                return
            }
            let name = String(relative.dropLast(".mustache".count))
            guard let bytes = bytes() else { return }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                problems.append(Diagnostic(at: SourceLocation(file: display), "E500"))
                return
            }
            do {
                templates[name] = try TemplateParser.parse(text)
                displays[name] = display
                sources[name] = text
            } catch {
                problems.append(Diagnostic(at: SourceLocation(file: display, line: error.line, column: error.column),
                                           "E501.templateSyntaxError",
                                           ["explain": explain(error.reason), "near": "\(error.lineText.trimmingWhitespace())"]))
            }
        }
        // The default theme's folder first, then the site's overrides (unless they are that same folder).
        var folders: [(path: String, isOverride: Bool)] = []
        switch source {
        case .folder(let directory):
            folders = [(directory, false)] + (overrides.map { $0 == directory ? [] : [($0, true)] } ?? [])
        case .builtIn(let files):
            folders = overrides.map { [($0, true)] } ?? []
            for (relative, bytes) in files {
                add(relative, display: ThemeSource.builtInDisplay + relative, isOverride: false, origin: .builtIn(bytes)) { bytes }
            }
        }
        for (root, isOverride) in folders {
            // Messages name a site's override as the clerk sees it: templates/home.mustache.
            let folder = SiteFolder(path: root, display: isOverride ? "templates/" : root + "/")
            let listing = folder.list()
            problems += listing.diagnostics
            for relative in listing.files {
                add(relative, display: folder.displayPath(relative), isOverride: isOverride, origin: .folder(folder)) {
                    switch folder.read(relative) {
                    case .success(let b): return b
                    case .failure(let f):
                        problems.append(folder.diagnostic(f, relative))
                        return nil
                    }
                }
            }
        }
        guard problems.isEmpty else { throw Failure(diagnostics: problems) }
        // A partial that does not exist would render as nothing, silently: refuse the theme instead.
        for name in templates.keys.sorted() {
            if let missing = templates[name]!.partialNames.sorted().first(where: { templates[$0] == nil }) {
                problems.append(Diagnostic(at: SourceLocation(file: displays[name]!),
                                           "E503",
                                           ["missing": "\(missing)"]))
            }
        }
        guard problems.isEmpty else { throw Failure(diagnostics: problems) }
        problems = nameProblems(templates, displays: displays, sources: sources,
                                pages: pages ?? PageTemplates.all.map { ($0.name, $0.schema) })
        guard problems.isEmpty else { throw Failure(diagnostics: problems) }
        return Theme(templates: templates, assets: assets)
    }

    /// Every name a page template (and what it includes) uses that its page's context does not have, once
    /// each: a misspelt name would print as nothing on every page (`TemplateCheck`).
    static func nameProblems(_ templates: [String: Template], displays: [String: String], sources: [String: String],
                             pages: [(name: String, schema: ContextSchema)]) -> [Diagnostic] {
        var check = TemplateCheck(templates: templates)
        for page in pages { check.check(page: page.name, schema: page.schema) }
        var seen: Set<[String]> = []
        var lines: [String: [Character]] = [:]
        return check.problems.compactMap { problem in
            guard seen.insert([problem.template, "\(problem.offset)", problem.name]).inserted else { return nil }
            let text = lines[problem.template] ?? Array(sources[problem.template] ?? "")
            lines[problem.template] = text
            let place = TemplateParser.place(of: min(problem.offset, text.count), in: text)
            let at = SourceLocation(file: displays[problem.template] ?? problem.template + ".mustache", line: place.line, column: place.column)
            let name: MessageArgument = "{{\(problem.name)}}"
            let page: MessageArgument = "\(problem.page)"
            switch problem.reason {
            case .unknown(let missing, let suggestion):
                let hint: MessageArgument = suggestion.map { .phrase("template.didYouMean", ["suggestion": "\($0)"]) }
                    ?? .phrase("template.noSuchName", ["page": page])
                return Diagnostic(at: at, "E505.unknownName", ["page": page, "name": name, "missing": "\(missing)", "hint": hint])
            case .notAnObject(let part, let kind):
                return Diagnostic(at: at, "E505.notAnObject", ["page": page, "name": name, "part": "\(part)", "kind": .phrase(kind.phraseKey)])
            case .notPrintable(let kind):
                return Diagnostic(at: at, "E505.notPrintable", ["name": "\(problem.name)", "kind": .phrase(kind.phraseKey)])
            }
        }
    }


    static func explain(_ reason: TemplateParser.Failure.Reason) -> MessageArgument {
        switch reason {
        case .sectionCloseNameIncorrect: return .phrase("template.sectionCloseNameIncorrect")
        case .unfinishedName: return .phrase("template.unfinishedName")
        case .expectedSectionEnd: return .phrase("template.expectedSectionEnd")
        case .invalidSetDelimiter: return .phrase("template.invalidSetDelimiter")
        case .illegalTokenInsideInheritSection: return .phrase("template.illegalTokenInsideInheritSection")
        case .invalidConfigVariableSyntax: return .phrase("template.invalidConfigVariableSyntax")
        case .unrecognisedConfigVariable: return .phrase("template.unrecognisedConfigVariable")
        case .unexpectedEnd: return .phrase("template.unexpectedEnd")
        case .transformsUnsupported: return .phrase("template.transformsUnsupported")
        case .dynamicPartialsUnsupported: return .phrase("template.dynamicPartialsUnsupported")
        }
    }

    /// Every regular file under `root`, as sorted relative paths (hidden files skipped, links never followed).
    public static func files(under root: String) -> [String] {
        SiteFolder(path: root, display: root + "/").list().files
    }

    /// Renders a template; a missing template is an error, never an empty page.
    public func render<Context: Encodable>(_ name: String, _ context: Context) throws -> String {
        String(decoding: try renderBytes(name, TemplateEncoder.value(context)), as: UTF8.self)
    }

    public func renderBytes(_ name: String, _ context: TemplateValue) throws -> [UInt8] {
        var renderer = TemplateRenderer(templates: templates)
        return try render(name, context, with: &renderer)
    }

    /// With a renderer kept by the caller, so its buffer is reused page after page.
    func render(_ name: String, _ context: TemplateValue, with renderer: inout TemplateRenderer) throws -> [UInt8] {
        guard let template = templates[name] else {
            throw Failure(diagnostic: Diagnostic(at: SourceLocation(file: "\(name).mustache"), "E502.themeTemplate",
                                                 ["name": "\(name)"]))
        }
        return renderer.render(template, context)
    }
}

/// Where the default theme is read: a folder (`--theme`, `$GONGSHI_THEME`, an installed
/// `share/gongshi/site-templates`), or the copy built into gongshi (`DefaultTheme`).
public enum ThemeSource: Sendable {
    case folder(String)
    /// Each file's path relative to the theme, and its bytes.
    case builtIn([(path: String, bytes: [UInt8])])

    /// The folder, when the theme is one (a built-in theme cannot overlap the output or change during a preview).
    public var folder: String? {
        if case .folder(let path) = self { return path }
        return nil
    }

    /// How messages name the built-in theme's files.
    public static let builtInDisplay = "(gongshi)/site-templates/"
}
