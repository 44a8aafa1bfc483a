// The pieces of context every page or many pages have. Each type's fields are the names a template may use:
// the theme is checked against them when it loads (`TemplateCheck`). A field that is nil is no key at all.

/// A page's context: the keys every page has, and the page's own.
public typealias Page<Body: Codable & Sendable> = Merged<PageCommon, Body>

/// What every page has: the site, its navigation, the as-of date and the way back to the root.
public struct PageCommon: Codable, Sendable {
    public var root, title, pageTitle, description: String
    public var canonical: String?
    public var stylesheet: String
    public var site: Shared<SiteContext>
    public var nav: Shared<[NavItem]>
    public var asOf, asOfChinese: String
    /// Why the output next changes by itself.
    public var nextChangeReason: String
    public var feed, script, searchHref: String
    public var objection: Shared<ObjectionContext>
    /// The Markdown twin beside the page.
    public var twin: String?
    /// The last day this page is true.
    public var validUntil: String?
    public var validUntilChinese: String?
    /// The page's own feed: the layout links it in the head and under the text.
    public var listFeed: FeedLink?
    /// 当前位置 (《政府网站发展指引》): 首页, the page's section, the page; the last has no link.
    public var breadcrumb: [Crumb] = []
}

public struct Crumb: Codable, Sendable {
    var title: String
    var href: String?
}

public struct SiteContext: Codable, Sendable {
    var title, publisher, description: String
    var contact: ContactContext
    var hasContact: Bool
    var pages: [LinkContext]
    var hasPages: Bool
    var reporting: [ReportingChannelContext]
    var identity: IdentityContext
}

/// 《政府网站发展指引》: the foot of every page — who runs the site and its record numbers, each linked to its record.
public struct IdentityContext: Codable, Sendable {
    var organiser: String
    var siteCode, icp, icpHref, police, policeHref, policeIcon, conacHref, conacIcon: String?
    var hasRecords: Bool
}

public struct ContactContext: Codable, Sendable {
    var address, phone, email: String?
}

/// Art. 18: where the public reports a monitoring agency's misconduct.
public struct ReportingChannelContext: Codable, Sendable {
    var name: String
    var phone: String?
    /// The phone as a `tel:` link.
    var tel: String?
    var url: String?
}

public struct NavItem: Codable, Sendable {
    var title, href: String
    var current: Bool
}

public struct LinkContext: Codable, Sendable {
    var title, href: String
}

/// Art. 13: how and where to object.
public struct ObjectionContext: Codable, Sendable {
    var how: String
    var address, email, phone: String?
}

public struct FeedLink: Codable, Sendable {
    var href, title: String
}

/// An agency as every list links it.
public struct AgencyLink: Codable, Sendable {
    var name, code, href, district, categories, categoryList: String
    /// Art. 7: the name, code, district and former names, for the filters.
    var searchText: String
}

/// Art. 11: a grade as the lists and pages show it.
public struct GradeContext: Codable, Sendable {
    var letter, name, meaning: String
    var isE: Bool
    var `class`: String
}

/// How many agencies a year gave a grade, and their share of the rated.
public struct GradeShare: Codable, Sendable {
    var count: Int
    var percent: String
}

public struct CountContext: Codable, Sendable {
    var count: Int
}

/// Art. 9: one score with its indicator's title.
public struct SubScoreContext: Codable, Sendable {
    var score, title: String
}

/// Art. 9: an indicator of a year's system with its highest score.
public struct IndicatorHeader: Codable, Sendable {
    var title, max: String
}

public struct IndicatorSystemContext: Codable, Sendable {
    var label, years, total: String
    var indicators: [IndicatorHeader]
}

/// Art. 12: a serious-dishonesty event.
public struct EventContext: Codable, Sendable {
    var trigger, wording, date, document, authority, summary: String
    var lifted: String?
}

/// Art. 14: a bad record in its disclosure window.
public struct BadRecordContext: Codable, Sendable {
    var kind, document, authority, date, content: String
    /// The last public day.
    var until: String
    var basis: String
    var agency: AgencyLink?
}

/// Art. 13–14: a year's stage.
public struct StatusContext: Codable, Sendable {
    var label: String
    var isNotice, isReviewing, isFinal: Bool
    var noticeStart, noticeEnd, noticeEndChinese, finalOn: String
}

/// A choice of a filter or a list: its value and label.
public struct Choice: Codable, Sendable {
    var value, label: String
}

/// The filters' download of the rows shown, as a workbook made in the browser.
public struct FilteredDownloadLink: Codable, Sendable {
    var script, file, dataset, href: String
}

public struct FilterOptions: Codable, Sendable {
    var grades, districts, categories: [Choice]
}

/// Art. 5: a service category.
public struct CategoryContext: Codable, Sendable {
    var numeral, title: String
}

public struct YearLink: Codable, Sendable {
    var year: Int
    var href: String
}

/// The reason an agency was not rated (Art. 8).
public struct ReasonContext: Codable, Sendable {
    var reason: String
}

/// A page with no keys of its own.
public struct NoFields: Codable, Sendable {}

extension String {
    /// Nil when empty: a context leaves out what is not set.
    var nonEmpty: String? { isEmpty ? nil : self }
}
