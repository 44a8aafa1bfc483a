import Evaluation
import Foundation
import Import
import Messages
import Model
import Rendering
import Store

/// What a site can do, one use case per file: check its inputs (`Site+Check`), import them into the registry
/// (`Site+Import`), build the publication (`Site+Build`), say what changed (`Site+Diff`), make the sharing
/// bundles (`Site+Bundle`), export a version of a list (`GradeVersionExport`), draw inspections and make the
/// internal reports (`SupervisionReports`). Each is a flat list of named steps (`CommandPlan`, Zola's
/// `Site::build()`); any step's failure stops the command with a `GongshiError` naming the step, and nothing is
/// written. Here: what they share — the progress, and the registry loaded and checked.
public struct Site {
    public var layout: SiteLayout
    /// Progress lines (`[2/7] load registry`), as catalogue messages the command line says in the reader's language.
    public var progress: (Message) -> Void
    /// Pages rendered so far and in all, as each is done (any core): a terminal shows it, a pipe never asks.
    public var pageProgress: (@Sendable (_ done: Int, _ total: Int) -> Void)?
    /// `build --timings`: each step's time and memory, and the render step's time per kind of output.
    public var timings: BuildTimings?

    public init(layout: SiteLayout, progress: @escaping (Message) -> Void = { _ in }) {
        self.layout = layout
        self.progress = progress
    }

    func log(_ key: String, _ arguments: [String: MessageArgument] = [:]) {
        say(Message(key, arguments))
    }

    /// Announces `step` of `plan` (`[4/7] load theme, …`), where `--timings` starts measuring it.
    func log(_ plan: CommandPlan, _ step: CommandPlan.Step, _ arguments: [String: MessageArgument] = [:]) {
        say(plan.message(step, arguments))
    }

    private func say(_ message: Message) {
        timings?.begin(message)
        progress(message)
    }

    public struct CheckReport: Sendable {
        public var diagnostics: [Diagnostic]
        public var files: [(file: String, encoding: TextEncoding?, records: Int, dataFile: String)]
        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    }

    /// The config, the registry and the site's Markdown, checked: any error stops here.
    struct CheckedSite {
        var config: SiteConfig
        var registry: RegistryData
        /// Pages, notices, static files and the theme, when the command publishes them (build).
        var content: SiteContent?
        var findings: [Diagnostic]
        var evaluator: Evaluator { config.evaluator }
    }

    /// `forPublication`: the public registry and the inspector pool only (build, diff); otherwise all of it.
    /// `contentTheme`: also read and check what a build publishes besides the registry, with this theme.
    /// `dataNow`: data/ as the caller already hashed it. A registry older than data/ stops here (E301).
    func loadChecked(plan: CommandPlan, forPublication: Bool = false, contentTheme: ThemeSource? = nil, dataNow: [ImportSource]? = nil) throws -> CheckedSite {
        log(plan, .loadConfig)
        let config = try layout.loadConfig()

        log(plan, .loadRegistry)
        guard FileManager.default.fileExists(atPath: layout.registry) else {
            throw GongshiError(step: .loadRegistry, at: SourceLocation(file: layout.registry), "E303.noRegistry")
        }
        let registry: RegistryData
        let origins: [String: Origin]
        do {
            // A reader: build, diff, a dry run, draw and the reports leave the registry's bytes as they were.
            let store = try RegistryStore(path: layout.registry, readOnly: true)
            let stale = try staleRegistryProblems(store, now: dataNow)
            guard stale.isEmpty else { throw GongshiError(step: .checkRegistry, diagnostics: stale) }
            registry = forPublication ? try store.loadForPublication() : try store.loadAll()
            origins = try store.importOrigins()
        } catch let error as GongshiError {
            throw error
        } catch let error as RegistryReadError {
            throw GongshiError(step: .loadRegistry, diagnostics: error.diagnostics)
        } catch {
            throw GongshiError(step: .loadRegistry, at: SourceLocation(file: layout.registry), "E300.readFailed",
                               ["error": "\(error)"])
        }

        log(plan, .check)
        let evaluator = config.evaluator
        let content = contentTheme.map { SiteContent.load(layout, theme: $0) }
        let findings = (RegistryChecks.check(registry, rules: config.rules) + evaluator.check(registry.published)
            + (content.map { $0.diagnostics + $0.noticeProblems(stages: registry.published.stages) + $0.identityProblems(config.site.identity) } ?? []))
            .naming(dataFilesAt: origins)
        guard !findings.contains(where: { $0.severity == .error }) else { throw GongshiError(step: .check, diagnostics: findings) }
        return CheckedSite(config: config, registry: registry, content: content, findings: findings)
    }

    static func gongshiError(_ failure: OutputWriter.Failure, step: GongshiError.Step) -> GongshiError {
        GongshiError(step: step, at: SourceLocation(file: failure.path), failure.text)
    }
}
