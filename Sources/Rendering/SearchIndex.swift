import Evaluation
import Model

/// The site-wide search index, built with the site and matched in the browser (`assets/site.js`): agencies by
/// code, name, former names (Art. 7) and district; years, notices, lists and pages by title and detail.
/// Written as a script (`search/index.js`) rather than JSON so it loads from the file system too.
///
/// Agencies are the bulk at national scale, so each is one short array and its address is derived from its
/// code: `[code, name, district number, current grade letter or "", former names…]`.
public enum SearchIndex {
    public struct AgencyEntry: Sendable {
        public var code: String
        public var name: String
        public var district: String
        public var grade: String
        public var formerNames: [String]
    }

    public struct Entry: Sendable {
        public var title: String
        /// Path from the site root.
        public var path: String
        public var kind: String
        public var detail: String
    }

    public struct Index: Sendable {
        public var agencies: [AgencyEntry]
        public var entries: [Entry]
    }

    public static func index(_ contexts: PageContexts) -> Index {
        let p = contexts.publication
        let agencies = contexts.agenciesInNameOrder.map { profile in
            AgencyEntry(code: profile.agency.code.value, name: profile.agency.name, district: profile.agency.district,
                        grade: profile.currentGrade?.letter ?? "", formerNames: profile.formerNames.map(\.name))
        }
        var entries: [Entry] = []
        for year in p.years {
            entries.append(Entry(title: "\(year.year)年度信用评价结果", path: SitePaths.year(year.year), kind: "评价结果", detail: year.status.label))
        }
        for pair in contexts.comparisons {
            entries.append(Entry(title: PageContexts.comparisonTitle(pair), path: SitePaths.comparison(pair.from.year, pair.to.year),
                                 kind: "评价结果", detail: "等级上升、下降、列入和移出E级的机构"))
        }
        for item in contexts.noticeList(root: "") {
            entries.append(Entry(title: item.title, path: item.href, kind: "公告", detail: item.date))
        }
        let lists: [(String, String)] = [
            ("社会监测机构名录", SitePaths.agencies), ("严重失信（E级）机构名单", SitePaths.seriousDishonesty),
            ("不予评定等级的机构", SitePaths.notRated), ("不良记录", SitePaths.badRecords), ("变更记录", SitePaths.changes),
            ("开放数据", SitePaths.openData),
        ]
        entries += lists.map { Entry(title: $0.0, path: $0.1, kind: "页面", detail: "") }
        entries += contexts.site.pages.map { Entry(title: $0.title, path: SitePaths.page($0.slug), kind: "页面", detail: "") }
        return Index(agencies: agencies, entries: entries)
    }

    /// `window.GONGSHI_SEARCH = {"districts": […], "agencies": [[…], …], "entries": [[title, path, kind, detail], …]};`
    public static func script(_ index: Index) -> String {
        var districts: [String] = []
        var districtNumber: [String: Int] = [:]
        for a in index.agencies where districtNumber[a.district] == nil {
            districtNumber[a.district] = districts.count
            districts.append(a.district)
        }
        var out = "window.GONGSHI_SEARCH = {\"districts\":" + JSONValue.array(districts.map(JSONValue.string)).compactText()
        out += ",\n\"agencies\":[\n"
        for (i, a) in index.agencies.enumerated() {
            let row: [JSONValue] = [.string(a.code), .string(a.name), .integer(districtNumber[a.district] ?? 0), .string(a.grade)]
                + a.formerNames.map(JSONValue.string)
            out += JSONValue.array(row).compactText() + (i + 1 < index.agencies.count ? ",\n" : "\n")
        }
        out += "],\n\"entries\":"
        out += JSONValue.array(index.entries.map { .array([.string($0.title), .string($0.path), .string($0.kind), .string($0.detail)]) }).compactText()
        return out + "};\n"
    }
}

extension PageContexts {
    public func searchPage() -> Page<SearchPage> {
        var c = common(path: SitePaths.search, title: "搜索", section: .page, description: "搜索机构名称、曾用名、统一社会信用代码、所在区县、公告和页面")
        c.twin = nil
        return Page(c, SearchPage(indexScript: SitePaths.root(of: SitePaths.search) + "search/index.js"))
    }
}
