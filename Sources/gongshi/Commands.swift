import ArgumentParser
import Foundation
import Evaluation
import Import
import Messages
import Model
import Publishing
import Rendering

struct Check: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: L("help.check.abstract"), discussion: L("help.check.discussion"))
    }

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp(L("help.encoding"), valueName: "name"))
    var encoding: TextEncoding?

    @Option(help: ArgumentHelp(L("help.check.theme"), valueName: "dir"))
    var theme: String?

    @Option(help: ArgumentHelp(L("help.check.report"), valueName: "name"))
    var report: SupervisionReport?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(L("help.check.asOf"), valueName: "date"))
    var asOf: CivilDate?

    @Option(help: ArgumentHelp(L("help.check.csv"), valueName: "file"))
    var csv: String?

    @Flag(help: ArgumentHelp(L("help.json")))
    var json = false

    func validate() throws {
        if json && report != nil { throw ValidationError(L("check.jsonReport")) }
    }

    func run() throws {
        if let report {
            let table = try options.site().report(report, asOf: asOf ?? Build.today(), encoding: encoding)
            print(table.text)
            if let csv {
                guard FileManager.default.createFile(atPath: csv, contents: Data(table.csv.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw GongshiError(step: .report, at: SourceLocation(file: csv), "E900.writeFile")
                }
            }
            return
        }
        let site = options.site(silent: json)
        if json {
            try DiagnosticsJSON.reportingStops("check") {
                let report = try site.check(encoding: encoding, theme: try locateTheme(theme), asOf: asOf ?? Build.today())
                let files = report.files.map { JSONValue.object([("file", .string($0.file)), ("rows", .integer($0.records)),
                                                                  ("format", .string($0.encoding?.rawValue ?? "xlsx"))]) }
                DiagnosticsJSON.print("check", ok: report.errors.isEmpty, [("files", .array(files))] + DiagnosticsJSON.counts(report.diagnostics))
                if !report.errors.isEmpty { throw ExitCode(1) }
            }
            return
        }
        let report = try site.check(encoding: encoding, theme: try locateTheme(theme), asOf: asOf ?? Build.today())
        printDiagnostics(report.diagnostics)
        let errors = report.errors.count, warnings = report.diagnostics.count - errors
        if !options.quiet {
            let files = report.files.map { MessageArgument.phrase("check.file", ["file": "\($0.file)", "rows": "\($0.records)", "format": "\($0.encoding?.rawValue ?? "xlsx")"]) }
            print(L("check.checked", ["files": .list(files)]))
            print(errors > 0 ? L("check.errors", ["errors": "\(errors)", "warnings": "\(warnings)"])
                  : warnings > 0 ? L("check.noErrorsWarnings", ["warnings": "\(warnings)"]) : L("check.noErrors"))
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

struct Import: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: L("help.import.abstract"), discussion: L("help.import.discussion"))
    }

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp(L("help.encoding"), valueName: "name"))
    var encoding: TextEncoding?

    func run() throws {
        let site = options.site()
        let report = try site.importData(encoding: encoding)
        printDiagnostics(report.diagnostics)
        if !options.quiet {
            let rows = report.files.reduce(0) { $0 + $1.records }
            // A sheet is read without a text encoding; the workbooks are data/'s .xlsx files.
            let workbooks = ((try? FileManager.default.contentsOfDirectory(atPath: site.layout.data)) ?? [])
                .filter { $0.lowercased().hasSuffix(".xlsx") && !$0.hasPrefix("~$") && !$0.hasPrefix(".") }.count
            let sheets = report.files.filter { $0.encoding == nil }.count
            print(L("import.done", ["rows": "\(rows)", "sources": "\(Self.sources(workbooks: workbooks, sheets: sheets, csv: report.files.count - sheets))",
                                    "registry": "\(site.layout.registry)"]))
        }
    }
}

