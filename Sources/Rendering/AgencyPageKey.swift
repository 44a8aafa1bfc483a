import Evaluation
import Model

/// Art. 14: what an agency's page is made from, keyed without making its context. A build keys each of the
/// 100,000 pages of a national registry and renders the few whose key changed; building and keying every
/// page's context to find them cost most of a rebuild.
///
/// The key has two parts. What the page shares with every other agency page (the site, the navigation, the
/// as-of date and the next change, the indicator systems, the year comparisons, the notice year) is keyed
/// once a build, from the same functions the page reads it through where there are such. What is the
/// agency's own is keyed from its records, every column the registry stores for them (the entity
/// declarations: a column added there is keyed without a change here), and from the evaluation's facts about
/// it: each year's rank, total, grades and status, its standing, and each record's disclosure end.
/// A key that misses an input the page shows would keep a stale page: the tests change every cell of a site's
/// data files and every text and number of its config, one at a time, and require every page whose context
/// changed to have a new key.
public struct AgencyPageKeys: Sendable {
    /// The part every agency page shares.
    let shared: [UInt8]

    init(_ contexts: PageContexts) {
        let publication = contexts.publication
        let encoder = ContextKeyEncoder(ContentKey("agency page shared 1"))
        // Everything `common` gives an agency page but its path, title and description (the agency's own).
        encoder.write(contexts.common(path: SitePaths.agency(UnifiedSocialCreditCode(unchecked: "PROBE")), title: "", section: .agencies, description: ""))
        encoder.write(contexts.objectionContext())
        encoder.key.add(publication.asOf.iso)
        // Art. 9: each published year's indicator system (which the page groups the agency's years by).
        for year in publication.years {
            let system = publication.indicators.system(for: year.year)
            encoder.key.add(year.year)
            encoder.key.add([system.name, system.document] + system.titles + system.maxima.map(\.description))
        }
        // Art. 11–12: the adjacent years the page compares the agency's grades across.
        for pair in contexts.comparisons {
            encoder.key.add(pair.from.year)
            encoder.key.add(pair.to.year)
            encoder.key.add(pair.to.status.label)
        }
        // Art. 13: the year under notice, whose objection box the listed agencies' pages show.
        if let notice = contexts.noticeYear {
            encoder.key.add(notice.year)
            encoder.key.add(notice.stage.noticeEnd.iso)
        }
        shared = encoder.key.digest
    }

    /// The key of `profile`'s page, rendered with `template` (and its twin).
    func key(_ profile: AgencyProfile, template: String, twin: Bool, contexts: PageContexts) -> [UInt8] {
        let publication = contexts.publication
        var key = ContentKey("agency page 1")
        key.add(template)
        key.add(twin ? 1 : 0)
        key.add(raw: shared)
        let a = profile.agency
        key.add(Agency.entity, (agency: a, contact: nil))
        key.add(a.serviceCategories.map(\.numeral))
        key.add(Filing.entity, each: profile.filings)
        key.add(profile.qualifications.count)
        for q in profile.qualifications {
            key.add(Qualification.entity, q.qualification)
            key.add(ScopeItem.entity, each: q.scope)
        }
        key.add(profile.history.count)
        for year in profile.history {
            key.add(year.year)
            key.add(year.status.label)
            key.add(year.ratedCount)
            switch year.outcome {
            case .rated(let r):
                key.add(mark: 1)
                key.add(r.rank)
                key.add(r.total.description)
                key.add(r.subScores.map { $0.values.map(\.description) } ?? [])
                key.add(r.awardedGrade.letter)
                key.add(r.correctedGrade?.letter ?? "")
                key.add(SeriousDishonestyEvent.entity, r.revokedBy)
            case .notRated(let reason):
                key.add(mark: 2)
                key.add(reason)
            case .outOfScope:
                key.add(mark: 3)
            }
        }
        key.add(SeriousDishonestyEvent.entity, each: profile.seriousDishonesty)
        key.add(profile.badRecords.count)
        for record in profile.badRecords {
            key.add(BadRecord.entity, Numbered(id: 0, record))
            // Art. 14: its last public day and why, as the page states them.
            key.add(publication.disclosureEnd(of: record).lastDay.iso)
            key.add(OpenDatasets.disclosureBasis(record, publication))
        }
        key.add(WarningRecord.entity, each: profile.publicCirculars)
        key.add(profile.formerNames.count)
        for former in profile.formerNames {
            key.add(former.name)
            key.add(former.changedOn.iso)
        }
        switch profile.standing {
        case .seriousDishonesty(let event):
            key.add(mark: 1)
            key.add(SeriousDishonestyEvent.entity, event)
        case .rated(let year, let grade, let since):
            key.add(mark: 2)
            key.add(year)
            key.add(grade.letter)
            key.add(since.iso)
        case .none(let yearInForce, let lapsed):
            key.add(mark: 3)
            key.add(yearInForce ?? -1)
            key.add(lapsed.map { ["\($0.year)", $0.grade.letter, $0.on.iso] } ?? [])
        }
        key.add(contexts.inNoticeYear.contains(a.code) ? 1 : 0)
        if let exception = contexts.codeExceptions[a.code] { key.add(CodeException.entity, exception) } else { key.add(mark: 0) }
        return key.digest
    }
}

extension ContentKey {
    /// Every column the registry stores for `row` but where it came from (序号 and the line are not published).
    mutating func add<Row>(_ entity: Entity<Row>, _ row: Row) {
        for field in entity.fields where field.visibility != .provenance {
            switch field.value(row) {
            case .null: add(mark: 0)
            case .integer(let n): add(mark: 1); add(n)
            case .text(let s): add(mark: 2); add(s)
            }
        }
    }

    mutating func add<Row>(_ entity: Entity<Row>, each rows: [Row]) {
        add(rows.count)
        for row in rows { add(entity, row) }
    }

    /// Records the registry numbers (序号): keyed as any other, since the number is not published.
    mutating func add<Record>(_ entity: Entity<Numbered<Record>>, each records: [Record]) {
        add(records.count)
        for record in records { add(entity, Numbered(id: 0, record)) }
    }

    /// A record that may be absent (the event that revoked a grade).
    mutating func add<Record>(_ entity: Entity<Numbered<Record>>, _ record: Record?) {
        guard let record else { return add(mark: 0) }
        add(mark: 1)
        add(entity, Numbered(id: 0, record))
    }
}
