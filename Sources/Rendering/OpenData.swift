import Evaluation
import Model

/// Every open dataset: grades per year (and their versions), agencies, qualifications and scope, public
/// bad records, not rated, the E list and the change log. The field lists here are the only definition of
/// the files: CSV headers, JSON keys, Table Schema, CSVW, JSON Schema and the open-data page come from them.
public enum OpenDatasets {
    static func f(_ name: String, _ title: String, _ type: Dataset.FieldType, _ description: String,
                  required: Bool = false, categories: [String]? = nil, codes: [Dataset.Code]? = nil) -> Dataset.Field {
        // The codes' meanings go into the description, so every metadata file documents them.
        Dataset.Field(name: name, title: title, type: type, description: description + Dataset.Field.codeNote(codes), required: required,
                      categories: codes.map { $0.map(\.value) } ?? categories, codes: codes)
    }

    static let gradeLetters = Grade.allCases.map(\.letter)
    /// GB 32100-2015: 18 characters of 0–9 and the capitals without I, O, S, V, Z — what the importer holds every
    /// code to. The check character is not a pattern: the code exceptions are real codes whose check fails.
    static let codePattern = "^[0-9A-HJ-NPQRTUWXY]{18}$"
    /// A CMA certificate number: 12 digits.
    static let certificatePattern = "^[0-9]{12}$"
    static let code = patterned(f("unified_social_credit_code", "统一社会信用代码", .string, "GB 32100-2015，18 位", required: true), codePattern)
    static func patterned(_ field: Dataset.Field, _ pattern: String) -> Dataset.Field {
        var field = field
        field.pattern = pattern
        return field
    }
    static let agencyName = f("agency_name", "机构名称", .string, "全称", required: true)
    static let agencyKey = Dataset.ForeignKey(fields: ["unified_social_credit_code"], resource: "agencies", reference: ["unified_social_credit_code"])

    public static func all(_ publication: Publication) -> [Dataset] {
        publication.years.flatMap { grades($0, publication) } + [allYears(publication)]
            + [agencies(publication), qualifications(publication), scope(publication), badRecords(publication),
               notRated(publication), seriousDishonesty(publication), procurementRestrictions(publication), changes(publication), codeExceptions(publication),
               inspectionDraws(publication), inspections(publication)]
    }

    static func name(_ code: UnifiedSocialCreditCode, _ p: Publication) -> Dataset.Value { .text(p.agencyRecord(code)?.name ?? "") }

    /// Art. 7: the name an agency had on `date` (`Publication.name(of:on:)`).
    static func name(_ code: UnifiedSocialCreditCode, _ p: Publication, on date: CivilDate) -> Dataset.Value {
        .text(p.name(of: code, on: date) ?? "")
    }
    static func optional<T>(_ value: T?, _ make: (T) -> Dataset.Value) -> Dataset.Value { value.map(make) ?? .missing }

    /// A year under notice: one file that follows the notice. A final year (Art. 13–14): `grades-YEAR`, the
    /// list frozen as published (version 1); `grades-YEAR.current`, the list in force, under an address that
    /// never changes; and once the list has changed, `grades-YEAR.versions`, the rows each later version
    /// replaced. Version n is version 1 with the rows of versions 2…n put in, by code, in order: so every
    /// version can be shown again (`gongshi version`), and the output grows with the changes, not with a
    /// full copy of the list per change. Listed current first, then the changes, then version 1.
    public static func grades(_ year: YearResults, _ p: Publication) -> [Dataset] {
        guard year.status.isFinal, let latest = year.versions.last else {
            var d = grades(year.year, count: year.ratings.count, ratings: { year.ratings }, stage: "notice", fileName: "grades-\(year.year)", p)
            d.issued = year.stage.noticeStart
            d.versionNumber = 1
            d.versionNote = "公示中的名单，随异议复核变化；正式公布之日起固定为第1版。"
            return [stableCopy(d, of: year.year), d]
        }
        let first = year.versions[0]
        var published = grades(year.year, count: first.count, ratings: { first.ratings }, stage: "final", fileName: "grades-\(year.year)", p,
                               namesOn: first.date)
        published.issued = first.date
        published.versionNumber = 1
        published.isCurrent = latest.number == 1
        published.versionNote = "\(first.date.iso) 正式公布的版本，此后不再改动。"
        guard latest.number > 1 else { return [stableCopy(published, of: year.year), published] }
        published.versionNote += "已被第\(latest.number)版取代。"

        let wording = ChangeWording(publication: p)
        var current = grades(year.year, count: latest.count, ratings: { latest.ratings }, stage: "final", fileName: "grades-\(year.year).current", p)
        current.title = "\(year.year)年度信用评价结果（现行版本）"
        current.issued = latest.date
        current.versionNumber = latest.number
        current.versionNote = "本文件地址固定，内容始终是现行版本：目前为第\(latest.number)版，\(latest.date.iso) 起："
            + reasons(of: latest, wording)
            + "第2至\(latest.number)版的变化见 grades-\(year.year).versions.csv。"
        return [current, versionChanges(year, wording, p), published]
    }

