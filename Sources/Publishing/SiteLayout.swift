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
            throw GongshiError(step: "load config", at: SourceLocation(file: config), "no \(SiteConfig.fileName) in \(root)",
                               fix: "run gongshi in a site folder (one with config.toml), or create one with gongshi init")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw GongshiError(step: "load config", at: SourceLocation(file: SiteConfig.fileName), "config.toml is not UTF-8", fix: "save it as UTF-8")
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
        throw GongshiError(step: "load theme", at: SourceLocation(file: "site-templates"), "the default theme was not found",
                           fix: "pass --theme PATH/site-templates or set GONGSHI_THEME")
    }

    static func isTheme(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path + "/layout.mustache") }

    static func validated(_ path: String) throws -> String {
        guard isTheme(path) else {
            throw GongshiError(step: "load theme", at: SourceLocation(file: path), "not a theme folder (no layout.mustache)", fix: "point --theme at a folder like site-templates/")
        }
        return URL(fileURLWithPath: path).standardizedFileURL.path
    }
}
