/// Rules across records: duplicates, references to unknown agencies, score ranges, consistency.
/// They run on the registry however it was loaded (CSV import or an existing SQLite file).
public enum RegistryChecks {
    /// `alsoKnown`: agencies whose own row was rejected with an error; references to them are not reported twice.
    /// `agencyListComplete`: false when agencies.csv could not be read; references are then not checked.
    public static func check(_ data: RegistryData, rules: RegistryRules, alsoKnown: Set<UnifiedSocialCreditCode> = [],
                             agencyListComplete: Bool = true) -> [Diagnostic] {
        var d = Diagnostics()
        let reg = data.published
        let firstSeen = firstOccurrences(reg.agencies, key: \.code, origin: \.origin) { agency, first in
            d.error("E110", at: agency.origin.at("统一社会信用代码"), "agency \(agency.code) is listed twice (first at \(first.location.description))",
                    fix: "keep one row per agency; merge the two rows")
        }
        let known = Set(firstSeen.keys).union(alsoKnown)
        func reference(_ code: UnifiedSocialCreditCode, _ origin: Origin) {
            guard agencyListComplete, !known.contains(code) else { return }
            d.error("E111", at: origin.at("统一社会信用代码"), "no agency with code \(code) in \(CSVFormat.agencies.file)",
                    fix: "add the agency to \(CSVFormat.agencies.file), or correct the code")
        }
        reg.filings.forEach { reference($0.agency, $0.origin) }
        reg.qualifications.forEach { reference($0.agency, $0.origin) }
        reg.evaluations.forEach { reference($0.agency, $0.origin) }
        reg.seriousDishonesty.forEach { reference($0.agency, $0.origin) }
        reg.badRecords.forEach { reference($0.agency, $0.origin) }
        reg.publicCirculars.forEach { reference($0.agency, $0.origin) }
        reg.objections.forEach { reference($0.agency, $0.origin) }
        data.internalOnly.keyPersonnel.forEach { reference($0.agency, $0.origin) }
        data.internalOnly.infoChanges.forEach { reference($0.agency, $0.origin) }
        data.internalOnly.reportNumbers.forEach { reference($0.agency, $0.origin) }
        reg.inspections.forEach { reference($0.agency, $0.origin) }
        _ = firstOccurrences(data.internalOnly.reportNumbers, key: { ReportNumber.normalized($0.number) }, origin: \.origin) { n, first in
            d.error("E119", at: n.origin.at("报告编号"), "report number \(n.number) is listed twice (first at \(first.location.description); numbers are compared without spaces, in half-width capitals)",
                    fix: "keep one row per report number")
        }
        _ = firstOccurrences(data.internalOnly.reportNumbers, key: { ReportNumber.normalizedCode($0.code) }, origin: \.origin) { n, first in
            d.error("E107", at: n.origin.at("验证码"), "this report's verification code is also that of the report at \(first.location.description): each report has its own random code",
                    fix: "copy the code printed on this report; a code shared by reports can be guessed from one of them")
        }
        _ = firstOccurrences(data.internalOnly.inspectors, key: \.badge, origin: \.origin) { inspector, first in
            d.error("E197", at: inspector.origin.at("执法证号"), "inspector \(inspector.badge) is listed twice (first at \(first.location.description))",
                    fix: "keep one row per inspector")
        }
        _ = firstOccurrences(reg.inspectionDraws, key: \.year, origin: \.origin) { draw, first in
            d.error("E198", at: draw.origin.at("年度"), "\(draw.year) has two draws (first at \(first.location.description)); a draw is made once, from its announced seed",
                    fix: "keep the draw that was made")
        }
        data.internalOnly.nonPublicWarnings.forEach { reference($0.agency, $0.origin) }
        _ = firstOccurrences(reg.seriousDishonesty, key: { "\($0.agency)|\($0.documentNumber)" }, origin: \.origin) { event, first in
            d.error("E152", at: event.origin.at("认定文号"),
                    "E event \(event.documentNumber) of \(event.agency) is listed twice (first at \(first.location.description))",
                    fix: "keep one row per agency and document; a lifting goes in 解除日期 of the same row")
        }

        // Art. 5–7: one valid filing per agency; two would each claim to be its filing.
        var validFiling: [UnifiedSocialCreditCode: Filing] = [:]
        for filing in reg.filings where filing.status == .valid {
            if let first = validFiling[filing.agency] {
                d.error("E175", at: filing.origin.at("备案状态"),
                        "\(filing.agency) has a second valid filing (\(filing.number); \(first.number) at \(first.origin.location.description) is valid too)",
                        fix: "mark the filing that was replaced 已注销, or correct the code")
            } else {
                validFiling[filing.agency] = filing
            }
        }
        // Art. 7: the legal representative is public in agencies.csv and filed again as a key post; the two must agree.
        let representatives = Dictionary(reg.agencies.map { ($0.code, $0.legalRepresentative) }, uniquingKeysWith: { a, _ in a })
        for person in data.internalOnly.keyPersonnel where person.role == "法定代表人" {
            if let published = representatives[person.agency], published != person.name {
                d.error("E173", at: person.origin.at("姓名"),
                        "the 法定代表人 filed here differs from the one agencies.csv publishes for \(person.agency)",
                        fix: "correct one of the two; a change of legal representative is filed in info-changes.csv and both files updated")
            }
        }
        let certificates = firstOccurrences(reg.qualifications, key: \.certificateNumber, origin: \.origin) { q, first in
            d.error("E116", at: q.origin.at("证书编号"), "certificate \(q.certificateNumber) is listed twice (first at \(first.location.description))",
                    fix: "keep one row per certificate")
        }
        for item in reg.scopeItems where certificates[item.certificateNumber] == nil {
            d.error("E115", at: item.origin.at("证书编号"), "no certificate \(item.certificateNumber) in \(CSVFormat.qualifications.file)",
                    fix: "add the certificate to \(CSVFormat.qualifications.file), or correct the number")
        }
        _ = firstOccurrences(reg.badRecords, key: { "\($0.agency)|\($0.documentNumber)" }, origin: \.origin) { record, first in
            d.error("E117", at: record.origin.at("决定文书号"),
                    "bad record \(record.documentNumber) of \(record.agency) is listed twice (first at \(first.location.description))",
                    fix: "keep one row per agency and decision document")
        }
        for record in reg.badRecords where record.category == nil {
            d.error("E124", at: record.origin.at("类别"), "'\(record.kind)' is not a kind of bad record gongshi knows, so its disclosure rule is unknown",
                    fix: "begin 类别 with one of \(BadRecordKind.list); detail may follow and is published as written, e.g. 行政处罚（罚款）")
        }
        for record in reg.badRecords where record.category == .administrativePenalty {
            guard let until = record.disclosureUntil else { continue }
            let earliest = record.decidedOn.adding(months: 3).adding(days: -1), latest = record.decidedOn.adding(years: 3).adding(days: -1)
            if until < earliest || until > latest {
                d.error("E123", at: record.origin.at("公示截止日期"),
                        "an administrative penalty is disclosed for at least 3 months and at most 3 years from the decision (\(earliest) to \(latest)); \(until) is outside",
                        fix: "correct 公示截止日期, or leave it empty to use the configured period")
            }
        }
        checkEvaluations(reg, rules: rules, into: &d)
        checkStagesAndObjections(reg, into: &d)
        return d.all
    }

