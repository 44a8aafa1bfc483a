import Evaluation
import Foundation
import Registry
import Rendering

/// The three things a site can do: check its inputs, import them into the registry, build the publication.
/// Each is a flat list of named steps (Zola's `Site::build()`); any step's failure stops the command
/// with a `GongshiError` naming the step, and nothing is written.
public struct Site {
    public var layout: SiteLayout
    /// Progress lines (`[2/9] check`), as catalogue messages the command line says in the reader's language.
    public var progress: (Message) -> Void
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

    /// `gongshi check`: every problem in the config, the data files, the pages, notices and static files and,
    /// given the default theme, the site's template overrides — everything `build` would refuse, in one report.
    /// `asOf`: the day the look-ahead rules start from (a notice period still to come needs its objection channel).
    public func check(encoding: TextEncoding? = nil, theme: ThemeSource? = nil, asOf: CivilDate) throws -> CheckReport {
        var (report, data, _, origins, _) = try readAndCheckSources(encoding: encoding)
        let content = SiteContent.load(layout, theme: theme)
        let channel = (try? layout.loadConfig()).map { $0.site.objectionChannelProblems(stages: data.published.stages, asOf: asOf, upcomingToo: true) } ?? []
        report.diagnostics = (report.diagnostics + content.diagnostics + channel
                              + content.noticeProblems(stages: data.published.stages).naming(dataFilesAt: origins)).sorted()
        return report
    }

    /// The config and the data files, read and checked as `import` would load them.
    func readAndCheck(encoding: TextEncoding?) throws -> (report: CheckReport, data: RegistryData) {
        let (report, data, _, _, _) = try readAndCheckSources(encoding: encoding)
        return (report, data)
    }

    func readAndCheckSources(encoding: TextEncoding?) throws -> (report: CheckReport, data: RegistryData, sources: [ImportSource], origins: [String: Origin],
                                                                 reportNumbers: ReportNumberStage?) {
        let config = try layout.loadConfig()
        // Report numbers are staged beside the registry: the disk they will be written to, and a folder the
        // site can write (a small /tmp would not hold millions of them).
        let stagingFolder = RelativePath.parent(layout.registry)
        let outcome = CSVImporter(rules: config.rules, encoding: encoding,
                                  stagingFolder: FileManager.default.fileExists(atPath: stagingFolder) ? stagingFolder : nil).importDirectory(layout.data)
        var diagnostics = outcome.diagnostics
        diagnostics += RegistryChecks.check(outcome.data, rules: config.rules, alsoKnown: outcome.rejectedAgencies,
                                            agencyListComplete: outcome.agencyListComplete)
        diagnostics += Self.whatToFillIn(outcome)
        let evaluations = outcome.origins[CSVFormat.evaluations.file] ?? Origin(file: layout.data + "/" + CSVFormat.evaluations.file, line: nil)
        let rankingComplete = !diagnostics.contains {
            $0.severity == .error && $0.location.file == evaluations.file && $0.location.sheet == evaluations.sheet
        }
        diagnostics += config.evaluator
            .check(outcome.data.published, rankingComplete: rankingComplete)
        return (CheckReport(diagnostics: diagnostics.naming(dataFilesAt: outcome.origins).sorted(), files: outcome.filesRead),
                outcome.data, outcome.sources, outcome.origins, outcome.reportNumbers)
    }

    /// A new site (`gongshi init`) or a new year: what is still empty that a site needs, as warnings (W028).
    static func whatToFillIn(_ outcome: CSVImporter.Outcome) -> [Diagnostic] {
        var notes: [Diagnostic] = []
        for (format, key) in [(CSVFormat.agencies, "W028.agencies"), (CSVFormat.evaluations, "W028.evaluations")] {
            guard let origin = outcome.origins[format.file], outcome.filesRead.contains(where: { $0.dataFile == format.file && $0.records == 0 }) else { continue }
            notes.append(Diagnostic(.warning, at: origin.location, key, ["title": "\(format.title)"]))
        }
        return notes
    }

