import Evaluation
import Model

extension PageContexts {
    func changeContext(_ entry: ChangeEntry, root: String) -> ChangeContext {
        ChangeContext(id: entry.id, date: entry.date.iso, kind: wording.kindLabel(entry.kind), kindClass: "change-\(entry.kind.rawValue)",
                      title: wording.title(entry), sentence: wording.sentence(entry), href: root + wording.path(entry))
    }

    /// Every publication and change up to the as-of date, newest first (Art. 12–15).
    public func changeLog() -> Page<ChangeLogPage> {
        let path = SitePaths.changes
        let root = SitePaths.root(of: path)
        return page(path, "变更记录", .changes, description: "信用评价结果公示、公布后的每一项变更：异议更正、严重失信、解除、信用修复和公示期满",
                    ChangeLogPage(entries: publication.changes.map { changeContext($0, root: root) },
                                  hasEntries: !publication.changes.isEmpty, count: publication.changes.count))
    }

    /// The site's Atom feed: every entry of the change log, with absolute links and stable ids.
    public func feed() -> AtomFeed {
        atomFeed(title: "\(site.title)：公告与变更", path: SitePaths.feed, page: SitePaths.changes, entries: publication.changes)
    }

    /// A list's or an agency's Atom feed beside its page (`feed.xml` in the page's folder): the change-log
    /// entries about it, so that a reader can follow one list, one year or one agency.
    public func listFeed(_ feed: ListFeed) -> AtomFeed {
        let entries: [ChangeEntry]
        if case .agency(let code, _) = feed { entries = changesByAgency[code] ?? [] } else { entries = publication.changes.filter(feed.includes) }
        return atomFeed(title: "\(site.title)：\(feed.title)", path: SitePaths.feed(of: feed.page), page: feed.page, entries: entries)
    }

    /// An Atom feed's context. `updated` is the newest entry's date, or the first publication's for a feed
    /// with none yet: never the build's date, so that a feed changes only when its entries do.
    func atomFeed(title: String, path: String, page: String, entries: [ChangeEntry]) -> AtomFeed {
        let base = site.baseURL
        let first = publication.years.last?.stage.noticeStart ?? publication.asOf
        let updated = entries.first?.date ?? first
        return AtomFeed(
            title: title, publisher: site.publisher, lang: "zh-CN",
            id: base + path, selfHref: base + path, alternate: SitePaths.url(of: page, base: base),
            updated: "\(updated.iso)T00:00:00+08:00",
            entries: entries.map { e in
                .init(id: base + "changes/#" + e.id, title: wording.title(e), summary: wording.sentence(e),
                      href: SitePaths.url(of: wording.path(e), base: base), updated: "\(e.date.iso)T00:00:00+08:00",
                      category: wording.kindLabel(e.kind))
            })
    }

    /// The page's own feed, beside it: `<link rel="alternate">` in its head and a link under its text.
    func feedLink(_ feed: ListFeed) -> FeedLink { FeedLink(href: "feed.xml", title: feed.title) }

    /// Every list and agency that has its own feed, in page order.
    public var listFeeds: [ListFeed] {
        publication.years.map { ListFeed.year($0.year) } + [.seriousDishonesty, .badRecords]
            + publication.agencies.map { ListFeed.agency($0.agency.code, name: $0.agency.name) }
    }
}

/// A feed of part of the change log: one year's results, the E list, the bad records, or one agency.
public enum ListFeed: Sendable {
    case year(Int)
    case seriousDishonesty
    case badRecords
    case agency(UnifiedSocialCreditCode, name: String)

    /// The page the feed follows; the feed is `feed.xml` beside it.
    public var page: String {
        switch self {
        case .year(let y): return SitePaths.year(y)
        case .seriousDishonesty: return SitePaths.seriousDishonesty
        case .badRecords: return SitePaths.badRecords
        case .agency(let code, _): return SitePaths.agency(code)
        }
    }

    public var title: String {
        switch self {
        case .year(let y): return "\(y)年度信用评价结果的公示、公布和变更"
        case .seriousDishonesty: return "严重失信（E级）名单的列入和解除"
        case .badRecords: return "不良记录的公开和移出"
        case .agency(_, let name): return "\(name)的等级和记录变更"
        }
    }

    func includes(_ e: ChangeEntry) -> Bool {
        switch self {
        case .year(let y): return e.year == y || e.revoked.contains { $0.year == y }
        case .seriousDishonesty: return e.kind == .seriousDishonesty || e.kind == .lifted
        case .badRecords: return e.kind == .badRecord || e.kind == .repair || e.kind == .expiry
        case .agency(let code, _): return e.agency == code
        }
    }
}

/// Art. 12–15: an entry of the change log.
public struct ChangeContext: Codable, Sendable {
    var id, date, kind, kindClass, title, sentence, href: String
}

public struct ChangeLogPage: Codable, Sendable {
    var entries: [ChangeContext]
    var hasEntries: Bool
    var count: Int
}

/// An Atom feed (RFC 4287): not a page, so none of the keys every page has.
public struct AtomFeed: Codable, Sendable {
    public struct Entry: Codable, Sendable {
        var id, title, summary, href, updated, category: String
    }
    var title, publisher, lang, id: String
    /// The feed's own address (`self` to the template).
    var selfHref: String
    var alternate, updated: String
    var entries: [Entry]

    enum CodingKeys: String, CodingKey {
        case title, publisher, lang, id, selfHref = "self", alternate, updated, entries
    }
}
