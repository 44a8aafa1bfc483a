import Evaluation
import Foundation
import Registry
import Rendering

/// The three things a site can do: check its inputs, import them into the registry, build the publication.
/// Each is a flat list of named steps (Zola's `Site::build()`); any step's failure stops the command
/// with a `GongshiError` naming the step, and nothing is written.
public struct Site {
    public var layout: SiteLayout
    /// Progress lines (`[2/9] check`); silent with `--quiet`.
    public var log: (String) -> Void

    public init(layout: SiteLayout, log: @escaping (String) -> Void = { _ in }) {
        self.layout = layout
        self.log = log
    }

    public struct CheckReport: Sendable {
        public var diagnostics: [Diagnostic]
        public var files: [(file: String, encoding: TextEncoding, records: Int)]
        public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    }

    /// `gongshi check`: every problem in the config, the data files and the pages (and, given the
    /// default theme, in the site's template overrides), in one report.
    public func check(encoding: TextEncoding? = nil, theme: String? = nil) throws -> CheckReport {
        var report = try readAndCheck(encoding: encoding).report
        if let theme {
            do {
                _ = try Theme.load(directory: theme, overrides: layout.exists(layout.templates) ? layout.templates : nil)
            } catch let failure as Theme.Failure {
                report.diagnostics = (report.diagnostics + [failure.diagnostic]).sorted()
            }
        }
        return report
    }

    func readAndCheck(encoding: TextEncoding?) throws -> (report: CheckReport, data: RegistryData) {
        let config = try layout.loadConfig()
        let outcome = CSVImporter(rules: config.rules, encoding: encoding).importDirectory(layout.data)
        var diagnostics = outcome.diagnostics
        diagnostics += RegistryChecks.check(outcome.data, rules: config.rules, alsoKnown: outcome.rejectedAgencies,
                                            agencyListComplete: outcome.agencyListComplete)
        diagnostics += Evaluator(grading: config.grading, disclosure: config.disclosure, inspection: config.inspection).check(outcome.data.published)
        diagnostics += ContentPage.loadAll(from: layout.pages, display: "pages/").diagnostics
        diagnostics += NoticeFiles.loadAll(from: layout.notices, display: "notices/").diagnostics
        return (CheckReport(diagnostics: diagnostics.sorted(), files: outcome.filesRead), outcome.data)
    }

    /// `gongshi import`: checks the data files and, only if they have no error, replaces the registry's
    /// rows with them in one transaction.
    @discardableResult
    public func importData(encoding: TextEncoding? = nil) throws -> CheckReport {
        log("[1/3] check data/")
        let (report, data) = try readAndCheck(encoding: encoding)
        guard report.errors.isEmpty else { throw GongshiError(step: "check", diagnostics: report.diagnostics) }
        log("[2/3] open \(layout.registry)")
        do {
            let store = try RegistryStore(path: layout.registry)
            log("[3/3] write \(data.published.agencies.count) agencies in one transaction")
            try store.replaceAll(with: data)
        } catch {
            throw GongshiError(step: "write registry", at: SourceLocation(file: layout.registry), "the registry could not be written: \(error)",
                               fix: "check that the folder is writable and the file is a gongshi registry; the registry was left as it was")
        }
        return report
    }

    public struct BuildReport: Sendable {
        public var pages: Int
        public var files: Int
        public var bytes: Int
        public var warnings: [Diagnostic]
        public var output: String
        /// What changed in the output folder.
        public var outcome: OutputWriter.Outcome
    }

    /// The config, the registry and the site's Markdown, checked: any error stops here.
    struct CheckedSite {
        var config: SiteConfig
        var registry: RegistryData
        var pages: [ContentPage]
        var notices: [AuthoredNotice]
        var findings: [Diagnostic]
        var evaluator: Evaluator { Evaluator(grading: config.grading, disclosure: config.disclosure, inspection: config.inspection) }
    }