    /// `gongshi import`: checks the data files and, only if they have no error, replaces the registry's
    /// rows with them in one transaction.
    @discardableResult
    public func importData(encoding: TextEncoding? = nil) throws -> CheckReport {
        // One writer of the registry at a time; a build reads it in one transaction and needs no lock.
        let lock = try registryLock(purpose: "import")
        defer { lock.release() }
        log(.importData, .checkData)
        let (report, data, sources, origins, reportNumbers) = try readAndCheckSources(encoding: encoding)
        guard report.errors.isEmpty else { throw GongshiError(step: "check", diagnostics: report.diagnostics) }
        log(.importData, .openRegistry, ["registry": "\(layout.registry)"])
        do {
            let store = try RegistryStore(path: layout.registry)
            log(.importData, .writeAgencies, ["agenciesCount": "\(data.published.agencies.count)"])
            try store.replaceAll(with: data, sources: sources, origins: origins, reportNumbers: reportNumbers)
        } catch {
            throw GongshiError(step: "write registry", at: SourceLocation(file: layout.registry), "E302.registryCouldWritten",
                               ["error": "\(error)"])
        }
        return report
    }

    /// The registry's writer lock (import, bundle), or a message naming who holds it.
    func registryLock(purpose: String) throws -> FileLock {
        do {
            try FileManager.default.createDirectory(atPath: RelativePath.parent(layout.registry), withIntermediateDirectories: true)
            return try FileLock(path: FileLock.registryPath(layout.registry), purpose: purpose)
        } catch let busy as FileLock.Busy {
            throw GongshiError(step: "lock registry", at: SourceLocation(file: layout.registry), "E302.anotherGongshiWriting",
                               ["holder": "\(busy.holder)"])
        } catch {
            throw GongshiError(step: "lock registry", at: SourceLocation(file: layout.registry), "E302.registrySLock",
                               ["error": "\(error)"])
        }
    }

    /// E301: a registry older than `data/` is never published. `now`: data/ as it is (computed when nil).
    func staleRegistryProblems(_ store: RegistryStore, now: [ImportSource]?) throws -> [Diagnostic] {
        let folder = SiteFolder(path: layout.data, display: "data/")
        // A link or a special file in data/: import would refuse it, and so does everything that reads the registry.
        let unreadable = folder.list(recursive: false).diagnostics
        guard unreadable.isEmpty else { return unreadable }
        guard let now = now ?? ImportSource.fingerprint(of: folder) else { return [] }
        let imported = try store.importSources()
        if imported.isEmpty {
            return [Diagnostic(at: SourceLocation(file: "data/"), "E301", ["registry": "\(layout.registry)", "root": "\(layout.root)"])]
        }
        return ImportSource.differences(imported: imported, now: now).map {
            Diagnostic(at: SourceLocation(file: "data/" + $0.file), $0.change, ["file": "\($0.file)", "root": "\(layout.root)"])
        }
    }

    public struct BuildReport: Sendable {
        public var pages: Int
        public var files: Int
        public var bytes: Int
        public var warnings: [Diagnostic]
        public var output: String
        /// What changed in the output folder.
        public var outcome: OutputWriter.Outcome
        /// The first day after the as-of date on which the output changes by itself, and why.
        public var nextChange: BuildStamp.NextChange?
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
            throw GongshiError(step: "load registry", at: SourceLocation(file: layout.registry), "E303.thereRegistryYet")
        }
        let registry: RegistryData
        let origins: [String: Origin]
        do {
            // A reader: build, diff, a dry run, draw and the reports leave the registry's bytes as they were.
            let store = try RegistryStore(path: layout.registry, readOnly: true)
            let stale = try staleRegistryProblems(store, now: dataNow)
            guard stale.isEmpty else { throw GongshiError(step: "check registry", diagnostics: stale) }
            registry = forPublication ? try store.loadForPublication() : try store.loadAll()
            origins = try store.importOrigins()
        } catch let error as GongshiError {
            throw error
        } catch let error as RegistryReadError {
            throw GongshiError(step: "load registry", diagnostics: error.diagnostics)
        } catch {
            throw GongshiError(step: "load registry", at: SourceLocation(file: layout.registry), "E300.registryCouldRead",
                               ["error": "\(error)"])
        }

