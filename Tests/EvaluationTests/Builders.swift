import Foundation
@testable import Model

/// Small registries written in code, each value chosen so the expected grades can be worked out by hand.
enum Build {
    static let origin = Origin(file: "test.csv", line: 1, columns: ["评定等级": 9])

    /// Valid codes: the body plus its computed check character.
    static func code(_ n: Int) -> UnifiedSocialCreditCode {
        let body = "913302120000000" + String(format: "%02d", n)
        return UnifiedSocialCreditCode(body + String(UnifiedSocialCreditCode.checkCharacter(for: body)!))!
    }

    static func date(_ text: String) -> CivilDate { CivilDate(iso: text)! }

    static func agency(_ n: Int) -> Agency {
        Agency(origin: origin, code: code(n), name: "机构\(n)", district: "鄞州区", address: "地址", legalNature: "企业法人",
               legalRepresentative: "张", serviceCategories: [.one])
    }

    static func evaluation(_ year: Int, _ n: Int, total: String?, grade: Grade? = nil, inScope: Bool = true,
                           notRated: String? = nil, line: Int = 1) -> EvaluationRecord {
        var o = origin
        o.line = line
        return EvaluationRecord(origin: o, year: year, agency: code(n), inScope: inScope, subScores: nil,
                                total: total.flatMap(Score.parse), givenGrade: grade, notRatedReason: notRated)
    }

    static func stage(_ year: Int, notice: String, end: String, final: String) -> PublicationStage {
        PublicationStage(origin: origin, year: year, noticeStart: date(notice), noticeEnd: date(end), finalOn: date(final))
    }

    static func event(_ n: Int, on day: String, trigger: SeriousDishonestyTrigger = .four, lifted: String? = nil) -> SeriousDishonestyEvent {
        SeriousDishonestyEvent(origin: origin, agency: code(n), trigger: trigger, verifiedOn: date(day), documentNumber: "甬环罚〔2026〕\(n)号",
                               authority: "宁波市生态环境局", summary: "摘要", liftedOn: lifted.map(date))
    }

    static func objection(_ id: Int, _ n: Int, filed: String, decision: ObjectionDecision, grade: Grade? = nil, decided: String) -> Objection {
        Objection(origin: origin, id: id, year: 2025, agency: code(n), filedOn: date(filed), decision: decision,
                  correctedGrade: grade, decidedOn: date(decided))
    }

    /// Agencies 1…n with one year's totals, published with the usual stages.
    static func registry(year: Int = 2025, totals: [String]) -> PublicRegistry {
        var r = PublicRegistry()
        r.agencies = totals.indices.map { agency($0 + 1) }
        r.evaluations = totals.enumerated().map { evaluation(year, $0.offset + 1, total: $0.element, line: $0.offset + 2) }
        r.stages = [stage(year, notice: "\(year + 1)-03-02", end: "\(year + 1)-03-13", final: "\(year + 1)-04-07")]
        return r
    }
}
