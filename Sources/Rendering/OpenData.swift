import Evaluation
import Registry

/// One published dataset: its fields (the single source of the CSV header, the JSON keys and the
/// documentation on the open-data page) and its rows.
public struct Dataset: Sendable {
    public enum FieldType: String, Sendable {
        case string, integer, number, date, boolean
    }

    public struct Field: Sendable {
        public var name: String
        public var title: String
        public var type: FieldType
        public var description: String
    }

    public enum Value: Sendable {
        case text(String)
        case integer(Int)
        case score(Score)
        case date(CivilDate)
        case bool(Bool)
        case missing

        var csv: String {
            switch self {
            case .text(let s): return s
            case .integer(let i): return String(i)
            case .score(let s): return s.description
            case .date(let d): return d.iso
            case .bool(let b): return b ? "true" : "false"
            case .missing: return ""
            }
        }

        var json: JSONValue {
            switch self {
            case .text(let s): return .string(s)
            case .integer(let i): return .integer(i)
            case .score(let s): return .decimal(s.description)
            case .date(let d): return .string(d.iso)
            case .bool(let b): return .bool(b)
            case .missing: return .null
            }
        }
    }

    /// File stem: `grades-2025` gives `grades-2025.csv` and `grades-2025.json`.
    public var name: String
    public var title: String
    public var description: String
    public var fields: [Field]
    public var rows: [[Value]]
    /// For a final year's list: whether this version is the current one, and why a version exists.
    public var isCurrent = true
    public var versionNote = ""

    public var csv: String {
        var writer = CSVWriter(header: fields.map(\.name))
        for row in rows { writer.append(row.map(\.csv)) }
        return writer.text
    }

    public var json: String {
        JSONValue.array(rows.map { row in .object(zip(fields, row).map { ($0.name, $1.json) }) }).text() + "\n"
    }
}

/// The open datasets of issue #2: grades per year, agencies, qualifications with scope, bad records.
public enum OpenDatasets {
    static func f(_ name: String, _ title: String, _ type: Dataset.FieldType, _ description: String) -> Dataset.Field {
        Dataset.Field(name: name, title: title, type: type, description: description)
    }

    static let code = f("unified_social_credit_code", "统一社会信用代码", .string, "GB 32100-2015，18 位")
    static let agencyName = f("agency_name", "机构名称", .string, "全称")

    public static func all(_ publication: Publication) -> [Dataset] {
        publication.years.flatMap { grades($0, publication) }
            + [agencies(publication), qualifications(publication), scope(publication), badRecords(publication), changes(publication)]
    }

    static func name(_ code: UnifiedSocialCreditCode, _ p: Publication) -> Dataset.Value { .text(p.agency(code)?.agency.name ?? "") }

    /// A year under notice: one file that follows the notice. A final year: `grades-YEAR` frozen as
    /// published, and `grades-YEAR.vN` for each later change (Art. 13–14), the newest marked current.
    public static func grades(_ year: YearResults, _ p: Publication) -> [Dataset] {
        guard year.status.isFinal, !year.versions.isEmpty else {
            return [grades(year.year, ratings: year.ratings, stage: "notice", fileName: "grades-\(year.year)", p)]
        }
        let wording = ChangeWording(publication: p)
        return year.versions.map { version in
            var d = grades(year.year, ratings: version.ratings, stage: "final",
                           fileName: version.number == 1 ? "grades-\(year.year)" : "grades-\(year.year).v\(version.number)", p)
            if version.number > 1 { d.title += "（第\(version.number)版）" }
            d.isCurrent = version.number == year.versions.count
            let reasons = version.reasons.map { "\($0.date.iso) \(wording.sentence($0))" }.joined(separator: "")
            d.versionNote = version.number == 1 ? "\(version.date.iso) 正式公布的版本，此后不再改动。" : "\(version.date.iso) 起的版本：\(reasons)"
            if !d.isCurrent { d.versionNote += "已被第\(year.versions.count)版取代。" }
            return d
        }
    }