    /// The first origin of each key; `repeated` is called for every later record with the same key.
    static func firstOccurrences<T, K: Hashable>(_ items: [T], key: (T) -> K, origin: (T) -> Origin,
                                                 repeated: (T, Origin) -> Void) -> [K: Origin] {
        var first: [K: Origin] = [:]
        for item in items {
            if let seen = first[key(item)] { repeated(item, seen) } else { first[key(item)] = origin(item) }
        }
        return first
    }

    static func checkEvaluations(_ reg: PublicRegistry, rules: RegistryRules, into d: inout Diagnostics) {
        var seen: [String: Origin] = [:]
        for e in reg.evaluations {
            let key = "\(e.year)/\(e.agency)"
            if let first = seen[key] {
                d.error("E161", at: e.origin.at("统一社会信用代码"), "\(e.year) evaluation of \(e.agency) is listed twice (first at \(first.location.description))",
                        fix: "keep one evaluation per agency and year")
                continue
            }
            seen[key] = e.origin
            if let scores = e.subScores {
                for (i, (title, value)) in zip(SubScores.titles, scores.values).enumerated() {
                    let max = rules.subScoreMaxima[i]
                    if value < .zero || value > max {
                        d.error("E131", at: e.origin.at(title), "\(title) score \(value) is outside 0–\(max)",
                                fix: "correct the score; the indicator's maximum is \(max) (set in the site config)")
                    }
                }
                if let total = e.total, total != scores.sum {
                    d.error("E132", at: e.origin.at("总分"), "total \(total) is not the sum of the four indicators (\(scores.sum))",
                            fix: "correct the total or the indicators, or leave 总分 empty to have it summed")
                }
            } else if let total = e.total, e.inScope, !e.isNotRated, total < .zero || total > rules.maximumTotal {
                d.error("E131", at: e.origin.at("总分"), "total \(total) is outside 0–\(rules.maximumTotal)", fix: "correct the total")
            }
            if e.givenGrade == .e {
                d.error("E141", at: e.origin.at("评定等级"), "E is not given by score: it comes from a verified serious-dishonesty event (Art. 12)",
                        fix: "leave 评定等级 empty and record the event, with its trigger, in \(CSVFormat.seriousDishonesty.file)")
            }
            let scored = e.subScores != nil || e.total != nil
            if e.isNotRated, e.givenGrade != nil {
                d.error("E142", at: e.origin.at("评定等级"), "a not-rated agency (Art. 8) cannot also have a grade",
                        fix: "clear 评定等级, or clear 不予评定原因 if it is rated")
            }
            // Art. 8: a not-rated agency is not ranked; scores beside a reason would say both.
            if e.inScope, e.isNotRated, scored {
                d.error("E144", at: e.origin.at("不予评定原因"),
                        "the row gives scores and a reason for not rating (不予评定原因): the agency is either rated by its scores or not rated (Art. 8), not both",
                        fix: "clear 不予评定原因 if the agency is rated; clear the scores if it is not rated")
            }
            if !e.inScope, e.givenGrade != nil || e.isNotRated || scored {
                let what = [e.givenGrade != nil ? "a grade" : nil, e.isNotRated ? "a not-rated reason" : nil, scored ? "scores" : nil].compactMap { $0 }
                d.error("E143", at: e.origin.at("是否纳入评价"),
                        "an agency out of scope for \(e.year) (Art. 8: no business in Ningbo that year) has \(what.joined(separator: " and ")): out of scope, it is neither rated nor listed",
                        fix: "write 是 in 是否纳入评价 if it had business in Ningbo in \(e.year); otherwise clear \(what.joined(separator: ", "))")
            }
        }
    }

