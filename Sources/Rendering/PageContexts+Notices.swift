import Evaluation
import Foundation
import Registry

extension PageContexts {
    /// Every notice on the site on the as-of date, generated and authored, newest first.
    func noticeList(root: String) -> [[String: Any]] {
        var items: [(date: CivilDate, order: String, item: [String: Any])] = []
        for year in publication.years {
            items.append((year.stage.noticeStart, "g\(year.year)a", [
                "title": Self.noticeTitle(year: year.year, final: false), "date": year.stage.noticeStart.iso,
                "href": root + SitePaths.generatedNotice(year: year.year, final: false), "kind": "公示",
            ]))
            if year.status.isFinal {
                items.append((year.stage.finalOn, "g\(year.year)b", [
                    "title": Self.noticeTitle(year: year.year, final: true), "date": year.stage.finalOn.iso,
                    "href": root + SitePaths.generatedNotice(year: year.year, final: true), "kind": "公布",
                ]))
            }
        }
        for notice in notices {
            let kind = notice.stage == .notice ? "公示" : notice.stage == .final ? "公布" : "通知"
            items.append((notice.date, "a" + notice.slug, ["title": notice.title, "date": notice.date.iso,
                                                           "href": root + SitePaths.notice(notice.slug), "kind": kind]))
        }
        return items.sorted { ($1.date, $0.order) < ($0.date, $1.order) }.map(\.item)
    }

    static func noticeTitle(year: Int, final: Bool) -> String {
        "关于\(year)年度宁波市生态环境监测社会化服务机构信用评价结果的\(final ? "公布" : "公示")"
    }

    public func noticeIndex() -> [String: Any] {
        var c = common(path: SitePaths.notices, title: "公告", section: .notices, description: "信用评价结果的公示、公布和其他公告")
        let list = noticeList(root: SitePaths.root(of: SitePaths.notices))
        c["notices"] = list
        c["hasNotices"] = !list.isEmpty
        return c
    }

    /// Art. 13–14: the generated 公示 or 公布 of a year, with the list as it stood on that day — a record
    /// of what was published, not rewritten by later changes.
    public func generatedNotice(_ year: YearResults, final: Bool) -> [String: Any] {
        let path = SitePaths.generatedNotice(year: year.year, final: final)
        let root = SitePaths.root(of: path)
        var c = common(path: path, title: Self.noticeTitle(year: year.year, final: final), section: .notices)
        let ratings = final ? (year.versions.first?.ratings ?? year.ratings) : year.noticeRatings
        c["year"] = year.year
        c["isFinal"] = final
        c["date"] = (final ? year.stage.finalOn : year.stage.noticeStart).iso
        c["dateChinese"] = (final ? year.stage.finalOn : year.stage.noticeStart).chinese
        c["noticeStart"] = year.stage.noticeStart.iso
        c["noticeEnd"] = year.stage.noticeEnd.iso
        c["noticeEndChinese"] = year.stage.noticeEnd.chinese
        c["listHref"] = root + SitePaths.year(year.year)
        c["rule"] = publication.policy.explanation
        c["ratedCount"] = ratings.count
        c["counts"] = ratings.gradeCounts.map { g, count -> [String: Any] in
            gradeContext(g).merging(["count": count]) { a, _ in a }
        }
        c["rows"] = ratings.map { rating -> [String: Any] in
            var row = agencyLink(rating.agency, root: root)
            row["rank"] = rating.rank
            row["total"] = rating.total.description
            row["grade"] = sharedGrade(rating.currentGrade)
            if let note = gradeNote(rating) { row["note"] = note }
            return row
        }
        // Art. 13–14: as they stood on the publication day: the notice is a record, not rewritten later.
        if final, let tally = year.objectionsWhenPublished {
            c["objectionSummary"] = ObjectionWording.sentence(tally, stage: year.stage)
        }
        c["validity"] = ObjectionWording.validity
        c["notRated"] = year.notRated.map { agencyLink($0.agency, root: root).merging(["reason": $0.reason]) { a, _ in a } }
        c["hasNotRated"] = !year.notRated.isEmpty
        c["publisher"] = site.publisher
        c["package"] = root + "packages/\(year.year)-\(final ? "final" : "notice")/"
        return c
    }

    public func authoredNotice(_ notice: AuthoredNotice) -> [String: Any] {
        let path = SitePaths.notice(notice.slug)
        let root = SitePaths.root(of: path)
        var c = common(path: path, title: notice.title, section: .notices)
        c.removeValue(forKey: "twin")
        c["date"] = notice.date.iso
        c["dateChinese"] = notice.date.chinese
        c["body"] = notice.html
        if let year = notice.year, let results = publication.years.first(where: { $0.year == year }) {
            c["related"] = ["year": year, "href": root + SitePaths.year(year), "status": results.status.label] as [String: Any]
        }
        return c
    }

    /// Art. 13: on an agency's page during the notice, how to object to its result, code and year filled in.
    func objectionBox(for agency: Agency, root: String) -> [String: Any]? {
        guard let year = publication.years.first(where: { $0.status == .notice }),
              year.ratings.contains(where: { $0.agency == agency.code }) || year.notRated.contains(where: { $0.agency == agency.code })
        else { return nil }
        var c = objectionContext()
        c["year"] = year.year
        c["deadline"] = year.stage.noticeEnd.chinese
        c["noticeHref"] = root + SitePaths.generatedNotice(year: year.year, final: false)
        if let email = c["email"] as? String {
            let subject = "异议申请：\(agency.name)（\(agency.code.value)）\(year.year)年度信用评价结果"
            let body = "异议所涉机构：\(agency.name)\n统一社会信用代码：\(agency.code.value)\n评价年度：\(year.year)\n异议的事实和理由：\n\n证明材料：\n\n异议人姓名或名称：\n联系方式："
            c["mailto"] = "mailto:\(email)?subject=\(Self.percentEncoded(subject))&body=\(Self.percentEncoded(body))"
        }
        c["agencyName"] = agency.name
        c["agencyCode"] = agency.code.value
        return c
    }

    /// RFC 6068: everything but unreserved characters percent-encoded as UTF-8.
    static func percentEncoded(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)...Unicode.Scalar(127)))
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
