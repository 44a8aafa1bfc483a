import Evaluation
import Model
import Rendering

/// Art. 14: what a recipient can receive. Each row names its record across bundles (`key`: a corrected
/// grade is a new record) and offers its values by name, for a field set to put in the recipient's columns.
public enum BundleDataset: String, CaseIterable, Sendable {
    case grades
    case seriousDishonesty = "serious-dishonesty"
    case notRated = "not-rated"
    case badRecords = "bad-records"
    case qualifications

    public var file: String { rawValue }

    struct Row {
        var key: String
        var values: [String: String]
        /// For a field required only of one kind of record (`required = "行政处罚"`).
        var kind: String = ""
    }

    /// The values every dataset offers: who the record is about, and who supplies it.
    static func subject(_ agency: Agency?, _ code: UnifiedSocialCreditCode, site: SiteInfo) -> [String: String] {
        ["agency.name": agency?.name ?? "", "agency.category": "法人及非法人组织", "agency.code": code.value,
         "agency.legalRepresentative": agency?.legalRepresentative ?? "",
         "evaluator.name": site.publisher, "evaluator.code": site.publisherCode,
         "source.name": site.publisher, "source.code": site.publisherCode, "status": "有效"]
    }

    /// The validity of an open-ended grade: the national platform's convention for "until further notice".
    static let openEnd = "2099-12-31"

    /// 当前状态 as of the bundle's date: 无效 from the day after the record's last valid day.
    static func status(validThrough last: CivilDate?, asOf: CivilDate) -> String {
        last.map { $0 < asOf } == true ? "无效" : "有效"
    }

    func rows(_ p: Publication, site: SiteInfo, disclosure: DisclosurePolicy) -> [Row] {
        let agencies = Dictionary(p.agencies.map { ($0.agency.code, $0.agency) }, uniquingKeysWith: { a, _ in a })
        func subject(_ code: UnifiedSocialCreditCode) -> [String: String] { Self.subject(agencies[code], code, site: site) }
        switch self {
        case .grades:
            // Final results only: results are shared once the notice and the objections are over (Art. 14). A
            // year's grade holds from its publication to the day before the next year's (`ResultsInForce`).
            let finals = p.years.filter(\.status.isFinal).sorted { $0.year < $1.year }
            return finals.flatMap { year -> [Row] in
                let through = p.calendar.validity(of: year.year, asOf: p.asOf)?.through
                let next = through?.adding(days: 1)
                return year.ratings.map { r in
                    let grade = r.currentGrade
                    // An E grade takes effect from the event (Art. 12), not from the year's publication.
                    let from = r.revokedBy?.verifiedOn ?? year.stage.finalOn
                    var values = subject(r.agency)
                    values["evaluation.kind"] = "生态环境监测社会化服务机构信用评价"
                    values["year"] = String(year.year)
                    values["grade"] = grade.letter
                    values["grade.name"] = grade.chineseName
                    values["evaluated.on"] = from.iso
                    values["valid.from"] = from.iso
                    values["valid.until"] = through?.iso ?? Self.openEnd
                    values["status"] = Self.status(validThrough: through, asOf: p.asOf)
                    values["remark"] = next == nil
                        ? "有效期至下一年度评价结果公布之日的前一日；下一年度结果公布前以 \(Self.openEnd) 表示，公布后以变更报送"
                        : "有效期至下一年度评价结果公布之日（\(next!.iso)）的前一日"
                    return Row(key: "\(year.year)|\(r.agency.value)|\(grade.letter)", values: values)
                }
            }
        case .seriousDishonesty:
            return p.seriousDishonestyList.map { l in
                var values = subject(l.agency)
                values["trigger"] = "第十二条第（\(l.event.trigger.numeral)）项：\(l.event.trigger.wording)"
                values["document"] = l.event.documentNumber
                values["verified.on"] = l.event.verifiedOn.iso
                values["authority"] = l.event.authority
                values["authority.code"] = l.event.authority == site.publisher ? site.publisherCode : ""
                values["summary"] = l.event.summary
                values["lifted.on"] = l.event.liftedOn?.iso ?? ""
                return Row(key: "\(l.agency.value)|\(l.event.documentNumber)", values: values)
            }
        case .notRated:
            return p.years.filter(\.status.isFinal).sorted { $0.year < $1.year }.flatMap { year in
                year.notRated.map { n in
                    var values = subject(n.agency)
                    values["year"] = String(year.year)
                    values["reason"] = n.reason
                    // A not-rated listing stands as long as its year's results are in force.
                    values["status"] = Self.status(validThrough: p.calendar.validity(of: year.year, asOf: p.asOf)?.through, asOf: p.asOf)
                    return Row(key: "\(year.year)|\(n.agency.value)", values: values)
                }
            }
        case .badRecords:
            return p.badRecords.map { b in
                let d = b.details
                let own = b.authority == site.publisher
                var values = subject(b.agency)
                values["kind"] = b.kind
                values["document"] = b.documentNumber
                values["violation.type"] = d.violationType ?? ""
                // The public summary stands for the facts when the full text was not recorded.
                values["facts"] = d.facts ?? b.content
                values["content"] = b.content
                values["basis"] = d.basis ?? ""
                values["penalty.kind"] = d.penaltyKind ?? Self.detail(of: b.kind) ?? ""
                values["penalty.content"] = d.penaltyContent ?? ""
                values["fine"] = d.fine ?? ""
                values["confiscation"] = d.confiscation ?? ""
                values["license"] = d.license ?? ""
                values["decided.on"] = b.decidedOn.iso
                let end = disclosure.lastDay(of: b)
                values["disclosure.until"] = end.iso
                values["valid.until"] = d.validUntil?.iso ?? end.iso
                values["authority"] = b.authority
                values["authority.code"] = d.authorityCode ?? (own ? site.publisherCode : "")
                values["status"] = Self.status(validThrough: d.validUntil ?? end, asOf: p.asOf)
                // A record another authority decided is theirs to vouch for: they are its source, not the bureau.
                values["source.name"] = d.source ?? b.authority
                values["source.code"] = d.sourceCode ?? (d.source == nil ? values["authority.code"]! : "")
                let kind = BadRecordKind.classify(b.kind) == .administrativePenalty ? "行政处罚" : b.kind
                return Row(key: "\(b.agency.value)|\(b.documentNumber)", values: values, kind: kind)
            }
        case .qualifications:
            return p.agencies.flatMap { profile in
                profile.qualifications.map { q in
                    var values = subject(profile.agency.code)
                    values["certificate"] = q.qualification.certificateNumber
                    values["issuer"] = q.qualification.issuer
                    values["issued.on"] = q.qualification.issuedOn.iso
                    values["valid.until"] = q.qualification.validUntil.iso
                    values["status"] = Self.status(validThrough: q.qualification.validUntil, asOf: p.asOf)
                    values["scope"] = "检验检测机构资质认定（检测项目 \(q.scope.count) 项）"
                    // The certificate is market supervision's own licence: the bureau passes on what it holds.
                    values["source.name"] = site.publisher
                    return Row(key: q.qualification.certificateNumber, values: values)
                }
            }
        }
    }

    /// `罚款` of `行政处罚（罚款）`: the detail a bad record's 类别 adds after its kind.
    static func detail(of kind: String) -> String? {
        guard let open = kind.firstIndex(where: { $0 == "（" || $0 == "(" }), let close = kind.lastIndex(where: { $0 == "）" || $0 == ")" }),
              open < close else { return nil }
        let inner = String(kind[kind.index(after: open)..<close]).trimmingWhitespace()
        return inner.isEmpty ? nil : inner
    }
}
