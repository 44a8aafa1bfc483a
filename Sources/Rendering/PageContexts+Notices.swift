import Evaluation
import Foundation
import Model

extension PageContexts {
    /// Every notice on the site on the as-of date, generated and authored, newest first.
    func noticeList(root: String) -> [NoticeItem] {
        var items: [(date: CivilDate, order: String, item: NoticeItem)] = []
        for year in publication.years {
            items.append((year.stage.noticeStart, "g\(year.year)a", NoticeItem(
                title: Self.noticeTitle(year: year.year, final: false), date: year.stage.noticeStart.iso,
                href: root + SitePaths.generatedNotice(year: year.year, final: false), kind: "公示")))
            if year.status.isFinal {
                items.append((year.stage.finalOn, "g\(year.year)b", NoticeItem(
                    title: Self.noticeTitle(year: year.year, final: true), date: year.stage.finalOn.iso,
                    href: root + SitePaths.generatedNotice(year: year.year, final: true), kind: "公布")))
            }
        }
        for notice in notices {
            let kind = notice.stage == .notice ? "公示" : notice.stage == .final ? "公布" : "通知"
            items.append((notice.date, "a" + notice.slug, NoticeItem(title: notice.title, date: notice.date.iso,
                                                                    href: root + SitePaths.notice(notice.slug), kind: kind)))
        }
        return items.sorted { ($1.date, $0.order) < ($0.date, $1.order) }.map(\.item)
    }

    static func noticeTitle(year: Int, final: Bool) -> String {
        "关于\(year)年度宁波市生态环境监测社会化服务机构信用评价结果的\(final ? "公布" : "公示")"
    }

    public func noticeIndex() -> Page<NoticeIndexPage> {
        let list = noticeList(root: SitePaths.root(of: SitePaths.notices))
        return page(SitePaths.notices, "公告", .notices, description: "信用评价结果的公示、公布和其他公告",
                    NoticeIndexPage(notices: list, hasNotices: !list.isEmpty))
    }

    /// Art. 13–14: the generated 公示 or 公布 of a year, with the list as it stood on that day — a record
    /// of what was published, not rewritten by later changes.
    public func generatedNotice(_ year: YearResults, final: Bool) -> Page<GeneratedNoticePage> {
        let path = SitePaths.generatedNotice(year: year.year, final: final)
        let root = SitePaths.root(of: path)
        let ratings = final ? (year.versions.first?.ratings ?? year.ratings) : year.noticeRatings
        let date = final ? year.stage.finalOn : year.stage.noticeStart
        return page(path, Self.noticeTitle(year: year.year, final: final), .notices, GeneratedNoticePage(
            year: year.year, isFinal: final, date: date.iso, dateChinese: date.chinese,
            noticeStart: year.stage.noticeStart.iso, noticeEnd: year.stage.noticeEnd.iso, noticeEndChinese: year.stage.noticeEnd.chinese,
            listHref: root + SitePaths.year(year.year), rule: publication.policy.explanation, ratedCount: ratings.count,
            counts: ratings.gradeCounts.map { g, count in Merged(gradeContext(g), CountContext(count: count)) },
            rows: ratings.map { rating in
                Merged(agencyLink(rating.agency, root: root),
                       .init(rank: rating.rank, total: rating.total.description, grade: sharedGrade(rating.currentGrade), note: gradeNote(rating)))
            },
            // Art. 13–14: as they stood on the publication day: the notice is a record, not rewritten later.
            objectionSummary: final ? year.objectionsWhenPublished.map { ObjectionWording.sentence($0, stage: year.stage) } : nil,
            validity: ObjectionWording.validity,
            notRated: year.notRated.map { Merged(agencyLink($0.agency, root: root), ReasonContext(reason: $0.reason)) },
            hasNotRated: !year.notRated.isEmpty,
            publisher: site.publisher,
            package: root + "packages/\(year.year)-\(final ? "final" : "notice")/"))
    }

    public func authoredNotice(_ notice: AuthoredNotice) -> Page<AuthoredNoticePage> {
        let path = SitePaths.notice(notice.slug)
        let root = SitePaths.root(of: path)
        var c = common(path: path, title: notice.title, section: .notices)
        c.twin = nil
        var related: AuthoredNoticePage.Related?
        if let year = notice.year, let results = publication.years.first(where: { $0.year == year }) {
            related = .init(year: year, href: root + SitePaths.year(year), status: results.status.label)
        }
        return Page(c, AuthoredNoticePage(date: notice.date.iso, dateChinese: notice.date.chinese, body: notice.html, related: related))
    }

    /// Art. 13: on an agency's page during the notice, how to object to its result, code and year filled in.
    func objectionBox(for agency: Agency, root: String) -> Merged<ObjectionContext, AgencyPage.ObjectionBox>? {
        guard let year = noticeYear, inNoticeYear.contains(agency.code) else { return nil }
        let channel = objectionContext()
        var box = AgencyPage.ObjectionBox(year: year.year, deadline: year.stage.noticeEnd.chinese,
                                          noticeHref: root + SitePaths.generatedNotice(year: year.year, final: false),
                                          agencyName: agency.name, agencyCode: agency.code.value)
        if let email = channel.email {
            let subject = "异议申请：\(agency.name)（\(agency.code.value)）\(year.year)年度信用评价结果"
            let body = "异议所涉机构：\(agency.name)\n统一社会信用代码：\(agency.code.value)\n评价年度：\(year.year)\n异议的事实和理由：\n\n证明材料：\n\n异议人姓名或名称：\n联系方式："
            box.mailto = "mailto:\(email)?subject=\(Self.percentEncoded(subject))&body=\(Self.percentEncoded(body))"
        }
        return Merged(channel, box)
    }

    /// RFC 6068: everything but unreserved characters percent-encoded as UTF-8.
    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}

public struct NoticeItem: Codable, Sendable {
    var title, date, href: String
    /// 公示, 公布 or 通知.
    var kind: String
}

public struct NoticeIndexPage: Codable, Sendable {
    var notices: [NoticeItem]
    var hasNotices: Bool
}

/// Art. 13–14: the generated 公示 or 公布 of a year, as it stood on its day.
public struct GeneratedNoticePage: Codable, Sendable {
    public struct Row: Codable, Sendable {
        var rank: Int
        var total: String
        var grade: Shared<GradeContext>
        var note: String?
    }
    var year: Int
    var isFinal: Bool
    var date, dateChinese, noticeStart, noticeEnd, noticeEndChinese, listHref, rule: String
    var ratedCount: Int
    var counts: [Merged<GradeContext, CountContext>]
    var rows: [Merged<AgencyLink, Row>]
    var objectionSummary: String?
    var validity: String
    var notRated: [Merged<AgencyLink, ReasonContext>]
    var hasNotRated: Bool
    var publisher: String
    /// The notice's package: HTML fragment, .docx and annexes.
    var package: String
}

public struct AuthoredNoticePage: Codable, Sendable {
    public struct Related: Codable, Sendable {
        var year: Int
        var href, status: String
    }
    var date, dateChinese: String
    /// Rendered by cmark.
    var body: String
    var related: Related?
}
