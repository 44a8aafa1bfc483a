import Evaluation
import Registry
import Rendering

/// Art. 14: the departments and platforms the results are shared with, each with its own field set,
/// named as national credit data feeds name them, the unified social credit code first.
public enum Recipient: String, CaseIterable, Sendable {
    case marketSupervision = "market-supervision"
    case creditManagement = "credit-management"
    case creditNingbo = "credit-ningbo"

    public var chineseName: String {
        switch self {
        case .marketSupervision: return "宁波市市场监督管理局"
        case .creditManagement: return "宁波市信用管理部门"
        case .creditNingbo: return "“信用宁波”平台"
        }
    }

    /// What each recipient receives (Art. 14).
    public var scope: String {
        switch self {
        case .marketSupervision: return "资质认定证书和不良记录"
        case .creditManagement, .creditNingbo: return "信用评价结果、严重失信名单、不予评定等级名单和不良记录"
        }
    }
}

/// One table of a bundle: its file, Chinese headers, and rows keyed so a delta can find them again.
struct BundleTable {
    var file: String
    var title: String
    var headers: [String]
    /// Key → row; the key names the record across bundles (a corrected grade is a new record).
    var rows: [(key: String, fields: [String])]
}

extension Recipient {
    func tables(_ p: Publication, site: SiteInfo) -> [BundleTable] {
        let source = [site.publisher, site.publisherCode]
        let names = Dictionary(p.agencies.map { ($0.agency.code, $0.agency.name) }, uniquingKeysWith: { a, _ in a })
        func name(_ c: UnifiedSocialCreditCode) -> String { names[c] ?? "" }
        let national = self == .creditNingbo

        let badRecords = BundleTable(
            file: "bad-records.csv", title: "不良记录",
            headers: ["统一社会信用代码", "行政相对人名称"] + (national ? ["行政相对人类别"] : [])
                + ["不良记录类别", "决定文书号", "决定机关", "决定日期", "内容", "公示截止日期", "数据来源单位", "数据来源单位统一社会信用代码"],
            rows: p.badRecords.map { b in
                ("\(b.agency.value)|\(b.documentNumber)",
                 [b.agency.value, name(b.agency)] + (national ? ["法人及非法人组织"] : [])
                    + [b.kind, b.documentNumber, b.authority, b.decidedOn.iso, b.content, b.disclosureUntil?.iso ?? ""] + source)
            })

        switch self {
        case .marketSupervision:
            let qualifications = BundleTable(
                file: "qualifications.csv", title: "资质认定证书",
                headers: ["统一社会信用代码", "行政相对人名称", "证书编号", "发证机关", "发证日期", "有效期至", "检测项目数",
                          "数据来源单位", "数据来源单位统一社会信用代码"],
                rows: p.agencies.flatMap { profile in
                    profile.qualifications.map { q in
                        (q.qualification.certificateNumber,
                         [profile.agency.code.value, profile.agency.name, q.qualification.certificateNumber, q.qualification.issuer,
                          q.qualification.issuedOn.iso, q.qualification.validUntil.iso, String(q.scope.count)] + source)
                    }
                })
            return [qualifications, badRecords]
        case .creditManagement, .creditNingbo:
            return [grades(p, site: site, name: name), seriousDishonesty(p, source: source, name: name),
                    notRated(p, source: source, name: name), badRecords]
        }
    }

    /// Final results only: results are shared once the notice and the objections are over (Art. 14).
    func grades(_ p: Publication, site: SiteInfo, name: (UnifiedSocialCreditCode) -> String) -> BundleTable {
        let national = self == .creditNingbo
        let finals = p.years.filter(\.status.isFinal).sorted { $0.year < $1.year }
        let nextFinal = Dictionary(uniqueKeysWithValues: finals.map { y in (y.year, finals.first { $0.year == y.year + 1 }?.stage.finalOn) })
        let headers = national
            ? ["统一社会信用代码", "行政相对人名称", "行政相对人类别", "信用评价类别", "评价年度", "评价结果", "评价结果说明", "评价日期",
               "有效期自", "有效期至", "评价单位", "评价单位统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码"]
            : ["统一社会信用代码", "行政相对人名称", "评价年度", "评价结果", "评价日期", "有效期", "评价单位", "数据来源单位"]
        var rows: [(String, [String])] = []
        for year in finals {
            let from = year.stage.finalOn
            let until = nextFinal[year.year]??.adding(days: -1)
            for r in year.ratings {
                let grade = r.currentGrade
                let key = "\(year.year)|\(r.agency.value)|\(grade.letter)"
                // An E grade takes effect from the event (Art. 12), not from the year's publication.
                let from = r.revokedBy?.verifiedOn ?? from
                if national {
                    rows.append((key, [r.agency.value, name(r.agency), "法人及非法人组织", "生态环境监测社会化服务机构信用评价", String(year.year),
                                       grade.letter, grade.chineseName, from.iso, from.iso, until?.iso ?? "", site.publisher, site.publisherCode,
                                       site.publisher, site.publisherCode]))
                } else {
                    rows.append((key, [r.agency.value, name(r.agency), String(year.year), grade.letter, from.iso,
                                       until.map { "\(from.iso)至\($0.iso)" } ?? "\(from.iso)起至下一年度结果公布", site.publisher, site.publisher]))
                }
            }
        }
        return BundleTable(file: "grades.csv", title: "信用评价结果", headers: headers, rows: rows)
    }

    func seriousDishonesty(_ p: Publication, source: [String], name: (UnifiedSocialCreditCode) -> String) -> BundleTable {
        let national = self == .creditNingbo
        return BundleTable(
            file: "serious-dishonesty.csv", title: "严重失信名单",
            headers: ["统一社会信用代码", "行政相对人名称"] + (national ? ["行政相对人类别"] : [])
                + ["失信情形", "认定日期", "认定文号", "认定机关", "事实摘要", "数据来源单位", "数据来源单位统一社会信用代码"],
            rows: p.seriousDishonestyList.map { l in
                ("\(l.agency.value)|\(l.event.documentNumber)",
                 [l.agency.value, name(l.agency)] + (national ? ["法人及非法人组织"] : [])
                    + ["第十二条第（\(l.event.trigger.numeral)）项：\(l.event.trigger.wording)", l.event.verifiedOn.iso, l.event.documentNumber,
                       l.event.authority, l.event.summary] + source)
            })
    }

    func notRated(_ p: Publication, source: [String], name: (UnifiedSocialCreditCode) -> String) -> BundleTable {
        BundleTable(
            file: "not-rated.csv", title: "不予评定等级名单",
            headers: ["统一社会信用代码", "行政相对人名称", "评价年度", "不予评定原因", "数据来源单位", "数据来源单位统一社会信用代码"],
            rows: p.years.filter(\.status.isFinal).sorted { $0.year < $1.year }.flatMap { year in
                year.notRated.map { ("\(year.year)|\($0.agency.value)", [$0.agency.value, name($0.agency), String(year.year), $0.reason] + source) }
            })
    }
}