    /// `forPublication`: the public registry and the inspector pool only (build, diff); otherwise all of it.
    func loadChecked(steps: Int, forPublication: Bool = false) throws -> CheckedSite {
        log("[1/\(steps)] load config")
        let config = try layout.loadConfig()

        log("[2/\(steps)] load registry")
        guard FileManager.default.fileExists(atPath: layout.registry) else {
            throw GongshiError(step: "load registry", at: SourceLocation(file: layout.registry), "there is no registry yet",
                               fix: "run gongshi import first: it loads data/*.csv into the registry")
        }
        let registry: RegistryData
        do {
            let store = try RegistryStore(path: layout.registry)
            registry = forPublication ? try store.loadForPublication() : try store.loadAll()
        } catch let error as RegistryReadError {
            throw GongshiError(step: "load registry", diagnostics: error.diagnostics)
        } catch {
            throw GongshiError(step: "load registry", at: SourceLocation(file: layout.registry), "the registry could not be read: \(error)",
                               fix: "run gongshi import to write it again from data/*.csv")
        }

        log("[3/\(steps)] check")
        let evaluator = Evaluator(grading: config.grading, disclosure: config.disclosure, inspection: config.inspection)
        let pages = ContentPage.loadAll(from: layout.pages, display: "pages/")
        let notices = NoticeFiles.loadAll(from: layout.notices, display: "notices/")
        let findings = RegistryChecks.check(registry, rules: config.rules) + evaluator.check(registry.published)
            + pages.diagnostics + notices.diagnostics
        guard !findings.contains(where: { $0.severity == .error }) else { throw GongshiError(step: "check", diagnostics: findings) }
        return CheckedSite(config: config, registry: registry, pages: pages.pages, notices: notices.notices, findings: findings)
    }

    /// `gongshi diff --as-of A --to B`: the changes recorded between the two dates, and how the public
    /// content differs, in sentences a clerk can paste into a change notice.
    public func diff(from a: CivilDate, to b: CivilDate) throws -> (changes: [String], differences: [String]) {
        let checked = try loadChecked(steps: 4, forPublication: true)
        log("[4/4] evaluate as of \(a) and \(b)")
        let before = checked.evaluator.evaluate(checked.registry.published, asOf: a)
        let after = checked.evaluator.evaluate(checked.registry.published, asOf: b)
        let wording = ChangeWording(publication: after)
        let (low, high) = a <= b ? (a, b) : (b, a)
        let entries = after.changes.filter { $0.date > low && $0.date <= high }.reversed()
        return (entries.map { "\($0.date.iso) \(wording.sentence($0))" },
                PublicationDiff.lines(from: PublicationSnapshot(before), to: PublicationSnapshot(after)))
    }

    public struct BundleReport: Sendable {
        public var path: String
        public var bundle: SharingBundle
    }

