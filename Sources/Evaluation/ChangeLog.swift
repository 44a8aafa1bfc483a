import Model

/// One publication or one change to what is published (Art. 12–15), for the change log, the feed and the diff.
public struct ChangeEntry: Sendable, Hashable {
    public enum Kind: String, Sendable, CaseIterable {
        /// 公示: a year's results are put under notice.
        case notice
        /// 公布: a year's results are final.
        case final
        /// Art. 13: a grade corrected after an objection.
        case correction
        /// Art. 12: an agency becomes E; published grades of the years in force are revoked.
        case seriousDishonesty
        /// Art. 12: an E listing is lifted.
        case lifted
        /// Art. 14: a bad record becomes public (named only while it is still public).
        case badRecord
        /// Art. 15: bad records leave the public lists after credit repair (a count, naming nobody).
        case repair
        /// Art. 14: bad records leave the public lists at the end of their disclosure window (a count, naming nobody).
        case expiry
    }

    public struct RevokedGrade: Sendable, Hashable {
        public var year: Int
        public var grade: Grade
    }

    public var date: CivilDate
    public var kind: Kind
    public var year: Int?
    public var agency: UnifiedSocialCreditCode?
    public var fromGrade: Grade?
    public var toGrade: Grade?
    /// Art. 12: the published grades an E event revoked.
    public var revoked: [RevokedGrade] = []
    public var trigger: SeriousDishonestyTrigger?
    /// The document that made the change (decision, penalty, E listing), or "".
    public var reference: String = ""
    /// Art. 14–15: the document was a bad record that is no longer public, so it is not named.
    public var referenceWithdrawn = false
    /// `.repair`, `.expiry`: how many records left the lists that day.
    public var recordCount = 1
    /// Stable within the log: kind, date, agency and a counter for same-day entries of the same kind.
    public var id: String = ""

    /// Whether the entry changes a year's list of grades.
    public func affects(year y: Int) -> Bool {
        switch kind {
        case .correction: return year == y
        case .seriousDishonesty, .lifted: return revoked.contains { $0.year == y } || year == y
        default: return false
        }
    }
}

extension Evaluator {
    /// Every publication and change up to `asOf`, newest first.
    func changes(index: RegistryIndex, asOf: CivilDate) -> [ChangeEntry] {
        var entries: [ChangeEntry] = []
        for stage in index.stages.values {
            if stage.noticeStart <= asOf { entries.append(ChangeEntry(date: stage.noticeStart, kind: .notice, year: stage.year)) }
            if stage.finalOn <= asOf { entries.append(ChangeEntry(date: stage.finalOn, kind: .final, year: stage.year)) }
        }
        entries += corrections(index: index, asOf: asOf)
        // Art. 14–15: a bad record that is no longer public (repaired, or its window over) is named nowhere,
        // the history included: its publication entry goes, and the day it left the lists is a count.
        var withdrawn: Set<String> = []
        var ended: [ChangeEntry.Kind: [CivilDate: Int]] = [:]
        for record in index.registry.badRecords where record.decidedOn <= asOf {
            let end = disclosure.end(of: record)
            guard end.date <= asOf else {
                entries.append(ChangeEntry(date: record.decidedOn, kind: .badRecord, agency: record.agency, reference: record.documentNumber))
                continue
            }
            withdrawn.insert(record.documentNumber)
            ended[end.repaired ? .repair : .expiry, default: [:]][end.date, default: 0] += 1
        }
        for (kind, days) in ended {
            for (date, count) in days { entries.append(ChangeEntry(date: date, kind: kind, recordCount: count)) }
        }
        // Art. 12–13: an E listing and its lifting stay in the history (they changed published results, and
        // the year's frozen versions show them); a ground that was a bad record no longer public is not named.
        for (agency, events) in index.events {
            for event in events where event.verifiedOn <= asOf {
                let withheld = withdrawn.contains(event.documentNumber)
                var entry = ChangeEntry(date: event.verifiedOn, kind: .seriousDishonesty, agency: agency, toGrade: .e,
                                        trigger: event.trigger, reference: withheld ? "" : event.documentNumber, referenceWithdrawn: withheld)
                entry.revoked = revokedGrades(by: event, index: index)
                entries.append(entry)
                if let lifted = event.liftedOn, lifted <= asOf {
                    var liftedEntry = ChangeEntry(date: lifted, kind: .lifted, agency: agency, fromGrade: .e, trigger: event.trigger,
                                                  reference: entry.reference, referenceWithdrawn: withheld)
                    liftedEntry.revoked = entry.revoked
                    entries.append(liftedEntry)
                }
            }
        }
        return Self.numbered(entries)
    }