    static func checkStagesAndObjections(_ reg: PublicRegistry, into d: inout Diagnostics) {
        let stageYears = firstOccurrences(reg.stages, key: \.year, origin: \.origin) { s, first in
            d.error("E191", at: s.origin.at("年度"), "\(s.year) has two publication rows (first at \(first.location.description))",
                    fix: "keep one row per year")
        }
        let sortedStages = reg.stages.sorted { $0.noticeStart < $1.noticeStart }
        for (a, b) in zip(sortedStages, sortedStages.dropFirst()) where b.noticeStart <= a.finalOn {
            d.error("E192", at: b.origin.at("公示开始日期"),
                    "the \(b.year) notice starts (\(b.noticeStart)) before the \(a.year) results are final (\(a.finalOn))",
                    fix: "publish one year's results before the next year's notice begins")
        }
        var evaluations: [String: EvaluationRecord] = [:]
        for e in reg.evaluations where evaluations["\(e.year)/\(e.agency)"] == nil { evaluations["\(e.year)/\(e.agency)"] = e }
        let stages = Dictionary(reg.stages.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        var firstCorrection: [String: Objection] = [:]
        for o in reg.objections {
            // Art. 13: objections are filed within the notice period.
            if let stage = stages[o.year], o.filedOn < stage.noticeStart || o.filedOn > stage.noticeEnd,
               !o.acceptedLate, o.decision != .rejected {
                d.error("E182", at: o.origin.at("提出日期"),
                        "objection filed on \(o.filedOn), outside the \(o.year) notice period (\(stage.noticeStart) to \(stage.noticeEnd)) (Art. 13)",
                        fix: "record it as 不予受理, or write 是 in 逾期受理 if the bureau accepted it")
            }
            if let stage = stages[o.year], o.acceptedLate, stage.noticeStart <= o.filedOn, o.filedOn <= stage.noticeEnd {
                d.error("E186", at: o.origin.at("逾期受理"),
                        "marked accepted late (逾期受理 是), but filed on \(o.filedOn), within the notice period (\(stage.noticeStart) to \(stage.noticeEnd))",
                        fix: "clear 逾期受理, or correct 提出日期")
            }
            let key = "\(o.year)/\(o.agency)"
            guard let evaluation = evaluations[key] else {
                d.error("E181", at: o.origin.at("统一社会信用代码"), "objection to the \(o.year) result of \(o.agency), which has no \(o.year) evaluation",
                        fix: "correct the year or the code")
                continue
            }
            if !evaluation.inScope {
                d.error("E181", at: o.origin.at("统一社会信用代码"),
                        "objection to the \(o.year) result of \(o.agency), which was out of scope in \(o.year) (Art. 8): no result of it was published",
                        fix: "correct the year or the code, or, if it had business in Ningbo that year, write 是 in its 是否纳入评价")
                continue
            }
            guard o.decision == .corrected else { continue }
            if evaluation.isNotRated {
                d.error("E184", at: o.origin.at("复核结果"),
                        "a correction (更正) of the \(o.year) result of \(o.agency), which is not rated (Art. 8): there is no grade to correct",
                        fix: "if the review decided to rate the agency, give its scores in evaluations.csv and clear 不予评定原因; record this objection as 维持 or 不予受理 otherwise")
            }
            // Art. 13: a result is corrected once; a second correction contradicts the first or repeats it.
            if let first = firstCorrection[key] {
                d.error("E183", at: o.origin.at("复核结果"),
                        "a second correction (更正) of the \(o.year) result of \(o.agency) (the first at \(first.origin.location.description)): the review decides a result once",
                        fix: "keep one 更正 row for the result; record the other objection to it as 维持 (it upholds the corrected result) or merge the two")
            } else {
                firstCorrection[key] = o
            }
        }
        // A publication row for a year nobody was evaluated in would publish an empty notice and list.
        for stage in reg.stages where !reg.evaluations.contains(where: { $0.year == stage.year }) {
            d.error("E194", at: stage.origin.at("年度"), "\(stage.year) has notice and publication dates but no evaluations: its notice would publish an empty list",
                    fix: "add the \(stage.year) evaluations to \(CSVFormat.evaluations.file), or correct the year")
        }
        var years = Set(reg.evaluations.map(\.year))
        years.subtract(stageYears.keys)
        for year in years.sorted() {
            let first = reg.evaluations.first { $0.year == year }!
            d.warning("W193", at: first.origin.at("年度"), "\(year) has evaluations but no row in \(CSVFormat.publicationStages.file): its results will not be published",
                      fix: "add the notice and publication dates of \(year) to \(CSVFormat.publicationStages.file)")
        }
    }
}
