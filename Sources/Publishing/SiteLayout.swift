import Foundation
import Import
import Messages
import Model
import Rendering

/// Where a site keeps its parts, Hugo/Zola style: `config.toml`, `data/*.csv`, `pages/*.md`, `notices/*.md`,
/// `templates/` (overrides of the theme), `static/` (copied as is), `registry.sqlite`, `public/`.
public struct SiteLayout: Sendable {
    public var root: String
    public var registry: String
    public var output: String
    /// `build --base-url`: the address to publish for instead of config.toml's `base_url` (a staging copy).
    public var baseURL: String?
    /// Data files read from elsewhere than `data/` (the workbench's candidate); messages still name them `data/…`.
    public var dataFolder: String?

    public init(root: String, registry: String? = nil, output: String? = nil, baseURL: String? = nil) {
        self.baseURL = baseURL
        let base = URL(fileURLWithPath: root).standardizedFileURL.path
        self.root = base
        self.registry = registry.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? base + "/registry.sqlite"
        self.output = output.map { URL(fileURLWithPath: $0).standardizedFileURL.path } ?? base + "/public"
    }

    public var config: String { root + "/" + SiteConfig.fileName }
    public var data: String { dataFolder ?? root + "/data" }
    public var pages: String { root + "/pages" }
    public var notices: String { root + "/notices" }
    public var templates: String { root + "/templates" }
    public var staticFiles: String { root + "/static" }
    /// The workbench's accounts and sessions (`gongshi user`), beside the registry.
    public var accounts: String { RelativePath.parent(registry) + "/accounts.sqlite" }

    /// Reads and parses `config.toml`.
    public func loadConfig() throws -> SiteConfig {
        guard let data = FileManager.default.contents(atPath: config) else { throw notASite }
        return try parseConfig(data)
    }

    /// E403 unless the folder has a `config.toml`: what a command checks before it writes anything there (a lock).
    public func requireSite() throws {
        guard FileManager.default.fileExists(atPath: config) else { throw notASite }
    }

    private var notASite: GongshiError {
        GongshiError(step: .loadConfig, at: SourceLocation(file: config), "E403.noConfig",
                     ["fileName": "\(SiteConfig.fileName)", "root": "\(root)"])
    }

    private func parseConfig(_ data: Data) throws -> SiteConfig {
        guard let text = String(data: data, encoding: .utf8) else {
            throw GongshiError(step: .loadConfig, at: SourceLocation(file: SiteConfig.fileName), "E402.configNotUTF8")
        }
        switch SiteConfig.parse(text) {
        case .success(var config):
            if let baseURL {
                guard let url = SiteConfig.baseURL(baseURL) else {
                    throw GongshiError(step: .loadConfig, at: SourceLocation(file: "--base-url"), "E400.baseURLNotHTTP", ["baseURL": "\(baseURL)"])
                }
                config.site.baseURL = url
            }
            return config
        case .failure(let problems): throw GongshiError(step: .loadConfig, diagnostics: problems.diagnostics)
        }
    }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }
}

/// Finds the default theme: `--theme`, then `$GONGSHI_THEME`, then an installed `share/gongshi/site-templates`
/// beside the binary's folder (the bureau's IT may put an adapted theme there), else the theme built into the
/// binary (`builtIn`, from the executable's `DefaultTheme`): a copied binary needs nothing beside it.
public enum ThemeLocator {
    public static func locate(explicit: String?, builtIn: @autoclosure () -> [(path: String, bytes: [UInt8])]) throws -> ThemeSource {
        if let explicit { return .folder(try validated(explicit)) }
        if let env = ProcessInfo.processInfo.environment["GONGSHI_THEME"], !env.isEmpty { return .folder(try validated(env)) }
        let executable = URL(fileURLWithPath: CommandLine.executablePath).resolvingSymlinksInPath()
        let installed = executable.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("share/gongshi/site-templates").path
        if isTheme(installed) { return .folder(installed) }
        return .builtIn(builtIn())
    }

    static func isTheme(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path + "/layout.mustache") }

    static func validated(_ path: String) throws -> String {
        guard isTheme(path) else {
            throw GongshiError(step: .loadTheme, at: SourceLocation(file: path), "E504.noLayout")
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
            Diagnostic(at: at, "E903.outputOverlaps", ["what": .phrase(what, ["other": "\(other)"]), "root": "\(self.root)"])
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