extension Import {
    /// What was read, as the clerk has it: workbooks and their sheets, CSV files (`1 个工作簿（17 张表）`).
    static func sources(workbooks: Int, sheets: Int, csv: Int) -> String {
        let book = L("import.sources.workbooks", ["workbooks": "\(workbooks)", "sheets": "\(sheets)"])
        let files = L("import.sources.csv", ["files": "\(csv)"])
        switch (workbooks, csv) {
        case (0, _): return files
        case (_, 0): return book
        default: return L("import.sources.both", ["workbooks": "\(book)", "csv": "\(files)"])
        }
    }
}

/// What a build reads besides the site: the day, where it writes, the theme, the signing key (`build`, `publish`).
struct BuildInputs: ParsableArguments {
    @Option(name: .customLong("as-of"), help: ArgumentHelp(L("help.asOf"), valueName: "date"))
    var asOf: CivilDate?

    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.build.output"), valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp(L("help.theme"), valueName: "dir"))
    var theme: String?

    @Option(name: .customLong("secret-key"), help: ArgumentHelp(L("help.secretKey"), valueName: "file"))
    var secretKey: String?
}

struct Build: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: L("help.build.abstract"), discussion: L("help.build.discussion"))
    }

    @OptionGroup var options: SiteOptions

    @OptionGroup var inputs: BuildInputs

    @Option(name: .customLong("base-url"), help: ArgumentHelp(L("help.build.baseURL"), valueName: "url"))
    var baseURL: String?

    @Flag(help: ArgumentHelp(L("help.json")))
    var json = false

    @Flag(help: ArgumentHelp(L("help.build.timings")))
    var timings = false

    func run() throws {
        let started = Date()
        let date = inputs.asOf ?? Self.today()
        var site = options.site(output: inputs.output, baseURL: baseURL, silent: json)
        if timings { site.timings = BuildTimings() }
        func build() throws -> (report: Site.BuildReport, signed: Bool) {
            let key = try SigningKeys.load(file: inputs.secretKey, siteRoot: site.layout.root)
            return (try site.build(asOf: date, theme: try locateTheme(inputs.theme), signing: key), key != nil)
        }
        guard !json else {
            return try DiagnosticsJSON.reportingStops("build") { try printJSON(build(), date, timings: site.timings) }
        }
        let (report, signed) = try build()
        if let timings = site.timings { Self.say(timings) }
        printDiagnostics(report.warnings)
        if !signed && !options.quiet {
            note(L("build.unsigned"))
        }
        if !options.quiet {
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            let change: String
            switch report.outcome {
            case .unchanged: change = L("build.unchanged")
            case let .replaced(written, _, removed): change = L("build.replaced", ["written": "\(written)", "removed": "\(removed)"])
            }
            print(L("build.done", ["pages": "\(report.pages)", "files": "\(report.files)", "kilobytes": "\(report.bytes / 1024)",
                                   "date": "\(date)", "ms": "\(ms)", "change": "\(change)"]))
            print(L("build.open", ["output": "\(report.output)"]))
        }
        // A static site is only true until then: whoever runs the build must build again that day.
        if !options.quiet {
            print(report.nextChange.map { L("build.nextChange", ["date": "\($0.date)", "reasons": "\($0.reasons.joined(separator: "；"))"]) }
                  ?? L("build.noNextChange"))
        }
    }

    /// `--timings`, on standard error: the steps with their time and memory, then the render step's kinds.
    static func say(_ timings: BuildTimings) {
        let (beforeFirstStep, steps, peak, kinds) = timings.report()
        var lines = [L("build.timings.steps", ["ms": "\(Int(beforeFirstStep.rounded()))"])]
        for step in steps {
            lines.append(L("build.timings.step", ["step": "\(step.message.text(Speech.language))", "ms": "\(Int(step.milliseconds.rounded()))",
                                                  "mb": "\(step.residentMB)"]))
        }
        lines.append(L("build.timings.peak", ["mb": "\(peak)"]))
        if !kinds.isEmpty {
            lines.append(L("build.timings.kinds"))
            for kind in kinds {
                lines.append(L("build.timings.kind", ["kind": "\(kind.name)", "count": "\(kind.count)", "ms": "\(Int(kind.cpuMilliseconds.rounded()))"]))
            }
        }
        for line in lines { note(line) }
    }

    static func json(_ timings: BuildTimings) -> JSONValue {
        let (beforeFirstStep, steps, peak, kinds) = timings.report()
        func ms(_ value: Double) -> JSONValue { .decimal(String(format: "%.1f", value)) }
        return .object([
            ("beforeFirstStepMs", ms(beforeFirstStep)),
            ("steps", .array(steps.map { .object([("step", .string($0.message.stepKey)), ("ms", ms($0.milliseconds)), ("residentMB", .integer($0.residentMB))]) })),
            ("peakMB", .integer(peak)),
            ("render", .array(kinds.map { .object([("kind", .string($0.name)), ("count", .integer($0.count)), ("cpuMs", ms($0.cpuMilliseconds))]) })),
        ])
    }

    func printJSON(_ built: (report: Site.BuildReport, signed: Bool), _ date: CivilDate, timings: BuildTimings? = nil) {
        let report = built.report
        var members: [(String, JSONValue)] = [("asOf", .string(date.iso)), ("output", .string(report.output)), ("signed", .bool(built.signed)),
                                              ("pages", .integer(report.pages)), ("files", .integer(report.files)), ("bytes", .integer(report.bytes))]
        switch report.outcome {
        case .unchanged: members.append(("outcome", .string("unchanged")))
        case let .replaced(written, _, removed):
            members += [("outcome", .string("replaced")), ("written", .integer(written)), ("removed", .integer(removed))]
        }
        members.append(("nextChange", report.nextChange.map { .object([("date", .string($0.date)), ("reasons", .array($0.reasons.map { .string($0) }))]) } ?? .null))
        if let timings { members.append(("timings", Self.json(timings))) }
        DiagnosticsJSON.print("build", ok: true, members + DiagnosticsJSON.counts(report.warnings))
    }

    /// The only clock gongshi reads: today's date in China, when --as-of is not given.
    static func today() -> CivilDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Asia/Shanghai")!
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return CivilDate(year: parts.year!, month: parts.month!, day: parts.day!)!
    }
}

