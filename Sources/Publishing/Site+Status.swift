import Evaluation
import Foundation
import Import
import Messages
import Model
import Store

/// Where a site stands on a day, as the workbench's home page says it (Art. 13–15): each year's stage, what the
/// published output shows, when it next changes by itself and why, and anything that stops publication.
public struct SiteStatus: Sendable {
    /// Art. 13: one year's results, from its notice to its publication.
    public struct Year: Sendable {
        public var year: Int
        public var status: StageStatus
        public var noticeStart: CivilDate
        public var noticeEnd: CivilDate
        public var finalOn: CivilDate
    }

    public var asOf: CivilDate
    /// Newest year first.
    public var years: [Year]
    /// The first day after `asOf` on which the publication changes with no new data, and why.
    public var nextChange: CalendarChange?
    /// What the last build into the site's output recorded, if any.
    public var published: BuildStamp.Published?
    /// What a build as of `asOf` would refuse: the registry older than data/, no objection channel in a notice period.
    public var blockers: [Diagnostic]
    /// No registry yet: nothing has been imported.
    public var imported: Bool
}

extension Site {
    /// The site's state as of `asOf`, read without writing anything: the registry opened read-only.
    public func status(asOf: CivilDate) throws -> SiteStatus {
        let config = try layout.loadConfig()
        let published = BuildStamp.published(output: layout.output)
        guard FileManager.default.fileExists(atPath: layout.registry) else {
            return SiteStatus(asOf: asOf, years: [], nextChange: nil, published: published, blockers: [], imported: false)
        }
        let store: RegistryStore
        let registry: RegistryData
        let stale: [Diagnostic]
        do {
            store = try RegistryStore(path: layout.registry, readOnly: true)
            stale = try staleRegistryProblems(store, now: nil)
            registry = try store.loadForPublication()
        } catch let error as RegistryReadError {
            throw GongshiError(step: .loadRegistry, diagnostics: error.diagnostics)
        } catch {
            throw GongshiError(step: .loadRegistry, at: SourceLocation(file: layout.registry), "E300.readFailed", ["error": "\(error)"])
        }
        let stages = registry.published.stages
        let years = stages.sorted { $0.year > $1.year }.map {
            SiteStatus.Year(year: $0.year, status: StageStatus(stage: $0, asOf: asOf), noticeStart: $0.noticeStart,
                            noticeEnd: $0.noticeEnd, finalOn: $0.finalOn)
        }
        let blockers = stale + config.site.objectionChannelProblems(stages: stages, asOf: asOf, upcomingToo: false)
        // The same calendar as the build's: the registry's dates and the authored notices' own.
        let notices = SiteContent.load(layout, theme: nil).notices
        let next = config.evaluator.nextChange(registry.published, after: asOf, authored: notices.map { ($0.slug, $0.date) })
        return SiteStatus(asOf: asOf, years: years, nextChange: next, published: published, blockers: blockers, imported: true)
    }
}
