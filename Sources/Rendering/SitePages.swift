/// A page template and the Swift type of its context: a page job can only give a template the context it
/// was written for, and the theme is checked against that type when it loads.
public struct PageTemplate<Context: Codable & Sendable>: Sendable {
    public let name: String
    init(_ name: String) { self.name = name }
}

extension PageTemplate where Context == Page<HomePage> { public static var home: Self { .init("home") } }
extension PageTemplate where Context == Page<GradeListPage> { public static var gradeList: Self { .init("grade-list") } }
extension PageTemplate where Context == Page<ComparisonPage> { public static var comparison: Self { .init("comparison") } }
extension PageTemplate where Context == Page<AgencyDirectoryPage> { public static var agencies: Self { .init("agencies") } }
extension PageTemplate where Context == Page<AgencyPage> { public static var agency: Self { .init("agency") } }
extension PageTemplate where Context == Page<SeriousDishonestyPage> { public static var seriousDishonesty: Self { .init("serious-dishonesty") } }
extension PageTemplate where Context == Page<NotRatedPage> { public static var notRated: Self { .init("not-rated") } }
extension PageTemplate where Context == Page<BadRecordsPage> { public static var badRecords: Self { .init("bad-records") } }
extension PageTemplate where Context == Page<AuthoredPage> { public static var page: Self { .init("page") } }
extension PageTemplate where Context == Page<NoticeIndexPage> { public static var notices: Self { .init("notices") } }
extension PageTemplate where Context == Page<GeneratedNoticePage> { public static var notice: Self { .init("notice") } }
extension PageTemplate where Context == Page<AuthoredNoticePage> { public static var authoredNotice: Self { .init("authored-notice") } }
extension PageTemplate where Context == Page<ChangeLogPage> { public static var changes: Self { .init("changes") } }
extension PageTemplate where Context == Page<SearchPage> { public static var search: Self { .init("search") } }
extension PageTemplate where Context == Page<InspectionsPage> { public static var inspections: Self { .init("inspections") } }
extension PageTemplate where Context == Page<VerifyPage> { public static var verify: Self { .init("verify") } }
extension PageTemplate where Context == Page<OpenDataPage> { public static var openData: Self { .init("open-data") } }
extension PageTemplate where Context == AtomFeed { public static var feed: Self { .init("feed.xml") } }
extension PageTemplate where Context == Page<NoFields> { public static var notFound: Self { .init("404") } }
extension PageTemplate where Context == Page<SiteMapPage> { public static var siteMap: Self { .init("site-map") } }
extension PageTemplate where Context == Page<ContactPage> { public static var contact: Self { .init("contact") } }

/// Every page template with its context's schema: what the theme is checked against. A page template
/// missing here is caught by a test that lists the templates the page jobs use.
public enum PageTemplates {
    public static let all: [(name: String, schema: ContextSchema, duplicates: [String])] = {
        func entry<C>(_ template: PageTemplate<C>) -> (String, ContextSchema, [String]) {
            let (schema, duplicates) = ContextSchema.of(C.self)
            return (template.name, schema, duplicates)
        }
        return [
            entry(.home), entry(.gradeList), entry(.comparison), entry(.agencies), entry(.agency), entry(.seriousDishonesty),
            entry(.notRated), entry(.badRecords), entry(.page), entry(.notices), entry(.notice), entry(.authoredNotice),
            entry(.changes), entry(.search), entry(.inspections), entry(.verify), entry(.openData), entry(.feed), entry(.notFound),
            entry(.siteMap), entry(.contact),
        ]
    }()
}

/// One page of the site to render: its template, where it goes, and how to build its context. The
/// context is built only when the page is rendered, on whichever core renders it.
public struct PageJob: Sendable {
    public let template: String
    public let path: String
    /// Also render `TEMPLATE.md` to the `index.md` beside the page.
    public let twin: Bool
    /// Listed in sitemap.xml (every HTML page but 404).
    public let inSitemap: Bool
    /// Builds the page's context.
    public let context: @Sendable () -> PreparedContext
    /// The page's key made from what it declares it reads, without its context (`AgencyPageKeys`); nil: the
    /// page is keyed by its context.
    public let dependencies: (@Sendable () -> [UInt8])?

    public init<C>(_ template: PageTemplate<C>, _ path: String, twin: Bool = true, inSitemap: Bool = true,
                   dependencies: (@Sendable () -> [UInt8])? = nil, context: @escaping @Sendable () -> C) {
        self.template = template.name
        self.path = path
        self.twin = twin
        self.inSitemap = inSitemap
        self.dependencies = dependencies
        self.context = { PreparedContext(context()) }
    }

    public var twinPath: String { String(path.dropLast("index.html".count)) + "index.md" }
}

/// A page's context as built: what it writes into the page's key, and the value its templates read, made only
/// when the page is rendered (a page the last build made from the same context is taken, never converted), and
/// only once.
public struct PreparedContext {
    let writeKey: (ContextKeyEncoder) -> Void
    public let value: () -> TemplateValue

