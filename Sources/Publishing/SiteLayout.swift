import Foundation
import Registry

/// Where a site keeps its parts, Hugo/Zola style: `config.toml`, `data/*.csv`, `pages/*.md`, `notices/*.md`,
/// `templates/` (overrides of the theme), `static/` (copied as is), `registry.sqlite`, `public/`.
public struct SiteLayout: Sendable {
    public var root: String
    public var registry: String
    public var output: String

    public init(root: String, registry: String? = nil, output: String? = nil) {
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = base
        self.registry = registry.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? base + "/registry.sqlite"
        self.output = output.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? base + "/public"
    }

    public var config: String { root + "/" + SiteConfig.fileName }
    public var data: String { root + "/data" }
    public var pages: String { root + "/pages" }
    public var notices: String { root + "/notices" }
    public var templates: String { root + "/templates" }
    public var staticFiles: String { root + "/static" }

    /// Reads and parses `config.toml`.
    public func loadConfig() throws -> SiteConfig {
        guard let data = FileManager.default.contents(atPath: config) else {
            throw GongshiError(step: "load config", at: SourceLocation(file: config), "E900.noConfig",
                               ["fileName": "\(SiteConfig.fileName)", "root": "\(root)"])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GongshiError(step: "load config", at: SourceLocation(file: SiteConfig.fileName), "E900.configTomlUtf")
        }
        switch SiteConfig.parse(text) {
        case .success(let config): return config
        case .failure(let problems): throw GongshiError(step: "load config", diagnostics: problems.diagnostics)
        }
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// Finds the default theme: `--theme`, then `$GONGSHI_THEME`, then `share/gongshi/site-templates`
/// beside the binary's folder, then a `site-templates` folder above the binary (a source checkout).
public enum ThemeLocator {
    public static func locate(explicit: String?) throws -> String {
        if let explicit { return try validated(explicit) }
        if let env = ProcessInfo.processInfo.environment["GONGSHI_THEME"], !env.isEmpty { return try validated(env) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var directory = executable.deletingLastPathComponent()
        let installed = directory.deletingLastPathComponent().appendingPathComponent("share/gongshi/site-templates").path
        if isTheme(installed) { return installed }
        for _ in 0..<6 {
            let candidate = directory.appendingPathComponent("site-templates").path
            if isTheme(candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        throw GongshiError(step: "load theme", at: SourceLocation(file: "site-templates"), "E900.defaultThemeWas")
    }

    static func isTheme(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path + "/layout.mustache") }

    static func validated(_ path: String) throws -> String {
        guard isTheme(path) else {
            throw GongshiError(step: "load theme", at: SourceLocation(file: path), "E900.themeFolderLayout")
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}

extension SiteLayout {
    /// A path with every link in its existing part resolved: `--output` may name a link to the site.
    static func resolved(_ path: String) -> String {
        var existing = URL(fileURLWithPath: path).standardizedFileURL.path
        var rest: [String] = []
        while existing != "/" && !FileManager.default.fileExists(atPath: existing) {
            rest.insert(RelativePath.lastComponent(existing), at: 0)
            existing = RelativePath.parent(existing).isEmpty ? "/" : RelativePath.parent(existing)
        }
        guard let real = realpath(existing, nil) else { return path }
        defer { free(real) }
        let base = String(cString: real)
        return rest.isEmpty ? base : (base == "/" ? "" : base) + "/" + rest.joined(separator: "/")
    }

    static func isInside(_ path: String, _ folder: String) -> Bool { path == folder || path.hasPrefix(folder == "/" ? "/" : folder + "/") }

    /// Why the output cannot go where it was asked to (E903), or nil. A build replaces its output folder
    /// whole, so the output may not be the site, hold it or the registry, or lie in a folder gongshi reads.
    func outputPlacementProblem(theme: String?) -> Diagnostic? {
        let output = Self.resolved(self.output), root = Self.resolved(self.root)
        let at = SourceLocation(file: self.output)
        func problem(_ what: String, _ other: String = "") -> Diagnostic {
            Diagnostic(at: at, "E903.outputFolderBuild", ["what": .phrase(what, ["other": "\(other)"]), "root": "\(self.root)"])
        }
        if Self.isInside(root, output) { return output == root ? problem("E903.isSite") : problem("E903.holdsSite", root) }
        for (name, folder) in [("data/", data), ("pages/", pages), ("notices/", notices), ("templates/", templates), ("static/", staticFiles)] {
            if Self.isInside(output, Self.resolved(folder)) { return problem("E903.insideRead", name) }
        }
        if Self.isInside(Self.resolved(registry), output) { return problem("E903.holdsRegistry", registry) }
        if let theme, Self.isInside(output, Self.resolved(theme)) || Self.isInside(Self.resolved(theme), output) { return problem("E903.overlapsTheme", theme) }
        return nil
    }
}
