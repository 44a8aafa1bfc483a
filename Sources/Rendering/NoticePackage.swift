import Evaluation
import Model

/// Art. 13–14: a notice as the bureau issues it — the 公示, the 公布, and the 通报 to the departments the
/// results are shared with — ready to post on the bureau's government CMS (an article with annexes): the
/// text as an HTML fragment, the same as a `.docx` laid out as an official document (GB/T 9704-2012), and
/// the annexes as workbooks. Built from the publication, so its numbers are the site's.
public struct NoticeDocument: Sendable {
    public struct Annex: Sendable {
        public var number: Int
        public var title: String
        public var file: String
        public var headers: [String]
        public var rows: [[String]]
    }

    /// `2025-notice`, `2025-final`, `2025-circular`: the package's folder under `packages/`.
    public var folder: String
    public var kind: DocumentKind
    /// 发文字号, when the site gives one for this year's document of this kind.
    public var number: String?
    /// The 版头 and 版记 (GB/T 9704-2012) the site issues it with.
    public var style: DocumentStyle
    public var title: String
    /// 主送: the departments a 通报 is addressed to; empty for a public notice.
    public var addressees: [String]
    public var paragraphs: [String]
    public var annexes: [Annex]
    public var authority: String
    public var date: CivilDate

    /// Every package as of the publication's date: a year's 公示 from its first day; its 公布 and 通报 once final.
    /// Each as a function that makes it: a national year's annexes list 100,000 agencies, so a build makes
    /// each on the core that writes it, and lets it go once written.
    public static func makers(_ p: Publication, site: SiteInfo, addressees: [String]) -> [@Sendable () -> NoticeDocument] {
        // A notice names each agency as it was named on its date (Art. 7): a change of name filed later does not rewrite it.
        var makers: [@Sendable () -> NoticeDocument] = []
        for year in p.years.sorted(by: { $0.year < $1.year }) {
            makers.append { notice(year, site: site, names: p.names(on: year.stage.noticeStart)) }
            if year.status.isFinal {
                makers.append { final(year, site: site, names: p.names(on: year.stage.finalOn)) }
                makers.append { circular(year, site: site, names: p.names(on: year.stage.finalOn), addressees: addressees) }
            }
        }
        return makers
    }

    /// 附件1–3: the results (序号, 机构名称, 统一社会信用代码, 评价等级 — Shanghai's annex as a floor), the
    /// agencies not in scope (Art. 8), the agencies not rated.
    static func annexes(_ year: YearResults, ratings: [Rating], names: [UnifiedSocialCreditCode: String]) -> [Annex] {
        let results = ratings.enumerated().map { i, r in [String(i + 1), names[r.agency] ?? "", r.agency.value, r.currentGrade.letter] }
        let outOfScope = year.outOfScope.enumerated().map { i, c in [String(i + 1), names[c] ?? "", c.value, "当年未在本市开展业务（第八条）"] }
        let notRated = year.notRated.enumerated().map { i, n in [String(i + 1), names[n.agency] ?? "", n.agency.value, n.reason] }
        return [
            Annex(number: 1, title: "\(year.year)年度生态环境监测社会化服务机构信用评价结果", file: "annex-1-results.xlsx",
                  headers: ["序号", "机构名称", "统一社会信用代码", "评价等级"], rows: results),
            Annex(number: 2, title: "\(year.year)年度未纳入信用评价范围的机构", file: "annex-2-not-in-scope.xlsx",
                  headers: ["序号", "机构名称", "统一社会信用代码", "说明"], rows: outOfScope),
            Annex(number: 3, title: "\(year.year)年度不予评定等级的机构", file: "annex-3-not-rated.xlsx",
                  headers: ["序号", "机构名称", "统一社会信用代码", "不予评定原因"], rows: notRated),
        ]
    }

    static func counts(_ ratings: [Rating], _ year: YearResults) -> String {
        let grades = ratings.gradeCounts.filter { $0.count > 0 }
        return "共评定 \(ratings.count) 家机构，其中" + grades.map { "\($0.0.letter)级 \($0.1) 家" }.joined(separator: "、")
            + "；不予评定等级 \(year.notRated.count) 家；未纳入评价范围 \(year.outOfScope.count) 家"
    }

    static func objectionChannel(_ o: SiteInfo.ObjectionChannel) -> String {
        var text = o.how.isEmpty ? "书面提出异议申请，并提供相关证明材料" : o.how
        if !o.address.isEmpty { text += "。地址：\(o.address)" }
        if !o.email.isEmpty { text += "。电子邮件：\(o.email)" }
        if !o.phone.isEmpty { text += "。联系电话：\(o.phone)" }
        return text
    }