    init<C: Encodable>(_ context: C) {
        // The context as built goes once it is converted: a list of every agency is large in either form, and
        // the page is rendered beside only one of them.
        let held = Held(context)
        writeKey = { $0.write(held.context!) }
        value = { TemplateEncoder.value(held.context.take()!) }
    }

    private final class Held<C> {
        var context: C?
        init(_ context: C) { self.context = context }
    }

    /// What the page is made from (`RenderMemo`): its template, whether it has a twin, and this context.
    public func key(template: String, twin: Bool) -> [UInt8] {
        let encoder = ContextKeyEncoder(ContentKey("page 2"))
        encoder.key.add(template)
        encoder.key.add(twin ? 1 : 0)
        writeKey(encoder)
        return encoder.key.digest
    }
}

/// The contexts every page job reads, held once: a job that captured the struct itself would carry a copy
/// of it (584 bytes, and a retain of each of its fields), and a national registry has 200,000 jobs.
final class SharedContexts: Sendable {
    let contexts: PageContexts
    init(_ contexts: PageContexts) { self.contexts = contexts }
}

extension PageContexts {
    /// Every page built from the publication, in sitemap order; `authored` pages go after the lists.
    /// The open-data catalogue is not here: it describes files written after these.
    public func pageJobs(authored: [PageJob], reportIndex: ReportIndex) -> [PageJob] {
        let shared = SharedContexts(self)
        let publication = self.publication
        var jobs = [PageJob(.home, SitePaths.home) { shared.contexts.home() }]
        for (i, year) in publication.years.enumerated() {
            jobs.append(PageJob(.gradeList, SitePaths.year(year.year)) { shared.contexts.gradeList(shared.contexts.publication.years[i]) })
        }
        for (i, comparison) in comparisons.enumerated() {
            jobs.append(PageJob(.comparison, SitePaths.comparison(comparison.from.year, comparison.to.year), dependencies: {
                shared.contexts.comparisonKey(shared.contexts.comparisons[i], template: PageTemplate<Page<ComparisonPage>>.comparison.name, twin: true)
            }) {
                shared.contexts.comparisonPage(shared.contexts.comparisons[i])
            })
        }
        jobs.append(PageJob(.agencies, SitePaths.agencies) { shared.contexts.agencyDirectory() })
        let keys = AgencyPageKeys(self)
        for (i, profile) in publication.agencies.enumerated() {
            jobs.append(PageJob(.agency, SitePaths.agency(profile.agency.code), dependencies: {
                keys.key(shared.contexts.publication.agencies[i], template: PageTemplate<Page<AgencyPage>>.agency.name, twin: true, contexts: shared.contexts)
            }) { shared.contexts.agency(shared.contexts.publication.agencies[i]) })
        }
        jobs.append(PageJob(.seriousDishonesty, SitePaths.seriousDishonesty) { shared.contexts.seriousDishonestyList() })
        jobs.append(PageJob(.notRated, SitePaths.notRated) { shared.contexts.notRatedList() })
        jobs.append(PageJob(.badRecords, SitePaths.badRecords) { shared.contexts.badRecordList() })
        jobs += authored
        jobs.append(PageJob(.notices, SitePaths.notices) { shared.contexts.noticeIndex() })
        for (i, year) in publication.years.enumerated() {
            jobs.append(PageJob(.notice, SitePaths.generatedNotice(year: year.year, final: false)) {
                shared.contexts.generatedNotice(shared.contexts.publication.years[i], final: false)
            })
            if year.status.isFinal {
                jobs.append(PageJob(.notice, SitePaths.generatedNotice(year: year.year, final: true)) {
                    shared.contexts.generatedNotice(shared.contexts.publication.years[i], final: true)
                })
            }
        }
        // An authored notice's source may hold raw HTML that cmark's safe mode drops; a Markdown twin would
        // carry it again, so authored notices, like authored pages, have none.
        for (i, notice) in notices.enumerated() {
            jobs.append(PageJob(.authoredNotice, SitePaths.notice(notice.slug), twin: false) { shared.contexts.authoredNotice(shared.contexts.notices[i]) })
        }
        jobs.append(PageJob(.changes, SitePaths.changes) { shared.contexts.changeLog() })
        jobs.append(PageJob(.search, SitePaths.search, twin: false) { shared.contexts.searchPage() })
        jobs.append(PageJob(.inspections, SitePaths.inspections) { shared.contexts.inspectionsPage() })
        jobs.append(PageJob(.verify, SitePaths.verify, twin: false) { shared.contexts.verifyPage(reportIndex) })
        jobs.append(PageJob(.feed, SitePaths.feed, twin: false, inSitemap: false) { shared.contexts.feed() })
        for feed in listFeeds {
            jobs.append(PageJob(.feed, SitePaths.feed(of: feed.page), twin: false, inSitemap: false) { shared.contexts.listFeed(feed) })
        }
        jobs.append(PageJob(.siteMap, SitePaths.siteMap) { shared.contexts.siteMap() })
        jobs.append(PageJob(.contact, SitePaths.contact) { shared.contexts.contactPage() })
        jobs.append(PageJob(.notFound, "404.html", twin: false, inSitemap: false) { shared.contexts.notFound() })
        return jobs
    }
}
