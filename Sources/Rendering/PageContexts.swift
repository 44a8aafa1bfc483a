import Evaluation
import Model

/// Builds the Mustache context of every page from the `Publication`. Contexts are dictionaries
/// (faster to render than structs read by reflection) and never hold an Optional: a missing
/// value is a missing key, so templates never print "nil".
public struct PageContexts: Sendable {
    public let site: SiteInfo
    public let publication: Publication
    /// Authored notices already published on the as-of date, newest first.
    public let notices: [AuthoredNotice]
    let names: [UnifiedSocialCreditCode: Agency]
    /// Each agency's link in the lists, but for its `href` (which depends on the page): a year's list, its
    /// notice and its comparisons each link every agency, so the pieces are made once, not once a page.
    let links: [UnifiedSocialCreditCode: LinkText]
    /// What `common` gives every page of a depth (its `root`): the site's facts, the objection channel and
    /// the navigation of each section, converted once for the 100,000 agency pages, not once each.
    private(set) var shared: [String: SharedPieces]
    /// Each grade as the lists show it beside every agency: one converted copy per grade instead of one
    /// (and its long `meaning`) per row of a list of 100,000.
    private(set) var gradePieces: [Grade: Shared<GradeContext>] = [:]

    struct SharedPieces: Sendable {
        var site: Shared<SiteContext>
        var objection: Shared<ObjectionContext>
        var nav: [Section: Shared<[NavItem]>]
    }
    /// Change-log entries per agency, newest first, for the agencies' own feeds (one pass over the log).
    let changesByAgency: [UnifiedSocialCreditCode: [ChangeEntry]]
    let wording: ChangeWording
    /// Agencies in pinyin order of their names (the directory and the search index), sorted once.
    public let agenciesInNameOrder: [AgencyProfile]
    /// Adjacent published years, newest pair first.
    public let comparisons: [YearComparison]
    /// Art. 19: the inspectors drawn per year and agency, only when the site publishes its pool.
    public var publishedInspectors: [Int: [UnifiedSocialCreditCode: [Inspector]]] = [:]
    /// The first day after the as-of date on which the output changes by itself: every page says it is
    /// valid until the day before, and its script warns a reader who sees it later.
    public let nextChange: CalendarChange?
    /// Art. 13: the year under notice on the as-of date, and the agencies its list rates or does not rate (whose
    /// pages carry the objection box), found once rather than by a search of the list for each page.
    let noticeYear: YearResults?
    let inNoticeYear: Set<UnifiedSocialCreditCode>
    /// Each agency's code exception, if it has one (its page shows it).
    let codeExceptions: [UnifiedSocialCreditCode: CodeException]