    /// Art. 13: corrections decided after the notice started, each from the grade that stood before it.
    func corrections(index: RegistryIndex, asOf: CivilDate) -> [ChangeEntry] {
        index.objections.keys.compactMap { index.stages[$0] }.flatMap { corrections(of: $0, index: index, asOf: asOf) }
    }

    /// Art. 13: one year's corrections that changed a rated agency's grade, in the order they were decided.
    func corrections(of stage: PublicationStage, index: RegistryIndex, asOf: CivilDate) -> [ChangeEntry] {
        let decided = (index.objections[stage.year] ?? [])
            .filter { $0.decision == .corrected && $0.correctedGrade != nil && ($0.decidedOn.map { $0 <= asOf } ?? false) }
            .sorted { ($0.decidedOn!, $0.id) < ($1.decidedOn!, $1.id) }
        guard !decided.isEmpty else { return [] }
        var entries: [ChangeEntry] = []
        var standing: [UnifiedSocialCreditCode: Grade] = [:]
        let awarded = Dictionary(index.ranking(of: stage.year, policy: grading).map { ($0.evaluation.agency, $0.grade) },
                                 uniquingKeysWith: { a, _ in a })
        for objection in decided {
            // An agency out of the ranking (not rated, out of scope) has no grade a correction could change.
            guard let before = standing[objection.agency] ?? awarded[objection.agency], objection.decidedOn! >= stage.noticeStart else { continue }
            standing[objection.agency] = objection.correctedGrade
            guard before != objection.correctedGrade else { continue }
            entries.append(ChangeEntry(date: objection.decidedOn!, kind: .correction, year: stage.year, agency: objection.agency,
                                       fromGrade: before, toGrade: objection.correctedGrade))
        }
        return entries
    }

    /// Art. 12: the grades an event revoked that had already been published when it was verified.
    func revokedGrades(by event: SeriousDishonestyEvent, index: RegistryIndex) -> [ChangeEntry.RevokedGrade] {
        index.stages.values.sorted { $0.year < $1.year }.compactMap { stage in
            guard stage.noticeStart <= event.verifiedOn, index.revokes(event, year: stage.year) else { return nil }
            guard let rating = rating(of: event.agency, year: stage.year, index: index, asOf: event.verifiedOn.adding(days: -1)),
                  rating.currentGrade != .e else { return nil }
            return ChangeEntry.RevokedGrade(year: stage.year, grade: rating.currentGrade)
        }
    }

    /// Newest first, in a fixed order within a day, each with a stable id.
    static func numbered(_ entries: [ChangeEntry]) -> [ChangeEntry] {
        let order = Dictionary(uniqueKeysWithValues: ChangeEntry.Kind.allCases.enumerated().map { ($1, $0) })
        var sorted = entries.sorted { a, b in
            if a.date != b.date { return a.date > b.date }
            if a.kind != b.kind { return order[a.kind]! < order[b.kind]! }
            if a.year != b.year { return (a.year ?? 0) > (b.year ?? 0) }
            if a.agency != b.agency { return (a.agency?.value ?? "") < (b.agency?.value ?? "") }
            return a.reference < b.reference
        }
        var counts: [String: Int] = [:]
        for i in sorted.indices {
            let base = "\(sorted[i].date.iso)-\(sorted[i].kind.rawValue)-\(sorted[i].year.map(String.init) ?? "")-\(sorted[i].agency?.value ?? "")"
            counts[base, default: 0] += 1
            sorted[i].id = counts[base]! == 1 ? base : "\(base)-\(counts[base]!)"
        }
        return sorted
    }
}
