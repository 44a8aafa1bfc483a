import Evaluation
import Registry

/// The site-wide search index, built with the site: titles and short descriptions of agencies, years,
/// notices, lists and pages, matched in the browser by substring (Chinese needs no word segmentation).
/// Written as a script (`search/index.js`) rather than JSON so it loads from the file system too.
public enum SearchIndex {
    public struct Entry: Sendable {
        public var title: String
        /// Path from the site root.
        public var path: String
        public var kind: String
        public var detail: String
    }

    public static func entries(_ contexts: PageContexts) -> [Entry] {
        let p = contexts.publication
        var entries: [Entry] = []
        for profile in contexts.agenciesInNameOrder {
            let a = profile.agency
            let grade = profile.currentGrade.map { " · \($0.letter)级" } ?? ""
            entries.append(Entry(title: a.name, path: SitePaths.agency(a.code), kind: "机构", detail: "\(a.code.value) · \(a.district)\(grade)"))
        }
        for year in p.years {
            entries.append(Entry(title: "\(year.year)年度信用评价结果", path: SitePaths.year(year.year), kind: "评价结果", detail: year.status.label))
        }
        for item in contexts.noticeList(root: "") {
            entries.append(Entry(title: item["title"] as? String ?? "", path: item["href"] as? String ?? "", kind: "公告", detail: item["date"] as? String ?? ""))
        }
        let lists: [(String, String)] = [
            ("社会监测机构名录", SitePaths.agencies), ("严重失信（E级）机构名单", SitePaths.seriousDishonesty),
            ("不予评定等级的机构", SitePaths.notRated), ("不良记录", SitePaths.badRecords), ("变更记录", SitePaths.changes),
            ("开放数据", SitePaths.openData),
        ]
        entries += lists.map { Entry(title: $0.0, path: $0.1, kind: "页面", detail: "") }
        entries += contexts.site.pages.map { Entry(title: $0.title, path: SitePaths.page($0.slug), kind: "页面", detail: "") }
        return entries
    }

    /// `window.GONGSHI_SEARCH = [[title, path, kind, detail], …];`
    public static func script(_ entries: [Entry]) -> String {
        let rows = JSONValue.array(entries.map { .array([.string($0.title), .string($0.path), .string($0.kind), .string($0.detail)]) }).compactText()
        return "window.GONGSHI_SEARCH = " + rows + ";\n"
    }
}

extension PageContexts {
    public func searchPage() -> [String: Any] {
        var c = common(path: SitePaths.search, title: "搜索", section: .page, description: "搜索机构名称、统一社会信用代码、公告和页面")
        c.removeValue(forKey: "twin")
        c["indexScript"] = SitePaths.root(of: SitePaths.search) + "search/index.js"
        return c
    }
}