    /// Why a version exists, dated sentence after dated sentence, as its note and its rows say it.
    static func reasons(of version: GradeVersion, _ wording: ChangeWording) -> String {
        version.reasons.map { "\($0.date.iso) \(wording.sentence($0))" }.joined()
    }

    /// The stable address `grades-YEAR.current` while the list is the only one (under notice, or final and
    /// unchanged): the same rows, and a note saying which file it copies.
    static func stableCopy(_ d: Dataset, of year: Int) -> Dataset {
        var copy = d
        copy.name = "grades-\(year).current"
        copy.title = "\(year)年度信用评价结果（现行版本）"
        copy.versionNote = "本文件地址固定，内容始终是现行版本：目前与 \(d.name).csv 相同。"
        copy.versionNumber = nil
        return copy
    }

    /// Art. 13–14: `grades-YEAR.versions`, for versions 2, 3, …: each row an agency the version re-rated whose
    /// published row changed, in full as the version shows it, with the version's number, date and reasons.
    static func versionChanges(_ year: YearResults, _ wording: ChangeWording, _ p: Publication) -> Dataset {
        var rows: [[Dataset.Value]] = []
        for version in year.versions.dropFirst() {
            let reasons = reasons(of: version, wording)
            for (before, after) in version.replaced {
                let row = gradeRow(year.year, stage: "final", after, p)
                guard row.map(\.csv) != gradeRow(year.year, stage: "final", before, p).map(\.csv) else { continue }
                rows.append([.integer(version.number), .date(version.date)] + row + [.text(reasons)])
            }
        }
        let last = year.versions.count
        var d = Dataset(
            name: "grades-\(year.year).versions", title: "\(year.year)年度信用评价结果的后续版本（第2至\(last)版）",
            description: "正式公布后名单的每一次变更（第十二条至第十四条）：每行是某一版重新评定、且与上一版不同的机构，按该版的样子列出整行。"
                + "第 n 版的名单 = 第1版（grades-\(year.year).csv）依次以 version 为 2 至 n 的行按统一社会信用代码替换"
                + "（机构名称除外：每个文件用其日期的名称，第1版为公布时的名称）；"
                + "命令 gongshi version --year \(year.year) --as-of 日期 写出任一日期有效的整份名单。",
            fields: [
                f("version", "版本", .integer, "第几版（第1版为正式公布的名单）", required: true),
                f("valid_from", "生效日期", .date, "该版本生效之日", required: true),
            ] + gradeFields(year.year, stage: "final", p) + [
                f("reason", "变更原因", .string, "该版本因何产生", required: true),
            ],
            rows: rows)
        d.primaryKey = ["version", "unified_social_credit_code"]
        d.foreignKeys = [agencyKey]
        d.seriesYear = year.year
        d.updateCycle = "实时"
        d.issued = year.versions[1].date
        return d
    }

    /// The list in force on the evaluation's date, as a build on that date publishes it in `grades-YEAR.current`,
    /// named by its version (`grades-YEAR.vN`, or `grades-YEAR` under notice): `gongshi version`.
    public static func versionInForce(_ year: YearResults, _ p: Publication) -> Dataset {
        var d = grades(year, p)[0]
        let number = year.status.isFinal ? year.versions.last?.number : nil
        d.versionNumber = number
        d.name = number.map { "grades-\(year.year).v\($0)" } ?? "grades-\(year.year)"
        d.title = "\(year.year)年度信用评价结果" + (number.map { "（第\($0)版）" } ?? "（公示中）")
        return d
    }