    public init(site: SiteInfo, publication: Publication, notices: [AuthoredNotice] = [], nextChange: CalendarChange? = nil) {
        self.site = site
        self.publication = publication
        self.nextChange = nextChange
        self.notices = notices.filter { $0.date <= publication.asOf }.sorted { ($1.date, $0.slug) < ($0.date, $1.slug) }
        names = Dictionary(publication.agencies.map { ($0.agency.code, $0.agency) }, uniquingKeysWith: { a, _ in a })
        links = Dictionary(publication.agencies.map { ($0.agency.code, LinkText($0)) }, uniquingKeysWith: { a, _ in a })
        wording = ChangeWording(publication: publication)
        changesByAgency = Dictionary(grouping: publication.changes.filter { $0.agency != nil }, by: { $0.agency! })
        agenciesInNameOrder = ChineseCollation.sorted(publication.agencies, by: { $0.agency.name }, then: { $0.agency.code.value })
        comparisons = publication.comparisons
        noticeYear = publication.years.first(where: { $0.status == .notice })
        inNoticeYear = noticeYear.map { Set($0.ratings.map(\.agency) + $0.notRated.map(\.agency)) } ?? []
        codeExceptions = Dictionary(publication.codeExceptions.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        shared = [:]
        // Every page is at most a few folders deep (agencies/CODE/index.html is two).
        var pieces: [String: SharedPieces] = [:]
        for depth in 0...4 {
            let root = String(repeating: "../", count: depth)
            pieces[root] = SharedPieces(site: Shared(siteContext(root: root)), objection: Shared(objectionContext()),
                                        nav: Dictionary(uniqueKeysWithValues: Section.allCases.map { ($0, Shared(navigation(root: root, section: $0))) }))
        }
        shared = pieces
        gradePieces = Dictionary(uniqueKeysWithValues: Grade.allCases.map { ($0, Shared(gradeContext($0))) })
    }

    public enum Section: String, CaseIterable, Sendable {
        case home, grades, agencies, seriousDishonesty, notRated, badRecords, notices, changes, openData, page, inspections, verify
    }

    /// Keys every page has: site, navigation, the as-of date and the way back to the root.
    public func common(path: String, title: String, section: Section, description: String? = nil) -> PageCommon {
        let root = SitePaths.root(of: path)
        let pieces = shared[root]
        var context = PageCommon(
            root: root,
            title: title,
            pageTitle: path == SitePaths.home ? site.title : "\(title) - \(site.title)",
            description: description ?? site.description,
            canonical: SitePaths.url(of: path, base: site.baseURL),
            stylesheet: root + SitePaths.stylesheet,
            site: pieces?.site ?? Shared(siteContext(root: root)),
            nav: pieces?.nav[section] ?? Shared(navigation(root: root, section: section)),
            asOf: publication.asOf.iso,
            asOfChinese: publication.asOf.chinese,
            nextChangeReason: nextChange.map { $0.reasons.map(\.label).joined(separator: "；") } ?? "",
            feed: root + SitePaths.feed,
            script: root + SitePaths.script,
            searchHref: root + SitePaths.search,
            objection: pieces?.objection ?? Shared(objectionContext()))
        context.breadcrumb = breadcrumb(path: path, title: title, root: root, nav: context.nav.piece)
        if path.hasSuffix("index.html") { context.twin = "index.md" }
        // The last day this page is true: the day before the output next changes by itself (nil: no such day known).
        if let last = nextChange?.date.adding(days: -1) {
            context.validUntil = last.iso
            context.validUntilChinese = last.chinese
        }
        return context
    }

    /// A page of `section`: the keys every page has, and the page's own.
    func page<Body>(_ path: String, _ title: String, _ section: Section, description: String? = nil, _ body: Body) -> Page<Body> {
        Page(common(path: path, title: title, section: section, description: description), body)
    }

    /// 当前位置: 首页, then the page's section unless the page is the section's own, then the page, unlinked.
    func breadcrumb(path: String, title: String, root: String, nav: [NavItem]) -> [Crumb] {
        guard path != SitePaths.home else { return [Crumb(title: "首页", href: nil)] }
        var trail = [Crumb(title: "首页", href: root + SitePaths.home)]
        if let section = nav.first(where: \.current), section.href != root + SitePaths.home, section.href != root + path {
            trail.append(Crumb(title: section.title, href: section.href))
        }
        trail.append(Crumb(title: title, href: nil))
        return trail
    }

    /// The site's sections, `section` marked current.
    func navigation(root: String, section: Section) -> [NavItem] {
        var nav = [NavItem(title: "首页", href: root + SitePaths.home, current: section == .home)]
        if let year = publication.currentYear {
            nav.append(NavItem(title: "评价结果", href: root + SitePaths.year(year.year), current: section == .grades))
        }
        let sections: [(String, String, Section)] = [
            ("机构名录", SitePaths.agencies, .agencies),
            ("严重失信名单", SitePaths.seriousDishonesty, .seriousDishonesty),
            ("不予评定", SitePaths.notRated, .notRated),
            ("不良记录", SitePaths.badRecords, .badRecords),
            ("公告", SitePaths.notices, .notices),
            ("变更记录", SitePaths.changes, .changes),
            ("监督检查", SitePaths.inspections, .inspections),
            ("报告核验", SitePaths.verify, .verify),
            ("开放数据", SitePaths.openData, .openData),
        ]
        nav += sections.map { NavItem(title: $0.0, href: root + $0.1, current: section == $0.2) }
        return nav
    }

    /// Art. 13: how and where to object, with the publisher's contact as the fallback.
    func objectionContext() -> ObjectionContext {
        let o = site.objections
        let address = o.address.isEmpty ? site.contact.address : o.address
        let email = o.email.isEmpty ? site.contact.email : o.email
        let phone = o.phone.isEmpty ? site.contact.phone : o.phone
        return ObjectionContext(how: o.how.isEmpty ? "提交书面异议申请，写明异议的事实和理由，并提供相关证明材料" : o.how,
                                address: address.nonEmpty, email: email.nonEmpty, phone: phone.nonEmpty)
    }

    /// The address of an authored page (`pages/SLUG.md`), or nil when the site has none: no page links to a
    /// page the build does not make.
    func authoredPage(_ slug: String, root: String) -> String? {
        site.pages.contains { $0.slug == slug } ? root + SitePaths.page(slug) : nil
    }

    func siteContext(root: String) -> SiteContext {
        let contact = ContactContext(address: site.contact.address.nonEmpty, phone: site.contact.phone.nonEmpty, email: site.contact.email.nonEmpty)
        return SiteContext(
            title: site.title, publisher: site.publisher, description: site.description,
            contact: contact, hasContact: contact.address != nil || contact.phone != nil || contact.email != nil,
            pages: site.pages.map { LinkContext(title: $0.title, href: root + SitePaths.page($0.slug)) },
            hasPages: !site.pages.isEmpty,
            reporting: site.reporting.map { c in
                ReportingChannelContext(name: c.name, phone: c.phone.nonEmpty, tel: c.phone.nonEmpty.map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } },
                                        url: c.url.nonEmpty)
            },
            identity: identityContext(root: root))
    }

    func identityContext(root: String) -> IdentityContext {
        let i = site.identity
        return IdentityContext(
            organiser: i.organiser, siteCode: i.siteCode.nonEmpty, icp: i.icp.nonEmpty, icpHref: i.icp.isEmpty ? nil : SiteIdentity.icpRecord,
            police: i.police.nonEmpty, policeHref: i.police.isEmpty ? nil : i.policeRecord,
            policeIcon: i.policeIcon.nonEmpty.map { root + $0 }, conacHref: i.conacRecord, conacIcon: i.conacIcon.nonEmpty.map { root + $0 },
            hasRecords: !i.siteCode.isEmpty || !i.icp.isEmpty || !i.police.isEmpty || i.conacRecord != nil)
    }

    // MARK: Shared pieces

    func agencyLink(_ code: UnifiedSocialCreditCode, root: String) -> AgencyLink {
        let link = links[code] ?? LinkText(name: code.value, code: code.value, district: "", categories: "", categoryList: "",
                                           searchText: " \(code.value) ")
        return AgencyLink(name: link.name, code: link.code, href: root + SitePaths.agency(code), district: link.district,
                          categories: link.categories, categoryList: link.categoryList, searchText: link.searchText)
    }

    /// An agency's link in the lists, but for its `href`.
    struct LinkText: Sendable {
        var name, code, district, categories, categoryList, searchText: String

        init(name: String, code: String, district: String, categories: String, categoryList: String, searchText: String) {
            self.name = name; self.code = code; self.district = district
            self.categories = categories; self.categoryList = categoryList; self.searchText = searchText
        }

        init(_ profile: AgencyProfile) {
            let agency = profile.agency
            self.init(name: agency.name, code: agency.code.value, district: agency.district,
                      categories: agency.serviceCategories.map(\.numeral).joined(separator: "、"),
                      categoryList: agency.serviceCategories.map(\.numeral).joined(separator: " "),
                      // Art. 7: former names too, so that the filters match as the search does.
                      searchText: ([agency.name, agency.code.value, agency.district] + profile.formerNames.map(\.name)).joined(separator: " "))
        }
    }

    /// A grade in a row of a list (the same keys and bytes as `gradeContext`).
    func sharedGrade(_ grade: Grade) -> Shared<GradeContext> { gradePieces[grade] ?? Shared(gradeContext(grade)) }

    func gradeContext(_ grade: Grade) -> GradeContext {
        GradeContext(letter: grade.letter, name: grade.chineseName, meaning: grade.meaning, isE: grade == .e, class: "grade-\(grade.letter.lowercased())")
    }

    /// Each score with its title in `year`'s indicator system (Art. 9); `outOfMaximum`: shown as `18/20`, when
    /// the scores beside it come from other systems.
    func subScoreContext(_ scores: SubScores?, year: Int, outOfMaximum: Bool = false) -> [SubScoreContext] {
        guard let scores else { return [] }
        let system = publication.indicators.system(for: year)
        return scores.values.enumerated().map { i, score in
            SubScoreContext(score: outOfMaximum ? "\(score)/\(system.maxima[i])" : score.description, title: system.titles[i])
        }
    }

    /// Art. 9: a year's indicators as its system names them, with their highest scores.
    func indicatorHeaders(year: Int) -> [IndicatorHeader] {
        let system = publication.indicators.system(for: year)
        return zip(system.titles, system.maxima).map { IndicatorHeader(title: $0, max: $1.description) }
    }

    /// Art. 9: every version of the indicator system among the published years, oldest first.
    var indicatorVersions: [(number: Int, system: IndicatorSystem, years: [Int])] {
        publication.indicators.versions(years: publication.years.map(\.year)).enumerated().map { ($0.offset + 1, $0.element.system, $0.element.years) }
    }

    /// `第2版（2025年修订版，甬环发〔2025〕12号）`.
    func indicatorVersionLabel(year: Int) -> String {
        guard let v = indicatorVersions.first(where: { $0.years.contains(year) }) else { return "" }
        return Self.versionLabel(v.number, v.system)
    }

    static func versionLabel(_ number: Int, _ system: IndicatorSystem) -> String {
        let about = [system.name, system.document].filter { !$0.isEmpty }.joined(separator: "，")
        return "第\(number)版" + (about.isEmpty ? "" : "（\(about)）")
    }

    /// The rules page's list of indicator systems (Art. 9).
    func indicatorSystemsContext() -> [IndicatorSystemContext] {
        indicatorVersions.map { v in
            IndicatorSystemContext(label: Self.versionLabel(v.number, v.system), years: v.years.map { "\($0)" }.joined(separator: "、"),
                                   total: v.system.maximumTotal.description,
                                   indicators: zip(v.system.titles, v.system.maxima).map { IndicatorHeader(title: $0, max: $1.description) })
        }
    }

    func eventContext(_ event: SeriousDishonestyEvent) -> EventContext {
        EventContext(trigger: event.trigger.numeral, wording: event.trigger.wording, date: event.verifiedOn.iso,
                     document: event.documentNumber, authority: event.authority, summary: event.summary, lifted: event.liftedOn?.iso)
    }

    func badRecordContext(_ record: BadRecord, root: String, withAgency: Bool) -> BadRecordContext {
        BadRecordContext(kind: record.kind, document: record.documentNumber, authority: record.authority,
                         date: record.decidedOn.iso, content: record.content,
                         // Art. 14: the last public day, computed from the kind's period when the record states none.
                         until: publication.disclosureEnd(of: record).lastDay.iso,
                         basis: OpenDatasets.disclosureBasis(record, publication),
                         agency: withAgency ? agencyLink(record.agency, root: root) : nil)
    }

    func statusContext(_ year: YearResults) -> StatusContext {
        StatusContext(label: year.status.label, isNotice: year.status == .notice, isReviewing: year.status == .reviewing,
                      isFinal: year.status.isFinal, noticeStart: year.stage.noticeStart.iso, noticeEnd: year.stage.noticeEnd.iso,
                      noticeEndChinese: year.stage.noticeEnd.chinese, finalOn: year.stage.finalOn.iso)
    }

    func countsContext(_ year: YearResults) -> [Merged<GradeContext, GradeShare>] {
        let rated = max(year.ratings.count, 1)
        return year.gradeCounts.map { g, n in
            Merged(gradeContext(g), GradeShare(count: n, percent: "\((n * 1000 / rated + 5) / 10)%"))
        }
    }
}
