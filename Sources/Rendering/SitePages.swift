/// One page of the site to render: its template, where it goes, and how to build its context. The
/// context is built only when the page is rendered, on whichever core renders it.
public struct PageJob: Sendable {
    public let template: String
    public let path: String
    /// Also render `TEMPLATE.md` to the `index.md` beside the page.
    public let twin: Bool
    /// Listed in sitemap.xml (every HTML page but 404).
    public let inSitemap: Bool
    public let context: @Sendable () -> [String: Any]

    public init(_ template: String, _ path: String, twin: Bool = true, inSitemap: Bool = true, context: @escaping @Sendable () -> [String: Any]) {
        self.template = template
        self.path = path
        self.twin = twin
        self.inSitemap = inSitemap
        self.context = context
    }

    public var twinPath: String { String(path.dropLast("index.html".count)) + "index.md" }
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
        var jobs = [PageJob("home", SitePaths.home) { shared.contexts.home() }]
        for (i, year) in publication.years.enumerated() {
            jobs.append(PageJob("grade-list", SitePaths.year(year.year)) { shared.contexts.gradeList(shared.contexts.publication.years[i]) })
        }
        for (i, comparison) in comparisons.enumerated() {
            jobs.append(PageJob("comparison", SitePaths.comparison(comparison.from.year, comparison.to.year)) {
                shared.contexts.comparisonPage(shared.contexts.comparisons[i])
            })
        }
        jobs.append(PageJob("agencies", SitePaths.agencies) { shared.contexts.agencyDirectory() })
        for (i, profile) in publication.agencies.enumerated() {
            jobs.append(PageJob("agency", SitePaths.agency(profile.agency.code)) { shared.contexts.agency(shared.contexts.publication.agencies[i]) })
        }
        jobs.append(PageJob("serious-dishonesty", SitePaths.seriousDishonesty) { shared.contexts.seriousDishonestyList() })
        jobs.append(PageJob("not-rated", SitePaths.notRated) { shared.contexts.notRatedList() })
        jobs.append(PageJob("bad-records", SitePaths.badRecords) { shared.contexts.badRecordList() })
        jobs += authored
        jobs.append(PageJob("notices", SitePaths.notices) { shared.contexts.noticeIndex() })
        for (i, year) in publication.years.enumerated() {
            jobs.append(PageJob("notice", SitePaths.generatedNotice(year: year.year, final: false)) {
                shared.contexts.generatedNotice(shared.contexts.publication.years[i], final: false)
            })
            if year.status.isFinal {
                jobs.append(PageJob("notice", SitePaths.generatedNotice(year: year.year, final: true)) {
                    shared.contexts.generatedNotice(shared.contexts.publication.years[i], final: true)
                })
            }
        }
        // An authored notice's source may hold raw HTML that cmark's safe mode drops; a Markdown twin would
        // carry it again, so authored notices, like authored pages, have none.
        for (i, notice) in notices.enumerated() {
            jobs.append(PageJob("authored-notice", SitePaths.notice(notice.slug), twin: false) { shared.contexts.authoredNotice(shared.contexts.notices[i]) })
        }
        jobs.append(PageJob("changes", SitePaths.changes) { shared.contexts.changeLog() })
        jobs.append(PageJob("search", SitePaths.search, twin: false) { shared.contexts.searchPage() })
        jobs.append(PageJob("inspections", SitePaths.inspections) { shared.contexts.inspectionsPage() })
        jobs.append(PageJob("verify", SitePaths.verify, twin: false) { shared.contexts.verifyPage(reportIndex) })
        jobs.append(PageJob("feed.xml", SitePaths.feed, twin: false, inSitemap: false) { shared.contexts.feed() })
        for feed in listFeeds {
            jobs.append(PageJob("feed.xml", SitePaths.feed(of: feed.page), twin: false, inSitemap: false) { shared.contexts.listFeed(feed) })
        }
        jobs.append(PageJob("404", "404.html", twin: false, inSitemap: false) { shared.contexts.notFound() })
        return jobs
    }
}