    static func grades(_ year: Int, ratings: [Rating], stage: String, fileName: String, _ p: Publication) -> Dataset {
        Dataset(
            name: fileName, title: "\(year)年度信用评价结果",
            description: "按总分从高到低排序的评定等级（第十一条）；公示期内的结果尚未最终确定（第十三条）。",
            fields: [
                f("year", "评价年度", .integer, "自然年"),
                f("stage", "发布阶段", .string, "notice = 公示（未最终确定），final = 公布"),
                f("rank", "排名", .integer, "按总分从高到低，总分相同名次相同"),
                code, agencyName,
                f("district", "所在区县", .string, ""),
                f("basic_quality", "基本素质", .number, "指标得分（第九条）"),
                f("business_execution", "业务执行", .number, "指标得分"),
                f("operation_management", "经营管理", .number, "指标得分"),
                f("integrity_record", "诚信记录", .number, "指标得分"),
                f("total_score", "总分", .number, "四项指标之和"),
                f("awarded_grade", "评定等级", .string, "按排名评定的等级 A–D（第十一条）"),
                f("corrected_grade", "更正后等级", .string, "经异议复核更正的等级（第十三条），无则为空"),
                f("current_grade", "现行等级", .string, "该版本日期有效的等级；严重失信为 E（第十二条）"),
                f("revoked_on", "撤销日期", .date, "因严重失信撤销等级之日，无则为空"),
                f("revocation_trigger", "撤销情形", .integer, "第十二条的情形 1–7（即一至七），无则为空"),
            ],
            rows: ratings.map { r in
                let s = r.subScores
                return [
                    .integer(year), .text(stage), .integer(r.rank), .text(r.agency.value), name(r.agency, p),
                    .text(p.agency(r.agency)?.agency.district ?? ""),
                    s.map { .score($0.basicQuality) } ?? .missing, s.map { .score($0.businessExecution) } ?? .missing,
                    s.map { .score($0.operationManagement) } ?? .missing, s.map { .score($0.integrityRecord) } ?? .missing,
                    .score(r.total), .text(r.awardedGrade.letter), r.correctedGrade.map { .text($0.letter) } ?? .missing,
                    .text(r.currentGrade.letter), r.revokedBy.map { .date($0.verifiedOn) } ?? .missing,
                    r.revokedBy.map { .integer($0.trigger.rawValue) } ?? .missing,
                ]
            })
    }

    /// Art. 13–15: the change log as data.
    public static func changes(_ p: Publication) -> Dataset {
        let wording = ChangeWording(publication: p)
        return Dataset(
            name: "changes", title: "变更记录",
            description: "信用评价结果的公示、公布及此后的每一项变更，按日期由近及远。",
            fields: [
                f("date", "日期", .date, "变更生效之日"),
                f("kind", "类别", .string, "notice 公示、final 公布、correction 异议更正、serious_dishonesty 严重失信、lifted 解除、bad_record 新增不良记录、repair 信用修复、expiry 公示期满"),
                f("year", "评价年度", .integer, "涉及的评价年度，无则为空"),
                code, agencyName,
                f("from_grade", "原等级", .string, "变更前的等级，无则为空"),
                f("to_grade", "新等级", .string, "变更后的等级，无则为空"),
                f("reference", "文号", .string, "作出变更的文书，无则为空"),
                f("description", "说明", .string, "变更的文字说明"),
            ],
            rows: p.changes.map { e in
                [.date(e.date), .text(e.kind.snakeCase), e.year.map { .integer($0) } ?? .missing,
                 e.agency.map { .text($0.value) } ?? .missing, e.agency.map { name($0, p) } ?? .missing,
                 (e.fromGrade ?? e.revoked.first?.grade).map { .text($0.letter) } ?? .missing, e.toGrade.map { .text($0.letter) } ?? .missing,
                 e.reference.isEmpty ? .missing : .text(e.reference), .text(wording.sentence(e))]
            })
    }

