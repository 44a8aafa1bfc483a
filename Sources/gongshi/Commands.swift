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

    func run() throws {
        // The theme is optional for a check: without one, templates are simply not checked.
        let themeDirectory = theme != nil ? try ThemeLocator.locate(explicit: theme) : try? ThemeLocator.locate(explicit: nil)
        let report = try options.site().check(encoding: encoding, theme: themeDirectory)
        printDiagnostics(report.diagnostics)
        let errors = report.errors.count, warnings = report.diagnostics.count - errors
        if !options.quiet {
            let files = report.files.map { "\($0.file) (\($0.records) rows, \($0.encoding.rawValue))" }.joined(separator: ", ")
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
        discussion: "The output is a pure function of the inputs and --as-of: two builds give byte-identical files. The new output replaces the old in one step; a failed build leaves the old output untouched.")

    @OptionGroup var options: SiteOptions

    @Option(name: .customLong("as-of"), help: ArgumentHelp("The date the publication is as of, YYYY-MM-DD (default: today in Asia/Shanghai).", valueName: "date"))
    var asOf: CivilDate?

    @Option(name: .shortAndLong, help: ArgumentHelp("The output folder (default: SITE/public).", valueName: "dir"))
    var output: String?

    @Option(help: ArgumentHelp("The default theme folder (default: the site-templates folder installed with gongshi).", valueName: "dir"))
    var theme: String?

    func run() throws {
        let started = Date()
        let date = asOf ?? Self.today()
        let site = options.site(output: output)
        let report = try site.build(asOf: date, theme: try ThemeLocator.locate(explicit: theme))
        printDiagnostics(report.warnings)
        if !options.quiet {
            let ms = Int(Date().timeIntervalSince(started) * 1000)
            print("built \(report.pages) pages, \(report.files) files (\(report.bytes / 1024) KB) as of \(date) in \(ms) ms")
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
