import Registry

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
        /// Art. 14: a bad record becomes public.
        case badRecord
        /// Art. 15: a bad record leaves the public lists after credit repair.
        case repair
        /// Art. 14: a bad record leaves the public lists at the end of its disclosure window.
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
        for (agency, events) in index.events {
            for event in events where event.verifiedOn <= asOf {
                var entry = ChangeEntry(date: event.verifiedOn, kind: .seriousDishonesty, agency: agency, toGrade: .e,
                                        trigger: event.trigger, reference: event.documentNumber)
                entry.revoked = revokedGrades(by: event, index: index)
                entries.append(entry)
                if let lifted = event.liftedOn, lifted <= asOf {
                    var liftedEntry = ChangeEntry(date: lifted, kind: .lifted, agency: agency, fromGrade: .e, trigger: event.trigger, reference: event.documentNumber)
                    liftedEntry.revoked = entry.revoked
                    entries.append(liftedEntry)
                }
            }
        }
        for record in index.registry.badRecords where record.decidedOn <= asOf {
            entries.append(ChangeEntry(date: record.decidedOn, kind: .badRecord, agency: record.agency, reference: record.documentNumber))
            let end = disclosure.end(of: record)
            if end.date <= asOf {
                entries.append(ChangeEntry(date: end.date, kind: end.repaired ? .repair : .expiry, agency: record.agency, reference: record.documentNumber))
            }
        }
        return Self.numbered(entries)
    }

    /// Art. 13: corrections decided after the notice started, each from the grade that stood before it.
    func corrections(index: RegistryIndex, asOf: CivilDate) -> [ChangeEntry] {
        var entries: [ChangeEntry] = []
        for (year, objections) in index.objections {
            guard let stage = index.stages[year] else { continue }
            let decided = objections.filter { $0.decision == .corrected && $0.correctedGrade != nil && ($0.decidedOn.map { $0 <= asOf } ?? false) }
                .sorted { ($0.decidedOn!, $0.id) < ($1.decidedOn!, $1.id) }
            var standing: [UnifiedSocialCreditCode: Grade] = [:]
            let awarded = Dictionary(index.ranking(of: year, policy: grading).map { ($0.evaluation.agency, $0.grade) },
                                     uniquingKeysWith: { a, _ in a })
            for objection in decided {
                guard let before = standing[objection.agency] ?? awarded[objection.agency], objection.decidedOn! >= stage.noticeStart else { continue }
                standing[objection.agency] = objection.correctedGrade
                guard before != objection.correctedGrade else { continue }
                entries.append(ChangeEntry(date: objection.decidedOn!, kind: .correction, year: year, agency: objection.agency,
                                           fromGrade: before, toGrade: objection.correctedGrade))
            }
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
