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

extension PageContexts {
    /// Every page built from the publication, in sitemap order; `authored` pages go after the lists.
    /// The open-data catalogue is not here: it describes files written after these.
    public func pageJobs(authored: [PageJob], reportIndex: ReportIndex) -> [PageJob] {
        let contexts = self
        let publication = self.publication
        var jobs = [PageJob("home", SitePaths.home) { contexts.home() }]
        for year in publication.years {
            jobs.append(PageJob("grade-list", SitePaths.year(year.year)) { contexts.gradeList(year) })
        }
        for comparison in contexts.comparisons {
            jobs.append(PageJob("comparison", SitePaths.comparison(comparison.from.year, comparison.to.year)) { contexts.comparisonPage(comparison) })
        }
        jobs.append(PageJob("agencies", SitePaths.agencies) { contexts.agencyDirectory() })
        for profile in publication.agencies {
            jobs.append(PageJob("agency", SitePaths.agency(profile.agency.code)) { contexts.agency(profile) })
        }
        jobs.append(PageJob("serious-dishonesty", SitePaths.seriousDishonesty) { contexts.seriousDishonestyList() })
        jobs.append(PageJob("not-rated", SitePaths.notRated) { contexts.notRatedList() })
        jobs.append(PageJob("bad-records", SitePaths.badRecords) { contexts.badRecordList() })
        jobs += authored
        jobs.append(PageJob("notices", SitePaths.notices) { contexts.noticeIndex() })
        for year in publication.years {
            jobs.append(PageJob("notice", SitePaths.generatedNotice(year: year.year, final: false)) { contexts.generatedNotice(year, final: false) })
            if year.status.isFinal {
                jobs.append(PageJob("notice", SitePaths.generatedNotice(year: year.year, final: true)) { contexts.generatedNotice(year, final: true) })
            }
        }
        // An authored notice's source may hold raw HTML that cmark's safe mode drops; a Markdown twin would
        // carry it again, so authored notices, like authored pages, have none.
        for notice in notices {
            jobs.append(PageJob("authored-notice", SitePaths.notice(notice.slug), twin: false) { contexts.authoredNotice(notice) })
        }
        jobs.append(PageJob("changes", SitePaths.changes) { contexts.changeLog() })
        jobs.append(PageJob("search", SitePaths.search, twin: false) { contexts.searchPage() })
        jobs.append(PageJob("inspections", SitePaths.inspections) { contexts.inspectionsPage() })
        jobs.append(PageJob("verify", SitePaths.verify, twin: false) { contexts.verifyPage(reportIndex) })
        jobs.append(PageJob("feed.xml", SitePaths.feed, twin: false, inSitemap: false) { contexts.feed() })
        for feed in listFeeds {
            jobs.append(PageJob("feed.xml", SitePaths.feed(of: feed.page), twin: false, inSitemap: false) { contexts.listFeed(feed) })
        }
        jobs.append(PageJob("404", "404.html", twin: false, inSitemap: false) { contexts.notFound() })
        return jobs
    }
}
