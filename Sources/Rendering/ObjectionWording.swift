import Evaluation
import Model

/// Art. 13: the sentence every notice and page prints about objections, from one tally: the counts it
/// names are exactly `ObjectionTally`'s, in the measures' terms, so the notice, its package and the list
/// page cannot say different things.
public enum ObjectionWording {
    /// Art. 11, 14: how long a year's results are in force, in the words of `ResultsInForce` (the notices, the
    /// final page and the bundles' 备注 say the same day).
    public static let validity = "评价结果自公布之日起有效，至下一年度评价结果公布之日的前一日止。"

    /// `公示期内（2026年3月2日至3月13日）共收到异议 3 件，其中不予受理 1 件，经复核维持原评价结果 1 件、更正评价结果 1 件。`
    public static func sentence(_ tally: ObjectionTally, stage: PublicationStage) -> String {
        var text = "公示期内（\(stage.noticeStart.chinese)至\(stage.noticeEnd.chinese)）"
        let w = tally.withinPeriod
        text += w.received == 0 ? "未收到异议。" : "共收到异议 \(w.received) 件，其中\(breakdown(w))。"
        let o = tally.outsidePeriod
        if o.received > 0 {
            text += "公示期以外收到异议 \(o.received) 件，不计入上述数字，其中\(breakdown(o))。"
        }
        return text
    }

    /// `不予受理 1 件，经复核维持原评价结果 1 件、更正评价结果 1 件，尚在处理 1 件`, naming only what is not zero.
    static func breakdown(_ c: ObjectionTally.Counts) -> String {
        var parts: [String] = []
        if c.refused > 0 { parts.append("不予受理 \(c.refused) 件") }
        var reviewed: [String] = []
        if c.kept > 0 { reviewed.append("维持原评价结果 \(c.kept) 件") }
        if c.corrected > 0 { reviewed.append("更正评价结果 \(c.corrected) 件") }
        if !reviewed.isEmpty { parts.append("经复核" + reviewed.joined(separator: "、")) }
        if c.underReview > 0 { parts.append("尚在处理 \(c.underReview) 件") }
        return parts.joined(separator: "，")
    }
}