struct Diff: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: L("help.diff.abstract"), discussion: L("help.diff.discussion"))
    }

    @OptionGroup var options: SiteOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp(L("help.diff.from"), valueName: "date"))
    var from: CivilDate?

    @Option(name: .customLong("to"), help: ArgumentHelp(L("help.diff.to"), valueName: "date"))
    var to: CivilDate?

    @Argument(help: ArgumentHelp(L("help.diff.folders"), valueName: "folder"))
    var folders: [String] = []

    func validate() throws {
        if !folders.isEmpty && folders.count != 2 { throw ValidationError(L("diff.twoFolders")) }
        if folders.isEmpty && from == nil { throw ValidationError(L("diff.dateOrFolders")) }
        if !folders.isEmpty && (from != nil || to != nil) { throw ValidationError(L("diff.notBoth")) }
    }

    func run() throws {
        if folders.count == 2 {
            let snapshots = try folders.map { folder -> PublicationSnapshot in
                do { return try PublicationSnapshot(builtSite: folder) } catch let failure as PublicationSnapshot.ReadFailure {
                    throw GongshiError(step: .readBuiltSite, at: SourceLocation(file: failure.file), failure.reason)
                }
            }
            let lines = PublicationDiff.lines(from: snapshots[0], to: snapshots[1])
            print(lines.isEmpty ? "\(folders[0]) 与 \(folders[1]) 的公开内容相同。" : lines.map { "- " + $0 }.joined(separator: "\n"))
            return
        }
        let start = from!, end = to ?? Build.today()
        let result = try options.site().diff(from: start, to: end)
        print("\(start) 至 \(end)：")
        if !result.changes.isEmpty {
            print("\n变更记录：")
            result.changes.forEach { print("- " + $0) }
        }
        print("\n公开内容的变化：")
        print(result.differences.isEmpty ? "- 无" : result.differences.map { "- " + $0 }.joined(separator: "\n"))
    }
}