        log(plan, .check)
        let evaluator = config.evaluator
        let content = contentTheme.map { SiteContent.load(layout, theme: $0) }
        let findings = (RegistryChecks.check(registry, rules: config.rules) + evaluator.check(registry.published)
            + (content.map { $0.diagnostics + $0.noticeProblems(stages: registry.published.stages) } ?? [])).naming(dataFilesAt: origins)
        guard !findings.contains(where: { $0.severity == .error }) else { throw GongshiError(step: "check", diagnostics: findings) }
        return CheckedSite(config: config, registry: registry, content: content, findings: findings)
    }

    /// `gongshi diff --as-of A --to B`: the changes recorded between the two dates, and how the public
    /// content differs, in sentences a clerk can paste into a change notice.
    public func diff(from a: CivilDate, to b: CivilDate) throws -> (changes: [String], differences: [String]) {
        let checked = try loadChecked(plan: .diff, forPublication: true)
        log(.diff, .evaluateDiff, ["a": "\(a)", "b": "\(b)"])
        let before = checked.evaluator.evaluate(checked.registry.published, asOf: a)
        let after = checked.evaluator.evaluate(checked.registry.published, asOf: b)
        let wording = ChangeWording(publication: after)
        let (low, high) = a <= b ? (a, b) : (b, a)
        let entries = after.changes.filter { $0.date > low && $0.date <= high }.reversed()
        return (entries.map { "\($0.date.iso) \(wording.sentence($0))" },
                PublicationDiff.lines(from: PublicationSnapshot(before), to: PublicationSnapshot(after)))
    }

    public enum BundleOutcome: Sendable {
        /// Written to `path` and logged.
        case written(path: String, bundle: SharingBundle)
        /// `--dry-run`: what would be sent; nothing written, logged or numbered.
        case planned(BundlePlan)
        /// A delta with nothing in it: no bundle, and its number is not used.
        case nothingNew(BundlePlan)
    }

    /// `gongshi bundle --log`: the bundle log as CSV (UTF-8 with BOM, for Excel), one row per bundle sent.
    public func bundleLog(recipient: String?) throws -> String {
        var writer = CSVWriter(header: ["接收方", "序号", "类型", "数据日期", "上一包数据日期", "文件", "SHA-256", "现行记录数"])
        do {
            guard FileManager.default.fileExists(atPath: layout.registry) else {
                throw GongshiError(step: "read bundle log", at: SourceLocation(file: layout.registry), "E303.thereRegistryYet")
            }
            for row in try RegistryStore(path: layout.registry, readOnly: true).bundleLog(recipient: recipient) {
                writer.append(row.enumerated().map { $0.offset == 2 ? ($0.element == "full" ? "全量" : "增量") : $0.element })
            }
        } catch let error as GongshiError {
            throw error
        } catch {
            throw GongshiError(step: "read bundle log", at: SourceLocation(file: layout.registry), "E300.bundleLog", ["error": "\(error)"])
        }
        return "\u{FEFF}" + writer.text
    }

    /// The recipient of that id among the configured ones, or an error listing them.
    public func recipient(_ id: String) throws -> Recipient {
        let config = try layout.loadConfig()
        guard let recipient = config.recipients.first(where: { $0.id == id }) else {
            throw GongshiError(step: "bundle", at: SourceLocation(file: SiteConfig.fileName, field: "recipients"), "E404",
                               ["id": "\(id)", "known": .list(config.recipients.map { "\($0.id)" })])
        }
        return recipient
    }

    /// `gongshi bundle --to RECIPIENT`: a signed zip of what the recipient receives as of `asOf`, full or as a
    /// delta since the last one sent; the bundle and its records are logged in the registry. `key` nil: a dry run.
    public func bundle(to id: String, asOf: CivilDate, full: Bool, key: MinisignKey?, outputDirectory: String) throws -> BundleOutcome {
        let recipient = try self.recipient(id)
        // The bundle log is written to the registry: one writer at a time, and no import under a bundle.
        let lock = try registryLock(purpose: "bundle")
        defer { lock.release() }
        let checked = try loadChecked(plan: .bundle)
        log(.bundle, .evaluateBundle, ["asOf": "\(asOf)"])
        let publication = checked.evaluator.evaluate(checked.registry.published, asOf: asOf)
        let store: RegistryStore
        let previous: BundleLogEntry?
        do {
            // A dry run (no key) only reads the log: the registry stays as it was.
            store = try RegistryStore(path: layout.registry, readOnly: key == nil)
            previous = try store.lastBundle(to: recipient.id)
        } catch {
            throw GongshiError(step: "read bundle log", at: SourceLocation(file: layout.registry), "E300.bundleLog", ["error": "\(error)"])
        }
        if let previous, asOf < previous.asOf, !full {
            throw GongshiError(step: "bundle", at: SourceLocation(file: layout.registry),
                               "E703.bundleWasDelta",
                               ["sequence": "\(previous.sequence)", "recipient": "\(recipient.id)", "asOf": "\(previous.asOf)", "asOf2": "\(asOf)"])
        }
        var site = checked.config.site
        site.pages = []
        // A bundle is for its recipient: never in the published output, or in a folder the site publishes from.
        let folder = SiteLayout.resolved(outputDirectory)
        for (name, published) in [(MessageArgument.phrase("E903.theOutput"), layout.output), ("static/", layout.staticFiles), ("templates/", layout.templates),
                                  ("pages/", layout.pages), ("notices/", layout.notices), ("data/", layout.data)]
            where SiteLayout.isInside(folder, SiteLayout.resolved(published)) {
            throw GongshiError(step: "bundle", at: SourceLocation(file: outputDirectory), "E903.bundleWouldWritten",
                               ["name": name, "root": "\(layout.root)"])
        }
        let plan = BundlePlan.make(for: recipient, publication: publication, site: site, disclosure: checked.config.disclosure,
                                   previous: previous, full: full)
        guard let key else { return .planned(plan) }
        if plan.isEmptyDelta { return .nothingNew(plan) }
        let bundle: SharingBundle
        do {
            bundle = try SharingBundle.make(plan, site: site, key: key)
        } catch let failure as OutputWriter.Failure {
            throw Self.gongshiError(failure, step: "bundle")
        }
        log(.bundle, .writeBundle, ["fileName": "\(bundle.fileName)"])
        let path = URL(fileURLWithPath: outputDirectory).standardizedFileURL.appendingPathComponent(bundle.fileName).path
        do {
            try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
            let temporary = path + ".partial"
            guard FileManager.default.createFile(atPath: temporary, contents: Data(bundle.zip)) else {
                throw OutputWriter.Failure(path: temporary, "E900.cannotWrite")
            }
            try store.recordBundle(bundle.log, previousAsOf: bundle.previousAsOf)
            if rename(temporary, path) != 0 { throw OutputWriter.Failure(path: path, reason: String(cString: strerror(errno))) }
        } catch {
            try? FileManager.default.removeItem(atPath: path + ".partial")
            throw GongshiError(step: "write bundle", at: SourceLocation(file: path), "E900.writeBundle", ["error": SystemReason.of(error)])
        }
        return .written(path: path, bundle: bundle)
    }

    /// `gongshi build`: the registry and the site's files, as of one date, into `public/`.
    public func build(asOf: CivilDate, theme themeSource: ThemeSource, signing: MinisignKey? = nil) throws -> BuildReport {
        if let problem = layout.outputPlacementProblem(theme: themeSource.folder) { throw GongshiError(step: "check output", diagnostics: [problem]) }
        // One build at a time into an output: held until this function returns.
        let lock: FileLock
        do {
            try FileManager.default.createDirectory(atPath: RelativePath.parent(layout.output).isEmpty ? "/" : RelativePath.parent(layout.output),
                                                    withIntermediateDirectories: true)
            lock = try FileLock(path: FileLock.outputPath(layout.output), purpose: "build")
        } catch let busy as FileLock.Busy {
            throw Self.gongshiError(OutputWriter.busy(busy, output: layout.output), step: "lock output")
        } catch {
            throw GongshiError(step: "lock output", at: SourceLocation(file: layout.output), "E900.outputSFolder",
                               ["error": "\(error)"])
        }
        defer { lock.release() }
        if let failure = OutputWriter.ownershipProblem(output: layout.output) { throw Self.gongshiError(failure, step: "check output") }
        let dataNow = ImportSource.fingerprint(of: SiteFolder(path: layout.data, display: "data/"))
        let inputs = BuildStamp.inputs(layout: layout, theme: themeSource, asOf: asOf, signing: signing, data: dataNow)
        if let stamp = BuildStamp.matching(output: layout.output, inputs: inputs) {
            log("progress.nothingToDo", ["output": "\(layout.output)"])
            return BuildReport(pages: stamp.pages, files: stamp.files, bytes: stamp.bytes, warnings: stamp.warnings,
                               output: layout.output, outcome: .unchanged, nextChange: stamp.nextChange)
        }
        let checked = try loadChecked(plan: .build, forPublication: true, contentTheme: themeSource, dataNow: dataNow)
        log(.build, .loadTheme)
        guard let content = checked.content, let theme = content.theme else {
            throw GongshiError(step: "load theme", at: SourceLocation(file: themeSource.folder ?? ThemeSource.builtInDisplay), "E502.themeCouldLoaded")
        }

        log(.build, .evaluate, ["asOf": "\(asOf)"])
        // Only the public part of the registry goes on from here.
        let publication = checked.evaluator.evaluate(checked.registry.published, asOf: asOf)
        var site = checked.config.site
        site.pages = content.pages.map { SiteInfo.PageLink(title: $0.title, slug: $0.slug) }
        let nextChange = checked.evaluator.nextChange(checked.registry.published, after: asOf,
                                                      authored: content.notices.map { ($0.slug, $0.date) })
        let noChannel = site.objectionChannelProblems(stages: checked.registry.published.stages, asOf: asOf, upcomingToo: false)
        guard noChannel.isEmpty else { throw GongshiError(step: "check", diagnostics: noChannel) }
        let rewritten = frozenListProblems(publication)
        guard rewritten.isEmpty else { throw GongshiError(step: "check", diagnostics: rewritten) }

        log(.build, .render)
        let writer: OutputWriter
        do {
            // Both trees are read from the disk, file by file: at national scale a measurable part of a rebuild.
            writer = try BuildTimings.measure(timings, "output-trees") {
                try OutputWriter(output: layout.output, lock: lock, forbidden: signing?.secretMaterial ?? [])
            }
        } catch let failure as OutputWriter.Failure {
            throw Self.gongshiError(failure, step: "prepare output")
        } catch {
            throw GongshiError(step: "prepare output", at: SourceLocation(file: layout.output), "E900.outputFolderPrepared",
                               ["error": "\(error)"])
        }
        do {
            var contexts = PageContexts(site: site, publication: publication, notices: content.notices, nextChange: nextChange)
            // Art. 19: the inspector pool is internal; only a site that says so publishes who was drawn.
            if checked.config.inspection.publishInspectors {
                for result in publication.draws {
                    contexts.publishedInspectors[result.draw.year] = Dictionary(
                        InspectionDrawing.assignInspectors(result, pool: checked.registry.internalOnly.inspectors).map { ($0.agency, $0.inspectors) },
                        uniquingKeysWith: { a, _ in a })
                }
            }
            let renderer = SiteRenderer(theme: theme, contexts: contexts,
                                        writer: writer, registry: checked.registry.published, signing: signing,
                                        addressees: checked.config.recipients.map(\.address), timings: timings,
                                        memo: RenderMemo.load(output: layout.output, environment: RenderMemo.environment(
                                            layout: layout, theme: themeSource, signing: signing)))
            let pageCount = try renderer.renderAll(authored: content.pages, staticFolder: content.staticFolder, staticFiles: content.staticFiles)
            let files = writer.files
            log(.build, .switchFiles, ["filesCount": "\(files.count)", "output": "\(layout.output)"])
            var stamp = BuildStamp(inputs: inputs, pages: pageCount, files: files.count, bytes: files.values.reduce(0, +), warnings: checked.findings)
            stamp.nextChange = nextChange.map(BuildStamp.NextChange.init)
            let outcome = try writer.commit(stamp: stamp)
            renderer.memo.save(output: layout.output)
            return BuildReport(pages: pageCount, files: files.count, bytes: stamp.bytes, warnings: checked.findings,
                               output: layout.output, outcome: outcome, nextChange: stamp.nextChange)
        } catch {
            if let e = error as? GongshiError { throw e }
            if let f = error as? Theme.Failure { throw GongshiError(step: "render", diagnostics: f.diagnostics) }
            if let f = error as? OutputWriter.Failure { throw Self.gongshiError(f, step: "write") }
            throw GongshiError(step: "write", at: SourceLocation(file: layout.output), "E900.writeOutput", ["error": SystemReason.of(error)])
        }
    }

    /// Art. 13–14: each final year whose list (version 1) or 公布 notice the output already published the data
    /// now contradict: a score, a row or a grade changed, an objection recorded late that the notice did not count.
    func frozenListProblems(_ publication: Publication) -> [Diagnostic] {
        publication.years.filter(\.status.isFinal).flatMap { year -> [Diagnostic] in
            func problem(_ file: String, _ differences: [String]) -> Diagnostic {
                Diagnostic(at: SourceLocation(file: file), "E304", ["year": "\(year.year)", "finalOn": "\(year.stage.finalOn)", "file": "\(file)",
                                                                  "differences": "\(differences.joined(separator: "；"))"])
            }
            var found: [Diagnostic] = []
            let list = layout.output + "/open-data/grades-\(year.year).csv"
            if case .success(let bytes) = SiteFolder.readNamedFile(list, limit: 1 << 30) {
                let differences = FrozenList.differences(year, published: String(decoding: bytes, as: UTF8.self), publication)
                if !differences.isEmpty { found.append(problem(list, differences)) }
            }
            let notice = layout.output + "/packages/\(year.year)-final/notice.html"
            if case .success(let bytes) = SiteFolder.readNamedFile(notice, limit: 16 << 20), let tally = year.objectionsWhenPublished {
                let text = String(decoding: bytes, as: UTF8.self), now = ObjectionWording.sentence(tally, stage: year.stage)
                if let published = text.firstMatch(of: /公示期内（[^<]*/).map({ String($0.output) }), published != now {
                    found.append(problem(notice, ["公告写的是“\(published)”，现在的数据是“\(now)”"]))
                }
            }
            return found
        }
    }

    static func gongshiError(_ failure: OutputWriter.Failure, step: String) -> GongshiError {
        GongshiError(step: step, at: SourceLocation(file: failure.path), failure.text)
    }
}