    static func notice(_ year: YearResults, site: SiteInfo, names: [UnifiedSocialCreditCode: String]) -> NoticeDocument {
        let ratings = year.noticeRatings.isEmpty ? year.ratings : year.noticeRatings
        return NoticeDocument(
            folder: "\(year.year)-notice", kind: .notice, number: site.documents.number(year.year, .notice), style: site.documents, title: "关于\(year.year)年度宁波市生态环境监测社会化服务机构信用评价结果的公示", addressees: [],
            paragraphs: [
                "根据《宁波市生态环境监测社会化服务机构监督管理办法》第十三条，现将\(year.year)年度本市生态环境监测社会化服务机构信用评价结果予以公示（见附件）。\(counts(ratings, year))。",
                "公示期：\(year.stage.noticeStart.chinese)至\(year.stage.noticeEnd.chinese)。",
                "对评价结果有异议的，可在公示期内\(objectionChannel(site.objections))。逾期提出的，不予受理。",
            ],
            annexes: annexes(year, ratings: ratings, names: names), authority: site.documents.issuer, date: year.stage.noticeStart)
    }

    static func final(_ year: YearResults, site: SiteInfo, names: [UnifiedSocialCreditCode: String]) -> NoticeDocument {
        let ratings = year.versions.first?.ratings ?? year.ratings
        return NoticeDocument(
            folder: "\(year.year)-final", kind: .final, number: site.documents.number(year.year, .final), style: site.documents, title: "关于\(year.year)年度宁波市生态环境监测社会化服务机构信用评价结果的公布", addressees: [],
            paragraphs: [
                "根据《宁波市生态环境监测社会化服务机构监督管理办法》第十四条，\(year.year)年度本市生态环境监测社会化服务机构信用评价结果经公示（\(year.stage.noticeStart.chinese)至\(year.stage.noticeEnd.chinese)）和异议处理，现予公布（见附件）。\(counts(ratings, year))。",
                year.objectionsWhenPublished.map { ObjectionWording.sentence($0, stage: year.stage) } ?? "",
                ObjectionWording.validity + "评价结果将共享至市场监督管理、信用主管部门和“信用宁波”平台（第十四条）。",
            ],
            annexes: annexes(year, ratings: ratings, names: names), authority: site.documents.issuer, date: year.stage.finalOn)
    }

    static func circular(_ year: YearResults, site: SiteInfo, names: [UnifiedSocialCreditCode: String], addressees: [String]) -> NoticeDocument {
        let ratings = year.versions.first?.ratings ?? year.ratings
        return NoticeDocument(
            folder: "\(year.year)-circular", kind: .circular, number: site.documents.number(year.year, .circular), style: site.documents, title: "关于通报\(year.year)年度宁波市生态环境监测社会化服务机构信用评价结果的函", addressees: addressees,
            paragraphs: [
                "根据《宁波市生态环境监测社会化服务机构监督管理办法》第十四条，现将\(year.year)年度本市生态环境监测社会化服务机构信用评价结果（\(year.stage.finalOn.chinese)公布）通报如下（见附件）。\(counts(ratings, year))。",
                "请在各自职责范围内，将评价结果作为监督管理、信用监管和联合奖惩的参考。评价结果的电子数据已通过共享数据包报送。",
            ],
            annexes: annexes(year, ratings: ratings, names: names), authority: site.documents.issuer, date: year.stage.finalOn)
    }

    /// The text for the CMS's editor: a page that opens in any browser, whose `<article>` — no styles, no
    /// scripts — is the fragment to paste.
    public var htmlFragment: String {
        var out = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>\(title.xmlEscaped)</title>\n</head>\n<body>\n"
            + "<!-- 发布时复制 article 中的内容到政务网站的编辑器；附件为同一文件夹中的 .xlsx 文件。 -->\n<article>\n"
        out += "<h1>\(title.xmlEscaped)</h1>\n"
        if let number { out += "<p class=\"document-number\">\(number.xmlEscaped)</p>\n" }
        if !addressees.isEmpty { out += "<p>\(addressees.joined(separator: "，").xmlEscaped)：</p>\n" }
        for p in paragraphs { out += "<p>\(p.xmlEscaped)</p>\n" }
        out += "<p>附件：</p>\n<ol>\n"
        for a in annexes { out += "<li><a href=\"\(a.file)\">\(a.title.xmlEscaped)</a>（\(a.rows.count) 家）</li>\n" }
        out += "</ol>\n<p style=\"text-align:right\">\(authority.xmlEscaped)<br>\(date.chinese)</p>\n</article>\n</body>\n</html>\n"
        return out
    }
}