/// Art. 13–14: any version of a year's list, in full, as it stood on a date.
struct VersionCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "version", abstract: L("help.version.abstract"), discussion: L("help.version.discussion"))
    }

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp(L("help.version.year"), valueName: "year"))
    var year: Int

    @Option(name: .customLong("as-of"), help: ArgumentHelp(L("help.version.asOf"), valueName: "date"))
    var asOf: CivilDate?

    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.version.output"), valueName: "folder"))
    var output: String?

    func run() throws {
        let day = asOf ?? Build.today()
        let export = try options.site().exportVersion(year: year, asOf: day, into: output ?? ".")
        print(L(export.number == nil ? "version.notice" : "version.final",
                ["year": "\(year)", "asOf": "\(day)", "number": "\(export.number ?? 0)", "rows": "\(export.rows)"]))
        export.files.forEach { print("  " + $0) }
    }
}

struct Init: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: L("help.init.abstract"), discussion: L("help.init.discussion"))
    }

    @Argument(help: ArgumentHelp(L("help.init.directory"), valueName: "dir"))
    var directory: String

    @OptionGroup var language: LanguageOption

    /// The template's own date, for the workbook's document properties: no clock, the same bytes every time.
    static let templateDate = CivilDate(year: 2026, month: 1, day: 1)!

    func run() throws {
        try SiteInit.create(at: directory, date: Self.templateDate)
        print(L("init.done", ["directory": "\(directory)", "workbook": "\(SiteInit.workbook)"]))
        print("  gongshi check --site \(directory)")
    }
}

struct Keygen: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: L("help.keygen.abstract"), discussion: L("help.keygen.discussion"))
    }

    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.keygen.output"), valueName: "file"))
    var output: String

    @Flag(help: ArgumentHelp(L("help.keygen.force")))
    var force = false

    @OptionGroup var language: LanguageOption

    func run() throws {
        let (key, publicPath) = try SigningKeys.generate(secretKeyPath: output, force: force)
        print(L("keygen.secret", ["path": "\(output)"]))
        print(L("keygen.public", ["path": "\(publicPath)", "id": "\(key.idText)"]))
    }
}

struct BundleCommand: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "bundle", abstract: L("help.bundle.abstract"), discussion: L("help.bundle.discussion"))
    }

    @OptionGroup var options: SiteOptions

    @Option(name: .customLong("to"), help: ArgumentHelp(L("help.bundle.to"), valueName: "recipient"), completion: .custom(Completions.recipients))
    var recipient: String?

    @Option(name: .customLong("as-of"), help: ArgumentHelp(L("help.bundle.asOf"), valueName: "date"))
    var asOf: CivilDate?

    @Flag(help: ArgumentHelp(L("help.bundle.full")))
    var full = false

    @Flag(name: .customLong("dry-run"), help: ArgumentHelp(L("help.bundle.dryRun")))
    var dryRun = false

    @Flag(name: .customLong("log"), help: ArgumentHelp(L("help.bundle.log")))
    var showLog = false

    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.bundle.output"), valueName: "dir"))
    var output: String?

    @Option(name: .customLong("secret-key"), help: ArgumentHelp(L("help.bundle.secretKey"), valueName: "file"))
    var secretKey: String?

    func validate() throws {
        if !showLog && recipient == nil { throw ValidationError(L("bundle.needsRecipient")) }
    }

    func run() throws {
        let site = options.site()
        if showLog {
            print(try site.bundleLog(recipient: recipient), terminator: "")
            return
        }
        let id = recipient!
        var key: MinisignKey?
        if !dryRun {
            key = try SigningKeys.load(file: secretKey, siteRoot: site.layout.root)
            guard key != nil else {
                throw GongshiError(step: .loadSecretKey, at: SourceLocation(file: "--secret-key"), "E700.unsigned")
            }
        }
        let outcome = try site.bundle(to: id, asOf: asOf ?? Build.today(), full: full, key: key,
                                      outputDirectory: output ?? site.layout.root + "/bundles")
        switch outcome {
        case let .written(path, b):
            print(L("bundle.wrote", ["path": "\(path)"]))
            describe(sequence: b.sequence, kind: b.kind, since: b.previousAsOf, asOf: b.asOf, counts: b.counts, recipient: b.recipient)
        case let .planned(plan):
            print(L("bundle.dryRun"))
            describe(sequence: plan.sequence, kind: plan.kind, since: plan.previous?.asOf, asOf: plan.asOf, counts: plan.counts, recipient: plan.recipient)
            if plan.isEmptyDelta { print(L("bundle.wouldBeEmpty")) }
        case let .nothingNew(plan):
            print(L("bundle.nothingNew", ["recipient": "\(plan.recipient.id)", "name": "\(plan.recipient.name)", "sequence": "\(plan.sequence - 1)",
                                          "since": "\(plan.previous?.asOf.iso ?? "")", "asOf": "\(plan.asOf)"]))
        }
    }

    func describe(sequence: Int, kind: String, since: CivilDate?, asOf: CivilDate, counts: [BundlePlan.Count], recipient: Recipient) {
        print(L(kind == "delta" ? "bundle.delta" : "bundle.full",
                ["sequence": "\(sequence)", "recipient": "\(recipient.id)", "name": "\(recipient.name)", "since": "\(since.map { "\($0)" } ?? "")", "asOf": "\(asOf)"]))
        for c in counts {
            // The dataset by its title in the recipient's field set (信用评价结果), and by its file name.
            let title = BundleDataset(rawValue: c.file).flatMap { recipient.fieldSet.datasets[$0]?.title } ?? c.file
            print(L(kind == "delta" ? "bundle.countDelta" : "bundle.count", ["dataset": .translated(zh: title, en: c.file), "records": "\(c.records)",
                    "added": "\(c.added)", "changed": "\(c.changed)", "withdrawn": "\(c.withdrawn)"]))
        }
    }
}

