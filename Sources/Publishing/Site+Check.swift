import Evaluation
import Foundation
import Import
import Model
import Rendering
import Store

/// `gongshi check`: the site's inputs read and checked as import and build would take them.
extension Site {
    /// `gongshi check`: every problem in the config, the data files, the pages, notices and static files and,
    /// given the default theme, the site's template overrides — everything `build` would refuse, in one report.
    /// `asOf`: the day the look-ahead rules start from (a notice period still to come needs its objection channel).
    public func check(encoding: TextEncoding? = nil, theme: ThemeSource? = nil, asOf: CivilDate) throws -> CheckReport {
        let read = try readAndCheckSources(encoding: encoding)
        var report = read.report
        let stages = read.data.published.stages
        let content = SiteContent.load(layout, theme: theme)
        let channel = read.config.site.objectionChannelProblems(stages: stages, asOf: asOf, upcomingToo: true)
        report.diagnostics = (report.diagnostics + content.diagnostics + channel + content.identityProblems(read.config.site.identity)
                              + content.noticeProblems(stages: stages).naming(dataFilesAt: read.origins)).sorted()
        return report
    }

    /// The config and the data files, read and checked as `import` would load them.
    func readAndCheck(encoding: TextEncoding?) throws -> (report: CheckReport, data: RegistryData) {
        let read = try readAndCheckSources(encoding: encoding)
        return (read.report, read.data)
    }

    /// What reading and checking the sources gives: the report, the data, and for import what it writes besides.
    struct SourcesRead {
        var config: SiteConfig
        var report: CheckReport
        var data: RegistryData
        var sources: [ImportSource]
        var origins: [String: Origin]
        var reportNumbers: ReportNumberStage?
    }

    /// The config once, the data files, and every check that needs no registry.
    func readAndCheckSources(encoding: TextEncoding?) throws -> SourcesRead {
        let config = try layout.loadConfig()
        // Report numbers are staged beside the registry: the disk they will be written to, and a folder the
        // site can write (a small /tmp would not hold millions of them).
        let stagingFolder = RelativePath.parent(layout.registry)
        let outcome = CSVImporter(rules: config.rules, encoding: encoding,
                                  stagingFolder: FileManager.default.fileExists(atPath: stagingFolder) ? stagingFolder : nil).importDirectory(layout.data)
        var diagnostics = outcome.diagnostics
        diagnostics += RegistryChecks.check(outcome.data, rules: config.rules, alsoKnown: outcome.rejectedAgencies,
                                            agencyListComplete: outcome.agencyListComplete, unread: outcome.unreadFiles, mentioned: outcome.mentionedKeys)
        diagnostics += Self.whatToFillIn(outcome)
        let evaluations = outcome.origins[CSVFormat.evaluations.file] ?? Origin(file: layout.data + "/" + CSVFormat.evaluations.file, line: nil)
        let rankingComplete = !diagnostics.contains {
            $0.severity == .error && $0.location.file == evaluations.file && $0.location.sheet == evaluations.sheet
        }
        diagnostics += config.evaluator
            .check(outcome.data.published, rankingComplete: rankingComplete)
        return SourcesRead(config: config, report: CheckReport(diagnostics: diagnostics.naming(dataFilesAt: outcome.origins).sorted(), files: outcome.filesRead),
                           data: outcome.data, sources: outcome.sources, origins: outcome.origins, reportNumbers: outcome.reportNumbers)
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
}
