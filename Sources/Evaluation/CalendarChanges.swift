import Model

/// A day on which what the site and the data show changes by itself, with no new data — a notice period
/// ends, results take effect, a record's disclosure window closes, a certificate expires — and why. A
/// static publication is only true until then: gongshi reports the next one after every build, lists
/// those of the coming year (`check --report schedule`), and is rebuilt on them (the daily timer).
public struct CalendarChange: Sendable, Equatable {
    public enum Reason: Sendable, Equatable, Hashable {
        /// Art. 13: a year's results go under notice (公示).
        case noticeStarts(year: Int)
        /// Art. 13: the day after the notice period's last day: objections close, review begins.
        case noticeEnds(year: Int)
        /// Art. 11, 14: a year's results are published (公布) and take effect; the year before lapses.
        case resultsPublished(year: Int)
        /// Art. 13: an objection is filed (the counts change) or decided (a correction applies).
        case objectionFiled(year: Int)
        case objectionDecided(year: Int)
        /// Art. 12: an agency becomes E, or its listing is lifted.
        case seriousDishonesty
        case seriousDishonestyLifted
        /// Art. 14–15: a bad record becomes public, or leaves (its window closes, or credit repair).
        case badRecordPublished
        case badRecordEnds
        /// Art. 20: a public circular is issued, or its time on the agency's page ends.
        case circularIssued
        case circularEnds
        /// Art. 6: a CMA certificate is past its 有效期至 (shown expired from the next day).
        case certificateExpires
        /// Art. 17, 19: a draw is made, an inspection's outcome is published.
        case drawMade(year: Int)
        case inspectionOutcome
        /// Art. 18: a report's number becomes verifiable from its issue date.
        case reportIssued
        /// Art. 7: a filed change of name takes effect.
        case nameChanged
        /// An authored notice is published from its date (`notices/SLUG.md`).
        case noticePublished(slug: String)

        /// `2025年度结果公示期结束` — what the build and the schedule say.
        public var label: String {
            switch self {
            case .noticeStarts(let y): return "\(y)年度评价结果开始公示"
            case .noticeEnds(let y): return "\(y)年度评价结果公示期结束"
            case .resultsPublished(let y): return "\(y)年度评价结果公布并生效，上一年度结果失效"
            case .objectionFiled(let y): return "收到对\(y)年度结果的异议"
            case .objectionDecided(let y): return "对\(y)年度结果的异议复核决定生效"
            case .seriousDishonesty: return "严重失信认定生效"
            case .seriousDishonestyLifted: return "严重失信认定解除"
            case .badRecordPublished: return "不良记录开始公开"
            case .badRecordEnds: return "不良记录公开期满或信用修复"
            case .circularIssued: return "公开通报发布"
            case .circularEnds: return "公开通报展示期满"
            case .certificateExpires: return "资质认定证书过期"
            case .drawMade(let y): return "\(y)年度现场检查抽取"
            case .inspectionOutcome: return "现场检查结果公开"
            case .reportIssued: return "报告编号开始可以核验"
            case .nameChanged: return "机构更名生效"
            case .noticePublished(let slug): return "公告 \(slug) 发布"
            }
        }
    }

    public var date: CivilDate
    public var reasons: [Reason]

    public init(date: CivilDate, reasons: [Reason]) {
        self.date = date
        self.reasons = reasons
    }

    /// `2026-03-14 2025年度评价结果公示期结束；收到对2025年度结果的异议`.
    public var description: String { "\(date.iso) " + reasons.map(\.label).joined(separator: "；") }
}

extension Evaluator {
    /// Every day after `asOf`, up to and including `through`, on which `evaluate` would give another publication
    /// than the day before, with its reasons, in date order. `authored`: the dates of authored notices.
    public func calendarChanges(_ registry: PublicRegistry, after asOf: CivilDate, through: CivilDate,
                                authored: [(slug: String, date: CivilDate)] = []) -> [CalendarChange] {
        var days: [CivilDate: [CalendarChange.Reason]] = [:]
        func on(_ date: CivilDate, _ reason: CalendarChange.Reason) {
            guard asOf < date, date <= through else { return }
            if days[date]?.contains(reason) != true { days[date, default: []].append(reason) }
        }
        for s in registry.stages {
            on(s.noticeStart, .noticeStarts(year: s.year))
            on(s.noticeEnd.adding(days: 1), .noticeEnds(year: s.year))
            on(s.finalOn, .resultsPublished(year: s.year))
        }
        for o in registry.objections {
            on(o.filedOn, .objectionFiled(year: o.year))
            if let decided = o.decidedOn { on(decided, .objectionDecided(year: o.year)) }
        }
        for e in registry.seriousDishonesty {
            on(e.verifiedOn, .seriousDishonesty)
            if let lifted = e.liftedOn { on(lifted, .seriousDishonestyLifted) }
        }
        for b in registry.badRecords {
            on(b.decidedOn, .badRecordPublished)
            on(disclosure.end(of: b).date, .badRecordEnds)
        }
        for c in registry.publicCirculars {
            on(c.issuedOn, .circularIssued)
            on(c.issuedOn.adding(months: disclosure.circularMonths), .circularEnds)
        }
        for q in registry.qualifications { on(q.validUntil.adding(days: 1), .certificateExpires) }
        for d in registry.inspectionDraws { on(d.drawnOn, .drawMade(year: d.year)) }
        for i in registry.inspections { on(i.inspectedOn, .inspectionOutcome) }
        for r in registry.reportNumbers { on(r.issuedOn, .reportIssued) }
        for n in registry.formerNames { on(n.changedOn, .nameChanged) }
        for n in authored { on(n.date, .noticePublished(slug: n.slug)) }
        return days.keys.sorted().map { CalendarChange(date: $0, reasons: days[$0]!) }
    }

    /// The first day after `asOf` on which the output changes by itself; nil when no date in the data lies ahead.
    public func nextChange(_ registry: PublicRegistry, after asOf: CivilDate, authored: [(slug: String, date: CivilDate)] = []) -> CalendarChange? {
        // Ten years ahead: a record's window or a certificate can run that long; nothing in the measures runs longer.
        calendarChanges(registry, after: asOf, through: asOf.adding(months: 120), authored: authored).first
    }
}