struct VerifyBundle: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "verify-bundle", abstract: L("help.verifyBundle.abstract"))
    }

    @Argument(help: ArgumentHelp(L("help.verifyBundle.file"), valueName: "file"))
    var file: String

    @Option(name: .customLong("public-key"), help: ArgumentHelp(L("help.verifyBundle.publicKey"), valueName: "key"))
    var publicKey: String

    @OptionGroup var language: LanguageOption

    func run() throws {
        // A path or the key line itself; only a small regular file is read (never a pipe or a device).
        let keyText: String
        switch SiteFolder.readNamedFile(publicKey, limit: 64 << 10) {
        case .success(let bytes): keyText = String(decoding: bytes, as: UTF8.self)
        case .failure(.missing): keyText = publicKey
        case .failure(let f):
            throw GongshiError(step: .verifyBundle, at: SourceLocation(file: publicKey), "E701.unreadablePublicKey",
                               ["reason": f.text])
        }
        let key: MinisignKey
        do { key = try MinisignKey(publicKeyText: keyText) } catch {
            throw GongshiError(step: .verifyBundle, at: SourceLocation(file: publicKey), "E701.notAPublicKey",
                               ["error": (error as? MinisignKey.Failure).map { .message($0.reason) } ?? "\(error)"])
        }
        var report: BundleVerifier.Report
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: file, isDirectory: &isFolder), isFolder.boolValue {
            report = BundleVerifier.verify(folder: file, publicKey: key)
        } else {
            switch SiteFolder.readNamedFile(file, limit: StrictZip.maximumTotalBytes) {
            case .success(let bytes): report = BundleVerifier.verify(zip: bytes, publicKey: key)
            case .failure(let f):
                throw GongshiError(step: .verifyBundle, at: SourceLocation(file: file), "E701.unreadableBundle",
                                   ["reason": f.text])
            }
        }
        if let misnamed = BundleVerifier.nameProblem(file: file, manifest: report.manifest) { report.problems.append(misnamed) }
        guard report.problems.isEmpty else {
            throw GongshiError(step: .verifyBundle, diagnostics: report.problems.map {
                Diagnostic(at: SourceLocation(file: file, field: $0.entry == "zip" ? nil : $0.entry), $0.text)
            })
        }
        // Re-packed by another tool, its content intact: said, and still a success (the signed files are what was sent).
        if let repacked = report.repacked { print(L("verifyBundle.repacked", ["file": "\(file)", "reason": .message(repacked)])) }
        // What the signed manifest says the bundle is, in the reader's words.
        let manifest = report.manifest ?? [:]
        func fact(_ key: String) -> MessageArgument { "\(manifest[key].map { "\($0)" } ?? "")" }
        print(L("verifyBundle.done", ["file": "\(file)", "files": "\(report.files - 2)", "publisher": fact("publisher"),
                                      "recipient": fact("recipient_name"), "sequence": fact("sequence"), "asOf": fact("as_of"),
                                      "kind": .phrase(manifest["kind"] as? String == "delta" ? "verifyBundle.delta" : "verifyBundle.full")]))
    }
}

