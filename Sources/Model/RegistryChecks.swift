import Messages

/// One agency's row in one year's evaluations: a key hashed as two values, not a string built per row.
private struct YearAgency: Hashable {
    var year: Int
    var agency: UnifiedSocialCreditCode
}

/// Rules across records: duplicates, references to unknown agencies, score ranges, consistency.
/// They run on the registry however it was loaded (CSV import or an existing SQLite file).
public enum RegistryChecks {
    /// E111: a row names an agency agencies.csv does not hold; `elsewhere`: the other rows naming the same code,
    /// said in this one message; `near`: the agency whose code differs in a character or two, asked about once.
    package static func unknownAgency(_ code: UnifiedSocialCreditCode, _ origin: Origin, elsewhere: [Origin] = [], near: Agency? = nil) -> Diagnostic {
        let shown = elsewhere.prefix(5).map { MessageArgument.at($0.at("统一社会信用代码")) }
        return Diagnostic(.error, at: origin.at("统一社会信用代码"), "E111", [
            "code": "\(code)", "agenciesFile": .dataFile(CSVFormat.agencies.file),
            "elsewhere": elsewhere.isEmpty ? "" : .phrase("E111.elsewhere", ["count": "\(elsewhere.count)", "places": .list(shown + (elsewhere.count > 5 ? ["…"] : []))]),
            "near": near.map { .phrase("E111.near", ["near": "\($0.code)", "name": "\($0.name)"]) } ?? "",
        ])
    }

    /// The one agency whose code is nearest `code`, differing in at most three places (a mistyped character and
    /// the check character it changes, or two characters swapped and the check character); nil when none is, or
    /// two are equally near.
    static func nearestAgency(to code: UnifiedSocialCreditCode, among agencies: [Agency]) -> Agency? {
        let target = Array(code.value.utf8)
        var best: (distance: Int, agency: Agency?) = (4, nil)
        for agency in agencies {
            let other = agency.code.value.utf8
            guard other.count == target.count else { continue }
            var distance = 0
            for (a, b) in zip(target, other) where a != b {
                distance += 1
                if distance > best.distance { break }
            }
            if distance < best.distance { best = (distance, agency) } else if distance == best.distance { best.agency = nil }
        }
        return best.distance <= 3 ? best.agency : nil
    }

    /// The columns a table is referenced by, for the tables other rows name: a certificate by its number, a
    /// year's result by year and agency.
    public static let referenceKeys: [String: [String]] = [
        CSVFormat.qualifications.file: ["证书编号"],
        CSVFormat.evaluations.file: ["年度", "统一社会信用代码"],
    ]

    /// A reference as its writer meant it, from the cells' text: digits of a year (`2025年`), a code half-width
    /// and in capitals, no spaces. Only ever used to keep from reporting a reference twice, never to accept one.
    public static func referenceKey(_ cells: [String]) -> String {
        cells.map { meantText($0).replacingOccurrences(of: "年", with: "") }.joined(separator: "|")
    }

    /// A cell as its writer meant it: no spaces, full-width forms half-width, in capitals.
    public static func meantText(_ cell: String) -> String {
        var text = ""
        for scalar in cell.unicodeScalars where !scalar.properties.isWhitespace {
            let v = scalar.value
            text.unicodeScalars.append((0xFF01...0xFF5E).contains(v) ? Unicode.Scalar(v - 0xFEE0)! : scalar)
        }
        return text.uppercased()
    }