    /// `gongshi bundle --to RECIPIENT`: a signed zip of what the recipient receives as of `asOf`, full or as a
    /// delta since the last one sent; the bundle and its records are logged in the registry.
    public func bundle(to recipient: Recipient, asOf: CivilDate, full: Bool, key: MinisignKey, outputDirectory: String) throws -> BundleReport {
        let checked = try loadChecked(steps: 5)
        log("[4/5] evaluate as of \(asOf)")
        let publication = checked.evaluator.evaluate(checked.registry.published, asOf: asOf)
        let store: RegistryStore
        let previous: BundleLogEntry?
        do {
            store = try RegistryStore(path: layout.registry)
            previous = try store.lastBundle(to: recipient.rawValue)
        } catch {
            throw GongshiError(step: "read bundle log", at: SourceLocation(file: layout.registry), "\(error)", fix: "check the registry")
        }
        if let previous, asOf < previous.asOf, !full {
            throw GongshiError(step: "bundle", at: SourceLocation(file: layout.registry),
                               "bundle #\(previous.sequence) to \(recipient.rawValue) was as of \(previous.asOf); a delta cannot go back to \(asOf)",
                               fix: "use an as-of date on or after \(previous.asOf), or --full")
        }
        var site = checked.config.site
        site.pages = []
        let bundle = try SharingBundle.make(for: recipient, publication: publication, site: site, previous: previous, full: full, key: key)
        log("[5/5] write \(bundle.fileName) and log it in the registry")
        let path = URL(fileURLWithPath: outputDirectory).standardizedFileURL.appendingPathComponent(bundle.fileName).path
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            let temporary = path + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bundle.zip)) else {
                throw OutputWriter.Failure(path: temporary, reason: "cannot write")
            }
            try store.recordBundle(bundle.log, previousAsOf: bundle.previousAsOf)
            if rename(temporary, path) != 0 { throw OutputWriter.Failure(path: path, reason: String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: path + ".partial")
            throw GongshiError(step: "write bundle", at: SourceLocation(file: path), "\(error)", fix: "check that the folder is writable")
        }
        return BundleReport(path: path, bundle: bundle)
    }

    /// `gongshi build`: the registry and the site's files, as of one date, into `public/`.
    public func build(asOf: CivilDate, theme themeDirectory: String, signing: MinisignKey? = nil) throws -> BuildReport {
        let steps = 7
        let inputs = BuildStamp.inputs(layout: layout, theme: themeDirectory, asOf: asOf, signing: signing)
        if let stamp = BuildStamp.matching(output: layout.output, inputs: inputs) {
            log("[1/1] the registry, site files, theme, date and gongshi are those of the build that made \(layout.output): nothing to do")
            return BuildReport(pages: stamp.pages, files: stamp.files, bytes: stamp.bytes, warnings: stamp.warnings,
                               output: layout.output, outcome: .unchanged)
        }
        let checked = try loadChecked(steps: steps, forPublication: true)

        log("[4/\(steps)] load theme")
        let theme: Theme
        do {
            theme = try Theme.load(directory: themeDirectory, overrides: layout.exists(layout.templates) ? layout.templates : nil)
        } catch let failure as Theme.Failure {
            throw GongshiError(step: "load theme", diagnostics: [failure.diagnostic])
        }

        log("[5/\(steps)] evaluate as of \(asOf)")
        // Only the public part of the registry goes on from here.
        let publication = checked.evaluator.evaluate(checked.registry.published, asOf: asOf)
        var site = checked.config.site
        site.pages = checked.pages.map { SiteInfo.PageLink(title: $0.title, slug: $0.slug) }

        log("[6/\(steps)] render")
        let writer: OutputWriter
        do { writer = try OutputWriter(output: layout.output) } catch {
            throw GongshiError(step: "write", at: SourceLocation(file: layout.output), "the output folder cannot be prepared: \(error)",
                               fix: "check that the output's parent folder exists, is a folder and is writable")
        }
        do {
            var contexts = PageContexts(site: site, publication: publication, notices: checked.notices)
            // Art. 19: the inspector pool is internal; only a site that says so publishes who was drawn.
            if checked.config.inspection.publishInspectors {
                for result in publication.draws {
                    contexts.publishedInspectors[result.draw.year] = Dictionary(
                        InspectionDrawing.assignInspectors(result, pool: checked.registry.internalOnly.inspectors).map { ($0.agency, $0.inspectors) },
                        uniquingKeysWith: { a, _ in a })
                }
            }
            let renderer = SiteRenderer(theme: theme, contexts: contexts,
                                        writer: writer, registry: checked.registry.published, signing: signing)
            let pageCount = try renderer.renderAll(authored: checked.pages, staticDirectory: layout.exists(layout.staticFiles) ? layout.staticFiles : nil)
            let files = writer.files
            log("[7/\(steps)] switch the changed files of \(files.count) into \(layout.output)")
            BuildStamp.remove(output: layout.output)
            let outcome = try writer.commit()
            let report = BuildReport(pages: pageCount, files: files.count, bytes: files.values.reduce(0, +),
                                     warnings: checked.findings, output: layout.output, outcome: outcome)
            if let manifest = BuildStamp.manifestHash(output: layout.output) {
                BuildStamp(inputs: inputs, manifest: manifest, pages: report.pages, files: report.files, bytes: report.bytes,
                           warnings: report.warnings).save(output: layout.output)
            }
            return report
        } catch {
            if let e = error as? GongshiError { throw e }
            if let f = error as? Theme.Failure { throw GongshiError(step: "render", diagnostics: [f.diagnostic]) }
            throw GongshiError(step: "write", at: SourceLocation(file: layout.output), "\(error)", fix: "check that the output folder is writable and the disk has room")
        }
    }
}