    /// Art. 9, 11–13: the columns of a year's list; under notice the grade is not yet in force.
    static func gradeFields(_ year: Int, stage: String, _ p: Publication) -> [Dataset.Field] {
        // Art. 9: the year's indicator system names the four scores and their highest values.
        let system = p.indicators.system(for: year)
        func indicator(_ i: Int, _ name: String) -> Dataset.Field {
            f(name, system.titles[i], .number, "指标得分，满分 \(system.maxima[i])（第九条，\(year)年度指标体系）")
        }
        return [
            f("year", "评价年度", .integer, "自然年", required: true),
            f("stage", "发布阶段", .string, "公示期间的名单尚未最终确定", required: true, codes: OpenDataCodes.stage),
            f("rank", "排名", .integer, "按总分从高到低，总分相同名次相同", required: true),
            code, agencyName,
            f("district", "所在区县", .string, "", required: true),
            indicator(0, "basic_quality"), indicator(1, "business_execution"),
            indicator(2, "operation_management"), indicator(3, "integrity_record"),
            f("total_score", "总分", .number, "四项指标之和，满分 \(system.maximumTotal)", required: true),
            f("awarded_grade", "评定等级", .string, "按排名评定的等级 A–D（第十一条）", required: true, categories: gradeLetters),
            f("corrected_grade", "更正后等级", .string, "经异议复核更正的等级（第十三条），无则为空", categories: gradeLetters),
            // Art. 13–14: a grade under notice is not yet in force, and no file says it is.
            stage == "notice"
                ? f("grade", "公示等级", .string, "公示中的等级，公示和异议处理结束、正式公布前尚未生效（第十三条）；严重失信为 E（第十二条）",
                    required: true, categories: gradeLetters)
                : f("grade", "等级", .string, "该版本日期有效的等级；严重失信为 E（第十二条）", required: true, categories: gradeLetters),
            f("revoked_on", "撤销日期", .date, "因严重失信撤销等级之日，无则为空"),
            f("revocation_trigger", "撤销情形", .integer, "第十二条的情形 1–7（即一至七），无则为空"),
        ]
    }

    /// `namesOn`: the list as published that day names each agency as it was named then (a change of name
    /// filed later does not rewrite it, Art. 7, 13–14).
    static func gradeRow(_ year: Int, stage: String, _ r: Rating, _ p: Publication, namesOn: CivilDate? = nil) -> [Dataset.Value] {
        let s = r.subScores
        return [
            .integer(year), .text(stage), .integer(r.rank), .text(r.agency.value), namesOn.map { name(r.agency, p, on: $0) } ?? name(r.agency, p),
            .text(p.agencyRecord(r.agency)?.district ?? ""),
            optional(s) { .score($0.basicQuality) }, optional(s) { .score($0.businessExecution) },
            optional(s) { .score($0.operationManagement) }, optional(s) { .score($0.integrityRecord) },
            .score(r.total), .text(r.awardedGrade.letter), optional(r.correctedGrade) { .text($0.letter) },
            .text(r.currentGrade.letter), optional(r.revokedBy) { .date($0.verifiedOn) },
            optional(r.revokedBy) { .integer($0.trigger.rawValue) },
        ]
    }

    static func grades(_ year: Int, count: Int, ratings: @escaping @Sendable () -> [Rating], stage: String, fileName: String, _ p: Publication,
                       namesOn: CivilDate? = nil) -> Dataset {
        var d = Dataset(
            name: fileName, title: "\(year)年度信用评价结果",
            description: "按总分从高到低排序的评定等级（第十一条）；公示期内的结果尚未最终确定（第十三条）。",
            fields: gradeFields(year, stage: stage, p),
            count: count, rows: { ratings().map { gradeRow(year, stage: stage, $0, p, namesOn: namesOn) } })
        d.primaryKey = ["unified_social_credit_code"]
        d.foreignKeys = [agencyKey]
        d.seriesYear = year
        d.updateCycle = "每年"
        return d
    }