    /// `alsoKnown`: agencies whose own row was rejected with an error; references to them are not reported twice.
    /// `agencyListComplete`: false when agencies.csv could not be read; references are then not checked.
    /// `unread`: data files given but not read: nothing that references them is checked (their own error says why).
    /// `mentioned`: by data file, the keys (`referenceKey`) of every row, rejected ones included.
    public static func check(_ data: RegistryData, rules: RegistryRules, alsoKnown: Set<UnifiedSocialCreditCode> = [],
                             agencyListComplete: Bool = true, unread: Set<String> = [], mentioned: [String: Set<String>] = [:]) -> [Diagnostic] {
        var d = Diagnostics()
        let reg = data.published
        let firstSeen = firstOccurrences(reg.agencies, key: \.code, origin: \.origin) { agency, first in
            d.error("E110", at: agency.origin.at("统一社会信用代码"),
                    ["code": "\(agency.code)", "first": .at(first.location)])
        }
        let known = Set(firstSeen.keys).union(alsoKnown)
        // One message per unknown code, at its first reference: a code mistyped once and copied to five sheets is one mistake.
        var unknown: [UnifiedSocialCreditCode: [Origin]] = [:], unknownOrder: [UnifiedSocialCreditCode] = []
        func reference(_ code: UnifiedSocialCreditCode, _ origin: Origin) {
            guard agencyListComplete, !known.contains(code) else { return }
            if unknown[code] == nil { unknownOrder.append(code) }
            unknown[code, default: []].append(origin)
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
        data.internalOnly.nonPublicWarnings.forEach { reference($0.agency, $0.origin) }
        // Only the first hundred codes are compared with every agency: past that the data are not near anything.
        for (i, code) in unknownOrder.enumerated() {
            let origins = unknown[code]!
            d.append(unknownAgency(code, origins[0], elsewhere: Array(origins.dropFirst()), near: i < 100 ? nearestAgency(to: code, among: reg.agencies) : nil))
        }
        _ = firstOccurrences(data.internalOnly.reportNumbers, key: { ReportNumber.normalized($0.number) }, origin: \.origin) { n, first in
            d.error("E119", at: n.origin.at("报告编号"), ["first": .at(first.location)])
        }
        _ = firstOccurrences(data.internalOnly.reportNumbers, key: { ReportNumber.normalizedCode($0.code) }, origin: \.origin) { n, first in
            d.error("E107", at: n.origin.at("验证码"),
                    ["first": .at(first.location)])
        }
        _ = firstOccurrences(data.internalOnly.inspectors, key: \.badge, origin: \.origin) { inspector, first in
            d.error("E197", at: inspector.origin.at("执法证号"), ["first": .at(first.location)])
        }
        _ = firstOccurrences(reg.inspectionDraws, key: \.year, origin: \.origin) { draw, first in
            d.error("E198", at: draw.origin.at("年度"),
                    ["year": "\(draw.year)", "first": .at(first.location)])
        }
        _ = firstOccurrences(reg.seriousDishonesty, key: { "\($0.agency)|\($0.documentNumber)" }, origin: \.origin) { event, first in
            d.error("E152", at: event.origin.at("认定文号"),
                    ["documentNumber": "\(event.documentNumber)", "agency": "\(event.agency)", "first": .at(first.location)])
        }

        // Art. 5–7: one valid filing per agency; two would each claim to be its filing.
        var validFiling: [UnifiedSocialCreditCode: Filing] = [:]
        for filing in reg.filings where filing.status == .valid {
            if let first = validFiling[filing.agency] {
                d.error("E175", at: filing.origin.at("备案状态"),
                        ["agency": "\(filing.agency)", "number": "\(filing.number)", "number2": "\(first.number)", "origin": .at(first.origin.location)])
            } else {
                validFiling[filing.agency] = filing
            }
        }
        // Art. 7: the legal representative is public in agencies.csv and filed again as a key post; the two must agree.
        let representatives = Dictionary(reg.agencies.map { ($0.code, $0.legalRepresentative) }, uniquingKeysWith: { a, _ in a })
        for person in data.internalOnly.keyPersonnel where person.role == "法定代表人" {
            if let published = representatives[person.agency], published != person.name {
                d.error("E173", at: person.origin.at("姓名"),
                        ["agency": "\(person.agency)", "agenciesFile": .dataFile(CSVFormat.agencies.file), "changesFile": .dataFile(CSVFormat.infoChanges.file)])
            }
        }
        let certificates = firstOccurrences(reg.qualifications, key: \.certificateNumber, origin: \.origin) { q, first in
            d.error("E116", at: q.origin.at("证书编号"),
                    ["certificateNumber": "\(q.certificateNumber)", "first": .at(first.location)])
        }
        let certificatesMentioned = mentioned[CSVFormat.qualifications.file] ?? []
        for item in reg.scopeItems where certificates[item.certificateNumber] == nil && !unread.contains(CSVFormat.qualifications.file)
            && !certificatesMentioned.contains(referenceKey([item.certificateNumber])) {
            d.error("E115", at: item.origin.at("证书编号"),
                    ["certificateNumber": "\(item.certificateNumber)", "qualificationsFile": .dataFile(CSVFormat.qualifications.file)])
        }
        _ = firstOccurrences(reg.badRecords, key: { "\($0.agency)|\($0.documentNumber)" }, origin: \.origin) { record, first in
            d.error("E117", at: record.origin.at("决定文书号"),
                    ["documentNumber": "\(record.documentNumber)", "agency": "\(record.agency)", "first": .at(first.location)])
        }
        for record in reg.badRecords where record.category == nil {
            d.error("E124", at: record.origin.at("类别"),
                    ["kind": "\(record.kind)", "list": "\(BadRecordKind.list)"])
        }
        for record in reg.badRecords where record.category == .administrativePenalty {
            guard let until = record.disclosureUntil else { continue }
            let earliest = record.decidedOn.adding(months: 3).adding(days: -1), latest = record.decidedOn.adding(years: 3).adding(days: -1)
            if until < earliest || until > latest {
                d.error("E123", at: record.origin.at("公示截止日期"),
                        ["earliest": "\(earliest)", "latest": "\(latest)", "until": "\(until)"])
            }
        }
        // Art. 15: repair removes the adverse effect; an E listing on the same decision that still stands would keep it.
        let events = Dictionary(grouping: reg.seriousDishonesty, by: { "\($0.agency)|\($0.documentNumber)" })
        for record in reg.badRecords {
            guard let repaired = record.repairedOn,
                  let event = events["\(record.agency)|\(record.documentNumber)"]?.first(where: { $0.verifiedOn <= repaired && ($0.liftedOn.map { $0 > repaired } ?? true) })
            else { continue }
            d.error("E127", at: record.origin.at("信用修复日期"),
                    ["documentNumber": "\(record.documentNumber)", "repairedOn": "\(repaired)", "verifiedOn": "\(event.verifiedOn)",
                     "event": .at(event.origin.location), "seriousDishonestyFile": .dataFile(CSVFormat.seriousDishonesty.file)])
        }
        checkEvaluations(reg, rules: rules, into: &d)
        checkStagesAndObjections(reg, evaluationsRead: !unread.contains(CSVFormat.evaluations.file), stagesRead: !unread.contains(CSVFormat.publicationStages.file),
                                 evaluationsMentioned: mentioned[CSVFormat.evaluations.file] ?? [], into: &d)
        return d.all
    }

    /// The first origin of each key; `repeated` is called for every later record with the same key.
    static func firstOccurrences<T, K: Hashable>(_ items: [T], key: (T) -> K, origin: (T) -> Origin,
                                                 repeated: (T, Origin) -> Void) -> [K: Origin] {
        var first: [K: Origin] = [:]
        first.reserveCapacity(items.count)
        for item in items {
            let k = key(item)
            if let seen = first[k] { repeated(item, seen) } else { first[k] = origin(item) }
        }
        return first
    }

    static func checkEvaluations(_ reg: PublicRegistry, rules: RegistryRules, into d: inout Diagnostics) {
        var seen: [YearAgency: Origin] = [:]
        seen.reserveCapacity(reg.evaluations.count)
        for e in reg.evaluations {
            let key = YearAgency(year: e.year, agency: e.agency)
            if let first = seen[key] {
                d.error("E161", at: e.origin.at("统一社会信用代码"),
                        ["year": "\(e.year)", "agency": "\(e.agency)", "first": .at(first.location)])
                continue
            }
            seen[key] = e.origin
            let system = rules.indicators.system(for: e.year)
            if let scores = e.subScores {
                for (i, (title, value)) in zip(SubScores.titles, scores.values).enumerated() {
                    let max = system.maxima[i]
                    if value < .zero || value > max {
                        d.error("E131.scoreOutOfRange", at: e.origin.at(title),
                                ["title": "\(title)", "value": "\(value)", "max": "\(max)", "year": "\(e.year)"])
                    }
                }
                if let total = e.total, total != scores.sum {
                    d.error("E132", at: e.origin.at("总分"),
                            ["total": "\(total)", "sum": "\(scores.sum)"])
                }
            } else if let total = e.total, e.inScope, !e.isNotRated, total < .zero || total > system.maximumTotal {
                d.error("E131.totalOutOfRange", at: e.origin.at("总分"), ["total": "\(total)", "maximumTotal": "\(system.maximumTotal)", "year": "\(e.year)"])
            }
            if e.givenGrade == .e {
                d.error("E141", at: e.origin.at("评定等级"),
                        ["seriousDishonestyFile": .dataFile(CSVFormat.seriousDishonesty.file)])
            }
            let scored = e.subScores != nil || e.total != nil
            if e.isNotRated, e.givenGrade != nil {
                d.error("E142", at: e.origin.at("评定等级"))
            }
            // Art. 8: a not-rated agency is not ranked; scores beside a reason would say both.
            if e.inScope, e.isNotRated, scored {
                d.error("E144", at: e.origin.at("不予评定原因"))
            }
            if !e.inScope, e.givenGrade != nil || e.isNotRated || scored {
                let what = [e.givenGrade != nil ? "E143.grade" : nil, e.isNotRated ? "E143.reason" : nil, scored ? "E143.scores" : nil].compactMap { $0 }
                d.error("E143", at: e.origin.at("是否纳入评价"), ["year": "\(e.year)", "what": .list(what.map { .phrase($0) })])
            }
        }
    }

    static func checkStagesAndObjections(_ reg: PublicRegistry, evaluationsRead: Bool = true, stagesRead: Bool = true,
                                         evaluationsMentioned: Set<String> = [], into d: inout Diagnostics) {
        let stageYears = firstOccurrences(reg.stages, key: \.year, origin: \.origin) { s, first in
            d.error("E191", at: s.origin.at("年度"),
                    ["year": "\(s.year)", "first": .at(first.location)])
        }
        let sortedStages = reg.stages.sorted { $0.noticeStart < $1.noticeStart }
        for (a, b) in zip(sortedStages, sortedStages.dropFirst()) where b.noticeStart <= a.finalOn {
            d.error("E192", at: b.origin.at("公示开始日期"),
                    ["year": "\(b.year)", "noticeStart": "\(b.noticeStart)", "year2": "\(a.year)", "finalOn": "\(a.finalOn)"])
        }
        // Only the evaluations objections name: a national registry has half a million, a year a few objections.
        let named = Set(reg.objections.map { YearAgency(year: $0.year, agency: $0.agency) })
        var evaluations: [YearAgency: EvaluationRecord] = [:]
        for e in reg.evaluations where !named.isEmpty {
            let key = YearAgency(year: e.year, agency: e.agency)
            if named.contains(key) && evaluations[key] == nil { evaluations[key] = e }
        }
        let stages = Dictionary(reg.stages.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        var firstCorrection: [YearAgency: Objection] = [:]
        for o in reg.objections {
            // Art. 13: objections are filed within the notice period.
            if let stage = stages[o.year], o.filedOn < stage.noticeStart || o.filedOn > stage.noticeEnd,
               !o.acceptedLate, o.decision != .rejected {
                d.error("E182", at: o.origin.at("提出日期"),
                        ["filedOn": "\(o.filedOn)", "year": "\(o.year)", "noticeStart": "\(stage.noticeStart)", "noticeEnd": "\(stage.noticeEnd)"])
            }
            if let stage = stages[o.year], o.acceptedLate, stage.noticeStart <= o.filedOn, o.filedOn <= stage.noticeEnd {
                d.error("E186", at: o.origin.at("逾期受理"),
                        ["filedOn": "\(o.filedOn)", "noticeStart": "\(stage.noticeStart)", "noticeEnd": "\(stage.noticeEnd)"])
            }
            let key = YearAgency(year: o.year, agency: o.agency)
            guard let evaluation = evaluations[key] else {
                guard evaluationsRead, !evaluationsMentioned.contains(referenceKey(["\(o.year)", o.agency.value])) else { continue }
                d.error("E181.noEvaluation", at: o.origin.at("统一社会信用代码"),
                        ["year": "\(o.year)", "agency": "\(o.agency)"])
                continue
            }
            if !evaluation.inScope {
                d.error("E181.notInScope", at: o.origin.at("统一社会信用代码"),
                        ["year": "\(o.year)", "agency": "\(o.agency)"])
                continue
            }
            guard o.decision == .corrected else { continue }
            if evaluation.isNotRated {
                d.error("E184", at: o.origin.at("复核结果"),
                        ["year": "\(o.year)", "agency": "\(o.agency)", "evaluationsFile": .dataFile(CSVFormat.evaluations.file)])
            }
            // Art. 13: a result is corrected once; a second correction contradicts the first or repeats it.
            if let first = firstCorrection[key] {
                d.error("E183", at: o.origin.at("复核结果"),
                        ["year": "\(o.year)", "agency": "\(o.agency)", "origin": .at(first.origin.location)])
            } else {
                firstCorrection[key] = o
            }
        }
        // A publication row for a year nobody was evaluated in would publish an empty notice and list.
        for stage in reg.stages where evaluationsRead && !reg.evaluations.contains(where: { $0.year == stage.year })
            && !evaluationsMentioned.contains(where: { $0.hasPrefix("\(stage.year)|") }) {
            d.error("E194", at: stage.origin.at("年度"),
                    ["year": "\(stage.year)", "evaluationsFile": .dataFile(CSVFormat.evaluations.file)])
        }
        var years = stagesRead ? Set(reg.evaluations.map(\.year)) : []
        years.subtract(stageYears.keys)
        for year in years.sorted() {
            let first = reg.evaluations.first { $0.year == year }!
            d.warning("W193", at: first.origin.at("年度"),
                      ["year": "\(year)", "publicationStagesFile": .dataFile(CSVFormat.publicationStages.file)])
        }
    }
}