    public static func agencies(_ p: Publication) -> Dataset {
        Dataset(
            name: "agencies", title: "社会监测机构",
            description: "已备案的社会监测机构及其服务类别（第二条）和现行等级。",
            fields: [
                code, agencyName,
                f("district", "所在区县", .string, ""),
                f("address", "地址", .string, ""),
                f("legal_nature", "法人性质", .string, ""),
                f("legal_representative", "法定代表人", .string, ""),
                f("service_categories", "服务类别", .string, "第二条的一至七，以顿号分隔"),
                f("current_grade", "现行等级", .string, "截至数据日期有效的等级，未评定为空"),
                f("filing_number", "备案编号", .string, "最近一次备案"),
                f("filing_date", "备案日期", .date, ""),
                f("filing_status", "备案状态", .string, "有效 或 已注销"),
            ],
            rows: p.agencies.map { profile in
                let a = profile.agency
                let filing = profile.filings.first
                return [
                    .text(a.code.value), .text(a.name), .text(a.district), .text(a.address), .text(a.legalNature),
                    .text(a.legalRepresentative), .text(a.serviceCategories.map(\.numeral).joined(separator: "、")),
                    profile.currentGrade.map { .text($0.letter) } ?? .missing,
                    filing.map { .text($0.number) } ?? .missing, filing.map { .date($0.filedOn) } ?? .missing,
                    filing.map { .text($0.status.rawValue) } ?? .missing,
                ]
            })
    }

    public static func qualifications(_ p: Publication) -> Dataset {
        Dataset(
            name: "qualifications", title: "资质认定证书",
            description: "社会监测机构的检验检测机构资质认定（CMA）证书（第六条）。",
            fields: [
                f("certificate_number", "证书编号", .string, "12 位"),
                code, agencyName,
                f("issuer", "发证机关", .string, ""),
                f("issued_on", "发证日期", .date, ""),
                f("valid_until", "有效期至", .date, ""),
                f("scope_items", "检测项目数", .integer, "证书附表中的项目数，明细见 qualification-scope"),
            ],
            rows: p.agencies.flatMap { profile in
                profile.qualifications.map { q in
                    [.text(q.qualification.certificateNumber), .text(profile.agency.code.value), .text(profile.agency.name),
                     .text(q.qualification.issuer), .date(q.qualification.issuedOn), .date(q.qualification.validUntil), .integer(q.scope.count)]
                }
            })
    }

    public static func scope(_ p: Publication) -> Dataset {
        Dataset(
            name: "qualification-scope", title: "资质认定范围",
            description: "资质认定证书附表：按环境要素列出的检测项目和方法标准。",
            fields: [
                f("certificate_number", "证书编号", .string, "见 qualifications"),
                code,
                f("element", "环境要素", .string, "如 水和废水"),
                f("item", "检测项目", .string, ""),
                f("method", "方法标准", .string, ""),
            ],
            rows: p.agencies.flatMap { profile in
                profile.qualifications.flatMap { q in
                    q.scope.map { [.text($0.certificateNumber), .text(profile.agency.code.value), .text($0.element), .text($0.item), .text($0.method)] }
                }
            })
    }

    public static func badRecords(_ p: Publication) -> Dataset {
        Dataset(
            name: "bad-records", title: "不良记录",
            description: "公示期内、未经信用修复的不良记录（第十四条、第十五条）。",
            fields: [
                code, agencyName,
                f("kind", "类别", .string, "如 行政处罚"),
                f("document_number", "决定文书号", .string, ""),
                f("authority", "决定机关", .string, ""),
                f("decided_on", "决定日期", .date, ""),
                f("content", "内容", .string, ""),
                f("disclosure_until", "公示截止日期", .date, "记录载明的截止日期，未载明为空（按默认公示期）"),
            ],
            rows: p.badRecords.map { b in
                [.text(b.agency.value), name(b.agency, p), .text(b.kind), .text(b.documentNumber), .text(b.authority),
                 .date(b.decidedOn), .text(b.content), b.disclosureUntil.map { .date($0) } ?? .missing]
            })
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