    /// Every published year's current list in one file (year, code, name, grade, stage, version), beside the per-year files.
    public static func allYears(_ p: Publication) -> Dataset {
        let years = p.years.sorted { $0.year < $1.year }
        var d = Dataset(
            name: "grades-all-years", title: "历年信用评价结果",
            description: "每个已发布年度的现行评价结果，一个文件（第十一条至第十四条）；各年度的完整字段和历次版本见 grades-YEAR。",
            fields: [
                f("year", "评价年度", .integer, "自然年", required: true),
                code, agencyName,
                f("grade", "等级", .string, "该年度现行名单上的等级；stage 为 notice 时为公示中的等级，尚未生效（第十三条）", required: true, categories: gradeLetters),
                f("stage", "发布阶段", .string, "公示期间的名单尚未最终确定", required: true, codes: OpenDataCodes.stage),
                f("version", "版本", .integer, "正式公布后的版本号（第1版为公布时的名单）；公示中为空"),
            ],
            count: years.reduce(0) { $0 + $1.ratings.count }, rows: { years.flatMap { y in
                let final = y.status.isFinal && !y.versions.isEmpty
                return y.ratings.map { r in
                    [.integer(y.year), .text(r.agency.value), name(r.agency, p), .text(r.currentGrade.letter),
                     .text(final ? "final" : "notice"), final ? .integer(y.versions.count) : .missing]
                }
            } })
        d.primaryKey = ["year", "unified_social_credit_code"]
        d.foreignKeys = [agencyKey]
        d.updateCycle = "每年"
        return d
    }