struct Serve: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: L("help.serve.abstract"), discussion: L("help.serve.discussion"))
    }

    @Option(name: .long, help: ArgumentHelp(L("help.serve.site"), valueName: "dir"))
    var site: String = "."

    @Option(help: ArgumentHelp(L("help.serve.bind"), valueName: "address"))
    var bind: String = "127.0.0.1"

    @Option(help: ArgumentHelp(L("help.serve.port"), valueName: "port"))
    var port: Int = 1313

    @Option(name: .customLong("allow-host"), help: ArgumentHelp(L("help.serve.allowHost"), valueName: "name"))
    var allowHost: [String] = []

    @Option(name: .customLong("as-of"), help: ArgumentHelp(L("help.serve.asOf"), valueName: "date"))
    var asOf: CivilDate?

    @Option(help: ArgumentHelp(L("help.serve.theme"), valueName: "dir"))
    var theme: String?

    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError(L("serve.portRange", ["port": "\(port)"])) }
    }

    func run() throws {
        let temporary = FileManager.default.temporaryDirectory.path
        // A preview ends when it is stopped (Ctrl-C): its folder stays. Those of previews no longer running go now.
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: temporary)) ?? [] where entry.hasPrefix("gongshi-serve-") {
            if let pid = Int32(entry.dropFirst("gongshi-serve-".count)), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH {
                try? FileManager.default.removeItem(atPath: temporary + "/" + entry)
            }
        }
        let work = temporary + "/gongshi-serve-\(getpid())"
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        let session = PreviewSession(site: SiteLayout(root: site), theme: try locateTheme(theme), asOf: asOf ?? Build.today(),
                                     workFolder: work, language: Speech.language) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        do { try session.run(bind: bind, port: port, allowedHosts: allowHost) } catch let failure as OutputWriter.Failure {
            throw GongshiError(step: .serve, at: SourceLocation(file: failure.path), failure.text)
        }
    }
}

/// The preview's rebuild, run by `serve` in a child process of its own (not listed in the help: nobody types it).
struct ServeRebuild: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(commandName: "serve-rebuild", shouldDisplay: false)
    }

    @Option var site: String
    @Option var work: String
    @Option(name: .customLong("as-of")) var asOf: CivilDate
    @Option var theme: String?
    @OptionGroup var language: LanguageOption

    func run() throws {
        print(try PreviewSession.rebuildHere(site: SiteLayout(root: site), theme: try locateTheme(theme), asOf: asOf,
                                             workFolder: work, language: Speech.language))
    }
}

extension SupervisionReport: ExpressibleByArgument {}

extension Draw {
    /// Art. 17: a tier by the grade it holds, in the reader's language.
    static func label(_ kind: InspectionTier.Kind) -> MessageArgument {
        switch kind {
        case .a, .b, .c, .d, .e: return .phrase("draw.tier.grade", ["grade": "\(kind.rawValue.uppercased())"])
        case .notRated: return .phrase("draw.tier.notRated")
        }
    }

    /// What Art. 17 says of the tier.
    static func rule(_ kind: InspectionTier.Kind) -> MessageArgument {
        switch kind {
        case .a: return .phrase("draw.rule.a")
        case .b: return .phrase("draw.rule.b")
        case .c: return .phrase("draw.rule.c")
        case .d: return .phrase("draw.rule.d")
        case .e: return .phrase("draw.rule.e")
        case .notRated: return .phrase("draw.rule.notRated")
        }
    }
}

