import ArgumentParser
import Foundation
import Publishing
import Registry
import Rendering

struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report every problem in config.toml, data/*.csv and pages/*.md at once; write nothing.",
        discussion: "Each problem is printed as  file:line: column N (header): error[CODE]: what is wrong. Fix: how to fix it.  Exits 1 if there is any error.")

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("Encoding of the CSV files (default: detect UTF-8, with or without BOM, or GB18030).", valueName: "name"))
    var encoding: TextEncoding?

    @Option(help: ArgumentHelp("The default theme folder, to check the site's template overrides against (default: the installed site-templates).", valueName: "dir"))
    var theme: String?

    @Option(help: ArgumentHelp("Print an internal report instead: late-filings (Art. 7) or expiring-qualifications (CMA within 90 days). Never published.", valueName: "name"))
    var report: SupervisionReport?

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the report is as of (default: today in Asia/Shanghai).", valueName: "date"))
    var asOf: CivilDate?

    @Option(help: ArgumentHelp("With --report: also write it as CSV (UTF-8 with BOM, for Excel) to this file.", valueName: "file"))
    var csv: String?

    func run() throws {
        if let report {
            let table = try options.site().report(report, asOf: asOf ?? Build.today(), encoding: encoding)
            print(table.text)
            if let csv {
                guard FileManager.default.createFile(atPath: csv, contents: Data(table.csv.utf8), attributes: [.posixPermissions: 0o600]) else {
                    throw GongshiError(step: "report", at: SourceLocation(file: csv), "cannot write the file", fix: "check the path")
                }
            }
            return
        }
        // The theme is optional for a check: without one, templates are simply not checked.
        let themeDirectory = theme != nil ? try ThemeLocator.locate(explicit: theme) : try? ThemeLocator.locate(explicit: nil)
        let report = try options.site().check(encoding: encoding, theme: themeDirectory)
        printDiagnostics(report.diagnostics)
        let errors = report.errors.count, warnings = report.diagnostics.count - errors
        if !options.quiet {
            let files = report.files.map { "\($0.file) (\($0.records) rows, \($0.encoding?.rawValue ?? "xlsx"))" }.joined(separator: ", ")
            print("checked \(files)")
            print(errors == 0 ? "no errors\(warnings > 0 ? ", \(warnings) warning(s)" : "")" : "\(errors) error(s), \(warnings) warning(s)")
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Load data/*.csv into the registry (SQLite), all or nothing.",
        discussion: "The files are checked first, as by gongshi check; if any has an error, the registry is left exactly as it was.")

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("Encoding of the CSV files (default: detect UTF-8, with or without BOM, or GB18030).", valueName: "name"))
    var encoding: TextEncoding?

    func run() throws {
        let site = options.site()
        let report = try site.importData(encoding: encoding)
        printDiagnostics(report.diagnostics)
        if !options.quiet {
            let rows = report.files.reduce(0) { $0 + $1.records }
            print("imported \(rows) rows from \(report.files.count) files into \(site.layout.registry)")
        }
    }
}

struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build the site and open data from the registry, as of a date, into the output folder.",
        discussion: "The output is a pure function of the inputs and --as-of: two builds give byte-identical files. The new output replaces the old in one step; a failed build leaves the old output untouched. Only files whose bytes changed are written (the build before is kept, hard-linked, in the hidden .NAME.spare beside the output). Every file of the output and the spare is checked against the disk: one edited, deleted, added or linked since the last build is put right. The output folder must be empty or one gongshi made (.gongshi-output); one build at a time writes it. A build refuses a registry older than data/: run gongshi import first. When the inputs are those of the last build and the output is as it left it (.NAME.stamp), the build says \"nothing to do\" and stops; delete the stamp to force a full build.")

    @OptionGroup var options: SiteOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the publication is as of, YYYY-MM-DD (default: today in Asia/Shanghai).", valueName: "date"))
    var asOf: CivilDate?

    @Option(name: .shortAndLong, help: ArgumentHelp("The output folder (default: SITE/public).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("The default theme folder (default: the site-templates folder installed with gongshi).", valueName: "dir"))
    var theme: String?

    @Option(name: .customLong("secret-key"), help: ArgumentHelp(
        "Sign SHA256SUMS with this minisign secret key (default: $GONGSHI_SECRET_KEY_FILE, or the key in $GONGSHI_SECRET_KEY; none: not signed).",
        valueName: "file"))
    var secretKey: String?

    func run() throws {
        let started = Date()
        let date = asOf ?? Self.today()
        let site = options.site(output: output)
        let key = try SigningKeys.load(file: secretKey, siteRoot: site.layout.root)
        let report = try site.build(asOf: date, theme: try ThemeLocator.locate(explicit: theme), signing: key)
        printDiagnostics(report.warnings)
        if key == nil && !options.quiet {
            FileHandle.standardError.write(Data("note: SHA256SUMS is not signed; pass --secret-key (make a key pair with gongshi keygen)\n".utf8))
        }
        if !options.quiet {
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            let change: String
            switch report.outcome {
            case .unchanged: change = "nothing changed, nothing written"
            case let .replaced(written, _, removed): change = "\(written) written, \(removed) removed, the rest unchanged"
            }
            print("built \(report.pages) pages, \(report.files) files (\(report.bytes / 1024) KB) as of \(date) in \(ms) ms: \(change)")
            print("open \(report.output)/index.html in a browser, or serve it:  python3 -m http.server -d \(report.output)")
        }
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
    static let configuration = CommandConfiguration(
        abstract: "Say what changed in the publication between two dates, or between two built folders.",
        discussion: """
        gongshi diff --as-of 2026-04-01 --to 2026-07-01     changes recorded between the dates, and how the published grades,
                                                          E list and bad records differ, in sentences for a change notice.
        gongshi diff public-before public-after           the same comparison between two built sites' open data.
        """)

    @OptionGroup var options: SiteOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The earlier date, YYYY-MM-DD.", valueName: "date"))
    var from: CivilDate?

    @Option(name: .customLong("to"), help: ArgumentHelp("The later date, YYYY-MM-DD (default: today in Asia/Shanghai).", valueName: "date"))
    var to: CivilDate?

    @Argument(help: ArgumentHelp("Two built output folders to compare instead of two dates.", valueName: "folder"))
    var folders: [String] = []

    func validate() throws {
        if !folders.isEmpty && folders.count != 2 { throw ValidationError("give two folders to compare, or none") }
        if folders.isEmpty && from == nil { throw ValidationError("give --as-of DATE (and --to DATE), or two folders") }
        if !folders.isEmpty && (from != nil || to != nil) { throw ValidationError("compare either two dates or two folders, not both") }
    }

    func run() throws {
        if folders.count == 2 {
            let snapshots = try folders.map { folder -> PublicationSnapshot in
                do { return try PublicationSnapshot(builtSite: folder) } catch let failure as PublicationSnapshot.ReadFailure {
                    throw GongshiError(step: "read built site", at: SourceLocation(file: failure.file), failure.reason,
                                       fix: "point gongshi diff at folders written by gongshi build")
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

struct Init: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make a new site folder to start from: config.toml, the registry workbook data/登记册.xlsx, CSV templates, standard pages, a README.",
        discussion: """
        The workbook has one sheet per data file, headed by its columns; code and number columns are already
        formatted as text, date columns as dates, and columns with fixed words offer them as a drop-down list.
        gongshi check passes on the new site as written and says what to fill in. The folder must be new or empty.
        """)

    @Argument(help: ArgumentHelp("The new site's folder.", valueName: "dir"))
    var directory: String

    /// The template's own date, for the workbook's document properties: no clock, the same bytes every time.
    static let templateDate = CivilDate(year: 2026, month: 1, day: 1)!

    func run() throws {
        try SiteInit.create(at: directory, date: Self.templateDate)
        print("made the site \(directory): fill in \(directory)/data/\(SiteInit.workbook) in Excel or WPS and \(directory)/config.toml, then run")
        print("  gongshi check --site \(directory)")
    }
}

struct Keygen: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Make an Ed25519 key pair in minisign's format for signing SHA256SUMS and sharing bundles.",
        discussion: """
        Writes the secret key (readable by you only) and, beside it, the public key (.pub) to publish.
        The secret key never belongs in a repository or a site folder: gongshi refuses to write it inside a git
        work tree, and refuses to read it from one. Check a signature with the standard tool:
          minisign -Vm SHA256SUMS -p minisign.pub
        """)

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the secret key, e.g. ~/.config/gongshi/minisign.key.", valueName: "file"))
    var output: String

    @Flag(help: "Write the key even inside a git work tree (only for folders that are never committed).")
    var force = false

    func run() throws {
        let (key, publicPath) = try SigningKeys.generate(secretKeyPath: output, force: force)
        print("secret key: \(output) (keep it secret, back it up, never commit it)")
        print("public key: \(publicPath) (key id \(key.idText)); publish it with the site")
    }
}

extension Recipient: ExpressibleByArgument {}

struct BundleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bundle",
        abstract: "Write the signed sharing bundle for one recipient (Art. 14): full, or a delta since the last one sent.",
        discussion: """
        Recipients: market-supervision (qualifications, bad records); credit-management and credit-ningbo (final grades,
        E list, not rated, bad records). The zip holds data/*.csv, manifest.json with the SHA-256 of each file,
        manifest.json.minisig and README.txt. Each bundle is logged in the registry, so the next one continues the
        sequence and, by default, carries only what was added, changed or withdrawn since.
        """)

    @OptionGroup var options: SiteOptions

    @Option(name: .customLong("to"), help: ArgumentHelp("The recipient: market-supervision, credit-management or credit-ningbo.", valueName: "recipient"))
    var recipient: Recipient

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the data is as of, YYYY-MM-DD (default: today in Asia/Shanghai).", valueName: "date"))
    var asOf: CivilDate?

    @Flag(help: "Send every current record, not only the changes since the last bundle.")
    var full = false

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write the zip into (default: SITE/bundles).", valueName: "dir"))
    var output: String?

    @Option(name: .customLong("secret-key"), help: ArgumentHelp("The minisign secret key (default: $GONGSHI_SECRET_KEY_FILE or $GONGSHI_SECRET_KEY).", valueName: "file"))
    var secretKey: String?

    func run() throws {
        let site = options.site()
        guard let key = try SigningKeys.load(file: secretKey, siteRoot: site.layout.root) else {
            throw GongshiError(step: "load secret key", at: SourceLocation(file: "--secret-key"), "a bundle must be signed, and no secret key was given",
                               fix: "pass --secret-key FILE or set GONGSHI_SECRET_KEY_FILE; make a key pair with gongshi keygen", code: "E700")
        }
        let report = try site.bundle(to: recipient, asOf: asOf ?? Build.today(), full: full, key: key,
                                     outputDirectory: output ?? site.layout.root + "/bundles")
        let b = report.bundle
        print("wrote \(report.path)")
        print("bundle #\(b.sequence) to \(recipient.rawValue), \(b.kind)\(b.previousAsOf.map { " since \($0)" } ?? "") as of \(b.asOf)")
        for c in b.counts {
            print("  \(c.file): \(c.records) records" + (b.kind == "delta" ? " (\(c.added) added, \(c.changed) changed, \(c.withdrawn) withdrawn)" : ""))
        }
    }
}

struct VerifyBundle: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-bundle",
        abstract: "Check a sharing bundle: the manifest's signature and every file's SHA-256; name what was altered.")

    @Argument(help: ArgumentHelp("The bundle zip.", valueName: "file"))
    var file: String

    @Option(name: .customLong("public-key"), help: ArgumentHelp("The publisher's minisign.pub file, or its base64 key line.", valueName: "key"))
    var publicKey: String

    func run() throws {
        // A path or the key line itself; only a small regular file is read (never a pipe or a device).
        let keyText: String
        switch SiteFolder.readNamedFile(publicKey, limit: 64 << 10) {
        case .success(let bytes): keyText = String(decoding: bytes, as: UTF8.self)
        case .failure(.missing): keyText = publicKey
        case .failure(let f):
            throw GongshiError(step: "verify bundle", at: SourceLocation(file: publicKey), "the public key file cannot be read (\(f))",
                               fix: "pass the publisher's minisign.pub (a small text file), or the base64 line in it", code: "E701")
        }
        let key: MinisignKey
        do { key = try MinisignKey(publicKeyText: keyText) } catch {
            throw GongshiError(step: "verify bundle", at: SourceLocation(file: publicKey), "not a minisign public key: \(error)",
                               fix: "pass the publisher's minisign.pub, or the base64 line in it", code: "E701")
        }
        let data: [UInt8]
        switch SiteFolder.readNamedFile(file, limit: StrictZip.maximumTotalBytes) {
        case .success(let bytes): data = bytes
        case .failure(let f):
            throw GongshiError(step: "verify bundle", at: SourceLocation(file: file), "cannot read the bundle (\(f))",
                               fix: "check the path; a bundle is a zip file of at most 1 GB", code: "E701")
        }
        let report = BundleVerifier.verify(zip: data, publicKey: key)
        guard report.problems.isEmpty else {
            throw GongshiError(step: "verify bundle", diagnostics: report.problems.map {
                Diagnostic(code: "E702", at: SourceLocation(file: file), $0, fix: "do not use this bundle; ask the publisher for a new copy")
            })
        }
        print("\(file): signature and \(report.files - 2) files verified (\(report.trustedComment ?? ""))")
    }
}

struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Preview the site on 127.0.0.1: build, serve, rebuild on every change of config, data, pages, notices or templates, and reload the open page.",
        discussion: "The preview imports data/*.csv into its own registry in a temporary folder: the site's registry and public/ are never touched. A failed rebuild keeps serving the last good one and shows the errors on the page.")

    @Option(name: .long, help: ArgumentHelp("The site folder.", valueName: "dir"))
    var site: String = "."

    @Option(help: ArgumentHelp("The port on 127.0.0.1 (0: any free port).", valueName: "port"))
    var port: Int = 1313

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the preview is as of (default: today in Asia/Shanghai).", valueName: "date"))
    var asOf: CivilDate?

    @Option(help: ArgumentHelp("The default theme folder.", valueName: "dir"))
    var theme: String?

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
        let session = PreviewSession(site: SiteLayout(root: site), theme: try ThemeLocator.locate(explicit: theme), asOf: asOf ?? Build.today(),
                                     workFolder: work) { line in
            FileHandle.standardOutput.write(Data((line + "\n").utf8))
        }
        try session.run(port: port)
    }
}

extension SupervisionReport: ExpressibleByArgument {}

struct Draw: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Draw the agencies to inspect for a year's grades from an announced seed (Art. 17, 19: 双随机).",
        discussion: """
        Each tier is ordered by HMAC-SHA256(key: seed, message: unified social credit code) in hex and its first k are taken,
        k = tier size × ratio ([inspection] in config.toml) rounded down: A none, B ≤ 10%, C ≤ 50%, D and E all, not-rated all.
        Announce the seed first; then record year, seed, announcement date and draw date in data/inspection-draws.csv, and
        gongshi build publishes the same draw, with the recipe to re-run it. Inspectors (data/inspectors.csv) are assigned the
        same way and stay internal: --output writes them to a CSV for the bureau's staff.
        """)

    @OptionGroup var options: SiteOptions

    @Option(help: ArgumentHelp("The evaluation year whose grades make the tiers.", valueName: "year"))
    var year: Int

    @Option(help: ArgumentHelp("The seed announced before the draw.", valueName: "text"))
    var seed: String

    @Option(name: .customLong("date"), help: ArgumentHelp("The day of the draw: grades in force that day (default: today in Asia/Shanghai).", valueName: "date"))
    var date: CivilDate?

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the selected agencies with their inspectors to this CSV (internal).", valueName: "file"))
    var output: String?

    func run() throws {
        let day = date ?? Build.today()
        let d = try options.site().draw(year: year, seed: seed, on: day)
        print("\(year)年度评价结果的双随机抽查，抽取日期 \(day)，随机种子：\(seed)")
        for tier in d.result.tiers {
            print("\n\(tier.kind.label)：\(tier.members.count) 家，比例 \(tier.percent)%，抽中 \(tier.selectedCount) 家（\(tier.kind.rule)）")
            for m in tier.members where m.selected { print("  \(m.position). \(m.agency.value) \(d.names[m.agency] ?? "")") }
        }
        if let recorded = d.recorded {
            let same = recorded.seed == seed && recorded.drawnOn == day
            print("\ndata/inspection-draws.csv: the \(year) draw is recorded\(same ? " with this seed and date: the site publishes this draw" : " with another seed or date (\(recorded.seed), \(recorded.drawnOn))")")
        } else {
            print("\nTo publish it, add to data/inspection-draws.csv: \(year),\(seed),<种子公布日期>,\(day)")
        }
        if let output {
            var writer = CSVWriter(header: ["统一社会信用代码", "机构名称", "执法证号", "姓名", "单位"])
            for (agency, inspectors) in d.inspectors {
                for inspector in inspectors { writer.append([agency.value, d.names[agency] ?? "", inspector.badge, inspector.name, inspector.unit]) }
            }
            guard FileManager.default.createFile(atPath: output, contents: Data(("\u{FEFF}" + writer.text).utf8), attributes: [.posixPermissions: 0o600]) else {
                throw GongshiError(step: "draw", at: SourceLocation(file: output), "cannot write the file", fix: "check the path")
            }
            print("inspectors (internal): \(output)")
        }
    }
}

struct Synth: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Write a deterministic synthetic site (config.toml, data/*.csv) of any size, for scale tests and benchmarks.")

    @Option(help: "Number of agencies.")
    var agencies: Int = 1000

    @Option(help: "Number of evaluation years (ending in 2025).")
    var years: Int = 5

    @Option(help: "Seed of the generator: the same arguments give the same bytes.")
    var seed: UInt64 = 1

    @Option(name: .customLong("report-numbers"), help: "Number of report numbers.")
    var reportNumbers: Int = 0

    @Option(name: .shortAndLong, help: ArgumentHelp("The site folder to write.", valueName: "dir"))
    var output: String

    func validate() throws {
        guard agencies > 0, (1...20).contains(years), reportNumbers >= 0 else { throw ValidationError("agencies > 0, years 1–20, report numbers ≥ 0") }
    }

    func run() throws {
        try SyntheticSite(agencies: agencies, years: years, seed: seed, reportNumbers: reportNumbers).write(to: output)
        print("wrote a synthetic site with \(agencies) agencies, \(years) years, \(reportNumbers) report numbers to \(output)")
    }
}
