/// Art. 8–11: one agency's evaluation for one natural year, as recorded by the bureau.
public struct EvaluationRecord: Sendable, Hashable {
    public var origin: Origin
    public var year: Int
    public var agency: UnifiedSocialCreditCode
    /// Art. 8: false when the agency had no business in Ningbo that year; it is then absent from the year's lists.
    public var inScope: Bool
    /// Art. 9: the four indicators.
    public var subScores: SubScores?
    public var total: Score?
    /// A grade given in the input, verified against the ranking.
    public var givenGrade: Grade?
    /// Art. 8: set when the agency is not rated (不予评定), with the public reason.
    public var notRatedReason: String?

    public init(origin: Origin, year: Int, agency: UnifiedSocialCreditCode, inScope: Bool, subScores: SubScores?,
                total: Score?, givenGrade: Grade?, notRatedReason: String?) {
        self.origin = origin; self.year = year; self.agency = agency; self.inScope = inScope; self.subScores = subScores
        self.total = total; self.givenGrade = givenGrade; self.notRatedReason = notRatedReason
    }

    public var isNotRated: Bool { notRatedReason != nil }
}

/// Art. 9: 基本素质, 业务执行, 经营管理, 诚信记录.
public struct SubScores: Sendable, Hashable {
    public var basicQuality: Score
    public var businessExecution: Score
    public var operationManagement: Score
    public var integrityRecord: Score

    public init(basicQuality: Score, businessExecution: Score, operationManagement: Score, integrityRecord: Score) {
        self.basicQuality = basicQuality; self.businessExecution = businessExecution
        self.operationManagement = operationManagement; self.integrityRecord = integrityRecord
    }

    public var sum: Score { basicQuality + businessExecution + operationManagement + integrityRecord }

    public static let titles = ["基本素质", "业务执行", "经营管理", "诚信记录"]
    public var values: [Score] { [basicQuality, businessExecution, operationManagement, integrityRecord] }
}

extension EvaluationRecord {
    /// `evaluations.csv` and the `evaluation` table; scores are stored in hundredths.
    public static let entity = Entity<EvaluationRecord>(
        file: "evaluations.csv", title: "信用评价", table: "evaluation", tableTitle: "信用评价", fields: [
            .required("年度", .number, "评价周期（自然年），如 2025", en: "the evaluated natural year", column: "year") { $0.year },
            .agencyCode(en: "an agency of agencies.csv; one row per agency and year") { $0.agency },
            .required("是否纳入评价", .flag, "是 或 否（当年未在本市开展业务为 否，第八条）", en: "是, or 否 when the agency had no business in Ningbo that year (Art. 8): it is then absent from the year's lists", column: "in_scope") { $0.inScope },
            .optional("基本素质", .number, "得分，最多两位小数", en: "score, 0 to the maximum of the year's indicator system (`[indicators]`, or `[indicators.YEAR]` for a year the bureau updated it; default 20)", column: "basic_quality") { $0.subScores?.basicQuality },
            .optional("业务执行", .number, "得分", en: "score (default maximum 40)", column: "business_execution") { $0.subScores?.businessExecution },
            .optional("经营管理", .number, "得分", en: "score (default maximum 20)", column: "operation_management") { $0.subScores?.operationManagement },
            .optional("诚信记录", .number, "得分", en: "score (default maximum 20)", column: "integrity_record") { $0.subScores?.integrityRecord },
            .optional("总分", .number, "四项之和；留空则自动求和", en: "the sum of the four; left empty, it is summed", column: "total") { $0.total },
            .optional("评定等级", .text, "A–D；留空则按排名评定；填写则核对是否与排名一致", en: "A–D; left empty, the grade comes from the ranking; given, it is checked against the ranking", column: "given_grade") { $0.givenGrade },
            .optional("不予评定原因", .text, "不予评定等级时填写（第八条），将公示", en: "the public reason when the agency is not rated (Art. 8); a not-rated row has no scores and no grade (E144, E142), and an out-of-scope row (是否纳入评价 否) has none of the three (E143)", column: "not_rated_reason") { $0.notRatedReason },
            .sourceLine { $0.origin.line },
        ])
}

extension EvaluationRecord {
    /// Scores come back from hundredths; the four indicators are there together or not at all.
    public static func read(_ f: inout some StoredRow) -> EvaluationRecord {
        let s = ["basic_quality", "business_execution", "operation_management", "integrity_record"].map { f.score($0) }
        let sub = s.allSatisfy { $0 != nil }
            ? SubScores(basicQuality: s[0]!, businessExecution: s[1]!, operationManagement: s[2]!, integrityRecord: s[3]!) : nil
        return EvaluationRecord(origin: f.origin, year: f.int("year"), agency: f.agencyCode(), inScope: f.int("in_scope") == 1,
                                subScores: sub, total: f.score("total"), givenGrade: f.grade("given_grade"),
                                notRatedReason: f.optionalString("not_rated_reason"))
    }
}

extension EvaluationRecord {
    /// Made from a row of `evaluations.csv` (or its sheet): each bad cell is said; the record is added only when the row is whole.
    public static func add(_ row: inout some DataRow, to data: inout RegistryData) {
        let year = row.year()
        let code = row.code()
        let inScope = row.yesNo("是否纳入评价")
        let scores = SubScores.titles.map { row.score($0) }
        let total = row.score("总分")
        let grade = row.grade("评定等级")
        let reason = row.optionalText("不予评定原因")
        guard let year, let code, let inScope, row.problems.isEmpty else { return }
        var subScores: SubScores?
        if scores.allSatisfy({ $0 != nil }) {
            subScores = SubScores(basicQuality: scores[0]!, businessExecution: scores[1]!, operationManagement: scores[2]!, integrityRecord: scores[3]!)
        }
        let missing = zip(SubScores.titles, scores).filter { $0.1 == nil }.map(\.0)
        if inScope && reason == nil && !missing.isEmpty {
            row.error("E133.inScopeMissing", missing[0],
                      ["missing": "\(missing.joined(separator: "、"))"])
            return
        }
        if !missing.isEmpty && missing.count < 4 {
            row.error("E133.someMissing", missing[0],
                      ["missing": "\(missing.joined(separator: "、"))"])
            return
        }
        // Excel's SUM skips a number stored as text: a total that is the sum of the others is that, not a wrong total.
        if let total, let subScores, total != subScores.sum {
            let asText = SubScores.titles.indices.filter { row.storedAsText(SubScores.titles[$0]) }
            let counted = subScores.values.indices.filter { !asText.contains($0) }.reduce(Score.zero) { $0 + subScores.values[$1] }
            if !asText.isEmpty && total == counted {
                row.error("E132.storedAsText", "总分", ["total": "\(total)", "sum": "\(subScores.sum)",
                                                       "cells": .list(asText.map { .text(SubScores.titles[$0]) })])
                return
            }
        }
        data.published.evaluations.append(EvaluationRecord(origin: row.origin, year: year, agency: code, inScope: inScope,
                                                           subScores: subScores, total: total ?? subScores?.sum, givenGrade: grade,
                                                           notRatedReason: reason))
    }
}