    public static func agencies(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "agencies", title: "社会监测机构",
            description: "已备案的社会监测机构及其服务类别（第二条）和现行等级。",
            fields: [
                code, agencyName,
                f("district", "所在区县", .string, "", required: true),
                f("address", "地址", .string, "", required: true),
                f("legal_nature", "法人性质", .string, "", required: true),
                f("legal_representative", "法定代表人", .string, "", required: true),
                f("service_categories", "服务类别", .string, "第二条的一至七，以顿号分隔", required: true),
                f("current_grade", "现行等级", .string, "数据日期有效的信用风险等级：严重失信期间为 E；否则为当日有效的年度结果（自公布之日起，至下一年度结果公布之日的前一日止）中评定的等级；该年度未评定本机构（不予评定、未纳入评价或无评价）时为空", categories: gradeLetters),
                f("filing_number", "备案编号", .string, "最近一次备案"),
                f("filing_date", "备案日期", .date, ""),
                f("filing_status", "备案状态", .string, "有效 或 已注销"),
                f("former_names", "曾用名", .string, "已办理名称变更的原名称，由近及远以分号（；）分隔（第七条），无则为空"),
            ],
            count: p.agencies.count, rows: { p.agencies.map { profile in
                let a = profile.agency
                let filing = profile.filings.first
                return [
                    .text(a.code.value), .text(a.name), .text(a.district), .text(a.address), .text(a.legalNature),
                    .text(a.legalRepresentative), .text(a.serviceCategories.map(\.numeral).joined(separator: "、")),
                    optional(profile.currentGrade) { .text($0.letter) },
                    optional(filing) { .text($0.number) }, optional(filing) { .date($0.filedOn) }, optional(filing) { .text($0.status.rawValue) },
                    profile.formerNames.isEmpty ? .missing : .text(profile.formerNames.map(\.name).joined(separator: "；")),
                ]
            } })
        d.primaryKey = ["unified_social_credit_code"]
        return d
    }

    public static func qualifications(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "qualifications", title: "资质认定证书",
            description: "社会监测机构的检验检测机构资质认定（CMA）证书（第六条）。",
            fields: [
                patterned(f("certificate_number", "证书编号", .string, "12 位数字", required: true), certificatePattern),
                code, agencyName,
                f("issuer", "发证机关", .string, "", required: true),
                f("issued_on", "发证日期", .date, "", required: true),
                f("valid_until", "有效期至", .date, "", required: true),
                f("scope_items", "检测项目数", .integer, "证书附表中的项目数，明细见 qualification-scope", required: true),
            ],
            count: p.agencies.reduce(0) { $0 + $1.qualifications.count }, rows: { p.agencies.flatMap { profile in
                profile.qualifications.map { q in
                    [.text(q.qualification.certificateNumber), .text(profile.agency.code.value), .text(profile.agency.name),
                     .text(q.qualification.issuer), .date(q.qualification.issuedOn), .date(q.qualification.validUntil), .integer(q.scope.count)]
                }
            } })
        d.primaryKey = ["certificate_number"]
        d.foreignKeys = [agencyKey]
        return d
    }

    public static func scope(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "qualification-scope", title: "资质认定范围",
            description: "资质认定证书附表：按环境要素列出的检测项目和方法标准。",
            fields: [
                patterned(f("certificate_number", "证书编号", .string, "见 qualifications", required: true), certificatePattern),
                code,
                f("element", "环境要素", .string, "如 水和废水", required: true),
                f("item", "检测项目", .string, "", required: true),
                f("method", "方法标准", .string, ""),
            ],
            count: p.agencies.reduce(0) { $0 + $1.qualifications.reduce(0) { $0 + $1.scope.count } }, rows: { p.agencies.flatMap { profile in
                profile.qualifications.flatMap { q in
                    q.scope.map { [.text($0.certificateNumber), .text(profile.agency.code.value), .text($0.element), .text($0.item), .text($0.method)] }
                }
            } })
        d.foreignKeys = [Dataset.ForeignKey(fields: ["certificate_number"], resource: "qualifications", reference: ["certificate_number"]), agencyKey]
        return d
    }

    public static func badRecords(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "bad-records", title: "不良记录",
            description: "公示期内、未经信用修复的不良记录（第十四条、第十五条）。",
            fields: [
                code, agencyName,
                f("kind", "类别", .string, "如 行政处罚", required: true),
                f("document_number", "决定文书号", .string, "", required: true),
                f("authority", "决定机关", .string, "", required: true),
                f("decided_on", "决定日期", .date, "", required: true),
                f("content", "内容", .string, "", required: true),
                f("disclosure_until", "公示截止日期", .date, "公示的最后一日：记录载明的截止日期，或按该类记录的公示期算出", required: true),
                f("disclosure_basis", "截止日期依据", .string, "记录载明，或 按X类记录的公示期N个月", required: true),
            ],
            rows: p.badRecords.map { b in
                [.text(b.agency.value), name(b.agency, p), .text(b.kind), .text(b.documentNumber), .text(b.authority),
                 .date(b.decidedOn), .text(b.content), .date(p.disclosureEnd(of: b).lastDay), .text(disclosureBasis(b, p))]
            })
        d.primaryKey = ["unified_social_credit_code", "document_number"]
        d.foreignKeys = [agencyKey]
        return d
    }

    /// Art. 14: why a record is public until its last day, as the HTML says it.
    public static func disclosureBasis(_ b: BadRecord, _ p: Publication) -> String {
        let end = p.disclosureEnd(of: b)
        return end.stated ? "记录载明" : "按\(BadRecordKind.classify(b.kind)?.rawValue ?? b.kind)类记录的公示期\(end.months)个月"
    }

    /// Art. 8: agencies not rated, per published year, with the public reason.
    public static func notRated(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "not-rated", title: "不予评定等级的机构",
            description: "备案、变更和上传信息存在严重失实、重大遗漏且拒绝整改，不予评定等级的社会监测机构（第八条）。",
            fields: [
                f("year", "评价年度", .integer, "", required: true),
                code, agencyName,
                f("reason", "不予评定原因", .string, "", required: true),
            ],
            rows: p.years.sorted { $0.year < $1.year }.flatMap { year in
                year.notRated.map { [.integer(year.year), .text($0.agency.value), name($0.agency, p), .text($0.reason)] }
            })
        d.primaryKey = ["year", "unified_social_credit_code"]
        d.foreignKeys = [agencyKey]
        d.updateCycle = "每年"
        return d
    }

    /// Art. 12: agencies that are E on the as-of date.
    public static func seriousDishonesty(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "serious-dishonesty", title: "严重失信（E级）机构名单",
            description: "有第十二条所列情形并经核实确认、直接评定为E级的社会监测机构。",
            fields: [
                code, agencyName,
                f("trigger", "情形", .integer, "第十二条的情形 1–7（即一至七）", required: true),
                f("trigger_text", "情形内容", .string, "第十二条该项的原文", required: true),
                f("verified_on", "认定日期", .date, "自该日起为 E 级", required: true),
                f("document_number", "认定文号", .string, "", required: true),
                f("authority", "认定机关", .string, "", required: true),
                f("summary", "事实摘要", .string, "", required: true),
            ],
            rows: p.seriousDishonestyList.map { l in
                [.text(l.agency.value), name(l.agency, p), .integer(l.event.trigger.rawValue), .text(l.event.trigger.wording),
                 .date(l.event.verifiedOn), .text(l.event.documentNumber), .text(l.event.authority), .text(l.event.summary)]
            })
        d.primaryKey = ["unified_social_credit_code"]
        d.foreignKeys = [agencyKey]
        return d
    }

    /// Art. 20: agencies restricted from government procurement on the data date — those that are E — for
    /// procurement systems to read.
    public static func procurementRestrictions(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "procurement-restrictions", title: "限制参与政府采购的社会监测机构",
            description: "信用风险等级为E级（严重失信，第十二条）的社会监测机构，依第二十条依法限制其参与政府采购活动，并撤销信用评定期内授予的相关奖项、奖章、荣誉称号。限制自认定之日起，至严重失信认定解除之日止；解除后即不再列出（解除见 changes）。",
            fields: [
                code, agencyName,
                f("restricted_from", "限制起始日期", .date, "严重失信认定之日（第十二条）", required: true),
                f("trigger", "情形", .integer, "第十二条的情形 1–7（即一至七）", required: true),
                f("document_number", "认定文号", .string, "", required: true),
                f("authority", "认定机关", .string, "", required: true),
                f("measure", "措施", .string, "第二十条规定的措施", required: true),
            ],
            rows: p.seriousDishonestyList.map { l in
                [.text(l.agency.value), name(l.agency, p), .date(l.event.verifiedOn), .integer(l.event.trigger.rawValue),
                 .text(l.event.documentNumber), .text(l.event.authority), .text(procurementMeasure)]
            })
        d.primaryKey = ["unified_social_credit_code"]
        d.foreignKeys = [agencyKey]
        return d
    }

    public static let procurementMeasure = "依法限制参与政府采购活动；撤销信用评定期内授予的相关奖项、奖章、荣誉称号（第二十条）"

    /// Codes accepted although their check character fails, and why.
    public static func codeExceptions(_ p: Publication) -> Dataset {
        var d = Dataset(
            name: "code-exceptions", title: "统一社会信用代码例外清单",
            description: "校验位不符合 GB 32100-2015 但经确认真实有效、因此予以接受的统一社会信用代码。",
            fields: [
                patterned(f("unified_social_credit_code", "统一社会信用代码", .string, "18 位，校验位不符", required: true), codePattern),
                f("explanation", "说明", .string, "", required: true),
                f("confirmed_on", "确认日期", .date, "", required: true),
            ],
            rows: p.codeExceptions.map { [.text($0.code.value), .text($0.explanation), .date($0.confirmedOn)] })
        d.primaryKey = ["unified_social_credit_code"]
        return d
    }

    /// Art. 13–15: the change log as data.
    public static func changes(_ p: Publication) -> Dataset {
        let wording = ChangeWording(publication: p)
        var d = Dataset(
            name: "changes", title: "变更记录",
            description: "信用评价结果的公示、公布及此后的每一项变更，按日期由近及远。",
            fields: [
                f("id", "编号", .string, "稳定的变更编号", required: true),
                f("date", "日期", .date, "变更生效之日", required: true),
                f("kind", "类别", .string, "变更的类别", required: true, codes: OpenDataCodes.changeKind),
                f("year", "评价年度", .integer, "涉及的评价年度，无则为空"),
                patterned(f("unified_social_credit_code", "统一社会信用代码", .string, "涉及的机构，无则为空"), codePattern),
                f("agency_name", "机构名称", .string, "涉及的机构，无则为空"),
                f("from_grade", "原等级", .string, "变更前的等级，无则为空", categories: gradeLetters),
                f("to_grade", "新等级", .string, "变更后的等级，无则为空", categories: gradeLetters),
                f("reference", "文号", .string, "作出变更的文书，无则为空"),
                f("description", "说明", .string, "变更的文字说明", required: true),
            ],
            rows: p.changes.map { e in
                [.text(e.id), .date(e.date), .text(e.kind.snakeCase), optional(e.year) { .integer($0) },
                 optional(e.agency) { .text($0.value) }, optional(e.agency) { name($0, p) },
                 optional(e.fromGrade ?? e.revoked.first?.grade) { .text($0.letter) }, optional(e.toGrade) { .text($0.letter) },
                 e.reference.isEmpty ? .missing : .text(e.reference), .text(wording.sentence(e))]
            })
        d.primaryKey = ["id"]
        return d
    }
}

extension ChangeEntry.Kind {
    /// The stable field value in the open data.
    public var snakeCase: String {
        switch self {
        case .seriousDishonesty: return "serious_dishonesty"
        case .badRecord: return "bad_record"
        default: return rawValue
        }
    }
}