struct Draw: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: L("help.draw.abstract"), discussion: L("help.draw.discussion"))
    }

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp(L("help.draw.year"), valueName: "year"))
    var year: Int

    @Option(help: ArgumentHelp(L("help.draw.seed"), valueName: "text"))
    var seed: String

    @Option(name: .customLong("date"), help: ArgumentHelp(L("help.draw.date"), valueName: "date"))
    var date: CivilDate?

    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.draw.output"), valueName: "file"))
    var output: String?

    func run() throws {
        let day = date ?? Build.today()
        let d = try options.site().draw(year: year, seed: seed, on: day)
        // The draws' sheet as the clerk keeps it (a workbook's sheet, or inspection-draws.csv).
        func say(_ key: String, _ arguments: [String: MessageArgument]) -> String {
            Message(key, arguments.merging(["drawsFile": .dataFile(CSVFormat.inspectionDraws.file)]) { a, _ in a })
                .naming(dataFilesAt: d.origins).text(Speech.language)
        }
        print(L("draw.heading", ["year": "\(year)", "date": "\(day)", "seed": "\(seed)"]))
        for tier in d.result.tiers {
            print("\n" + L("draw.tier", ["label": Self.label(tier.kind), "count": "\(tier.members.count)", "percent": "\(tier.percent)",
                                         "selected": "\(tier.selectedCount)", "rule": Self.rule(tier.kind)]))
            for m in tier.members where m.selected { print("  \(m.position). \(m.agency.value) \(d.names[m.agency] ?? "")") }
        }
        if let recorded = d.recorded {
            let same = recorded.seed == seed && recorded.drawnOn == day
            print("\n" + say(same ? "draw.recordedSame" : "draw.recordedOther", ["year": "\(year)", "seed": "\(recorded.seed)", "date": "\(recorded.drawnOn)"]))
        } else {
            print("\n" + say("draw.toPublish", ["year": "\(year)", "seed": "\(seed)", "date": "\(day)"]))
        }
        if let output {
            var writer = CSVWriter(header: ["统一社会信用代码", "机构名称", "执法证号", "姓名", "单位"])
            for (agency, inspectors) in d.inspectors {
                for inspector in inspectors { writer.append([agency.value, d.names[agency] ?? "", inspector.badge, inspector.name, inspector.unit]) }
            }
            guard FileManager.default.createFile(atPath: output, contents: Data(("\u{FEFF}" + writer.text).utf8), attributes: [.posixPermissions: 0o600]) else {
                throw GongshiError(step: .draw, at: SourceLocation(file: output), "E900.writeFile")
            }
            print(L("draw.inspectors", ["path": "\(output)"]))
        }
    }
}

struct Synth: ParsableCommand {
    static var configuration: CommandConfiguration {
        CommandConfiguration(abstract: L("help.synth.abstract"))
    }

    @Option(help: ArgumentHelp(L("help.synth.agencies")))
    var agencies: Int = 1000

    @Option(help: ArgumentHelp(L("help.synth.years")))
    var years: Int = 5

    @Option(help: ArgumentHelp(L("help.synth.seed")))
    var seed: UInt64 = 1

    @Option(name: .customLong("report-numbers"), help: ArgumentHelp(L("help.synth.reportNumbers")))
    var reportNumbers: Int = 0

    @Option(name: .shortAndLong, help: ArgumentHelp(L("help.synth.output"), valueName: "dir"))
    var output: String

    @OptionGroup var language: LanguageOption

    func validate() throws {
        guard agencies > 0, (1...20).contains(years), reportNumbers >= 0 else { throw ValidationError(L("synth.limits")) }
    }

    func run() throws {
        try SyntheticSite(agencies: agencies, years: years, seed: seed, reportNumbers: reportNumbers).write(to: output)
        print(L("synth.done", ["agencies": "\(agencies)", "years": "\(years)", "reportNumbers": "\(reportNumbers)", "output": "\(output)"]))
    }
}
