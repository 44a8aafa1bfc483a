import Evaluation
import Model

/// 《政府网站发展指引》: a 网站地图 (every section and what is under it) and a 联系我们 page, linked from every page's foot.
extension PageContexts {
    /// 网站地图: each section of the navigation with the pages under it — each year's list and comparison, every
    /// notice, the authored pages; agencies by their directory (one line each would be the directory again).
    public func siteMap() -> Page<SiteMapPage> {
        let path = SitePaths.siteMap, root = SitePaths.root(of: path)
        var sections: [SiteMapPage.Section] = []
        for item in navigation(root: root, section: .page) {
            var children: [LinkContext] = []
            if item.title == "评价结果" {
                for year in publication.years.sorted(by: { $0.year > $1.year }) where year.status != .unpublished {
                    children.append(LinkContext(title: "\(year.year)年度信用评价结果", href: root + SitePaths.year(year.year)))
                }
                for c in comparisons.reversed() {
                    children.append(LinkContext(title: Self.comparisonTitle(c), href: root + SitePaths.comparison(c.from.year, c.to.year)))
                }
            } else if item.title == "公告" {
                children = noticeList(root: root).map { LinkContext(title: $0.title, href: $0.href) }
            }
            sections.append(SiteMapPage.Section(title: item.title, href: item.href, children: children, hasChildren: !children.isEmpty))
        }
        let pages = site.pages.map { LinkContext(title: $0.title, href: root + SitePaths.page($0.slug)) }
            + [LinkContext(title: "联系我们", href: root + SitePaths.contact)]
        sections.append(SiteMapPage.Section(title: "本站", href: nil, children: pages, hasChildren: true))
        return page(path, "网站地图", .page, description: "\(site.title)的全部栏目和页面", SiteMapPage(sections: sections))
    }

    /// 联系我们: who runs the site and how to reach them; how to object (Art. 13) and where to report (Art. 21).
    public func contactPage() -> Page<ContactPage> {
        page(SitePaths.contact, "联系我们", .page, description: "\(site.identity.organiser)的联系方式、异议渠道和举报渠道",
             ContactPage(organiser: site.identity.organiser, publisher: site.publisher))
    }
}

public struct SiteMapPage: Codable, Sendable {
    public struct Section: Codable, Sendable {
        var title: String
        var href: String?
        var children: [LinkContext]
        var hasChildren: Bool
    }
    var sections: [Section]
}

public struct ContactPage: Codable, Sendable {
    var organiser, publisher: String
}
