import Evaluation
import Foundation
import Registry
import Rendering

/// Renders every page, its Markdown twin, the open data, the sitemap and the assets into the writer.
struct SiteRenderer {
    let theme: Theme
    let contexts: PageContexts
    let writer: OutputWriter
    let registry: PublicRegistry
    /// Signs SHA256SUMS when the build was given a secret key.
    let signing: MinisignKey?

    /// Paths of HTML pages, for the sitemap.
    private(set) var sitemapPaths: [String] = []

    init(theme: Theme, contexts: PageContexts, writer: OutputWriter, registry: PublicRegistry, signing: MinisignKey?) {
        self.theme = theme
        self.contexts = contexts
        self.writer = writer
        self.registry = registry
        self.signing = signing
    }

    /// A data page: `NAME.mustache` to `path`, and `NAME.md.mustache` to the `index.md` beside it.
    mutating func page(_ template: String, _ path: String, _ context: [String: Any], twin: Bool = true) throws {
        try writer.write(path, try theme.render(template, context))
        if twin {
            let twinPath = (path as NSString).deletingLastPathComponent + "/index.md"
            try writer.write(twinPath.hasPrefix("/") ? String(twinPath.dropFirst()) : twinPath, try theme.render(template + ".md", context))
        }
        sitemapPaths.append(path)
    }

    /// Returns the number of HTML pages written.
    mutating func renderAll(authored: [ContentPage], staticDirectory: String?) throws -> Int {
        let publication = contexts.publication
        try page("home", SitePaths.home, contexts.home())
        for year in publication.years {
            try page("grade-list", SitePaths.year(year.year), contexts.gradeList(year))
        }
        try page("agencies", SitePaths.agencies, contexts.agencyDirectory())
        for profile in publication.agencies {
            try page("agency", SitePaths.agency(profile.agency.code), contexts.agency(profile))
        }
        try page("serious-dishonesty", SitePaths.seriousDishonesty, contexts.seriousDishonestyList())
        try page("not-rated", SitePaths.notRated, contexts.notRatedList())
        try page("bad-records", SitePaths.badRecords, contexts.badRecordList())
        for content in authored {
            try page("page", SitePaths.page(content.slug), contexts.authoredPage(slug: content.slug, title: content.title, html: Markdown.html(content.markdown)), twin: false)
        }
        try page("notices", SitePaths.notices, contexts.noticeIndex())
        for year in publication.years {
            try page("notice", SitePaths.generatedNotice(year: year.year, final: false), contexts.generatedNotice(year, final: false))
            if year.status.isFinal {
                try page("notice", SitePaths.generatedNotice(year: year.year, final: true), contexts.generatedNotice(year, final: true))
            }
        }
        // An authored notice's source may hold raw HTML that cmark's safe mode drops; a Markdown twin would
        // carry it again, so authored notices, like authored pages, have none.
        for notice in contexts.notices {
            try page("authored-notice", SitePaths.notice(notice.slug), contexts.authoredNotice(notice), twin: false)
        }
        try page("changes", SitePaths.changes, contexts.changeLog())
        try page("search", SitePaths.search, contexts.searchPage(), twin: false)
        try page("inspections", SitePaths.inspections, contexts.inspectionsPage())
        let reportIndex = ReportIndex(publication)
        try page("verify", SitePaths.verify, contexts.verifyPage(reportIndex), twin: false)
        for shard in reportIndex.shards { try writer.write("verify/shards/\(shard.prefix).js", shard.script) }
        try writer.write("search/index.js", SearchIndex.script(SearchIndex.entries(contexts)))
        try writer.write(SitePaths.feed, try theme.render("feed.xml", contexts.feed()))
        try writeOpenData(OpenDatasets.all(publication), registry: registry, scratch: writer.staging)
        try writer.write("404.html", try theme.render("404", contexts.notFound()))
        try writer.write("sitemap.xml", sitemap())
        for (relative, source) in theme.assets.sorted(by: { $0.key < $1.key }) {
            try writer.copy(from: source, to: relative)
        }
        if let staticDirectory {
            for relative in try Theme.files(under: staticDirectory) where writer.files[relative] == nil {
                try writer.copy(from: staticDirectory + "/" + relative, to: relative)
            }
        }
        try writeChecksums()
        return sitemapPaths.count + 1
    }

    /// The datasets in every format, their metadata, the public database, and the catalogue page.
    mutating func writeOpenData(_ datasets: [Dataset], registry: PublicRegistry, scratch: String) throws {
        var facts: [String: FileFacts] = [:]
        func put(_ name: String, _ text: String) throws { try put(name, Array(text.utf8)) }
        func put(_ name: String, _ bytes: [UInt8]) throws {
            try writer.write("open-data/" + name, bytes)
            facts[name] = FileFacts(bytes: bytes.count, sha256: writer.checksums["open-data/" + name]!)
        }
        for d in datasets {
            try put("\(d.name).csv", d.csv)
            try put("excel/\(d.name).csv", d.excelCSV)
            try put("\(d.name).json", d.json)
        }
        let metadata = OpenDataMetadata(datasets: datasets, site: contexts.site, asOf: contexts.publication.asOf, facts: facts)
        for d in datasets {
            try put("\(d.name).csv-metadata.json", metadata.csvw(d).text() + "\n")
            try put("schemas/\(d.name).schema.json", metadata.jsonSchema(d).text() + "\n")
        }
        try put("datapackage.json", metadata.dataPackage.text() + "\n")
        try put("catalog.jsonld", metadata.dcat.text() + "\n")
        try put("catalog.json", metadata.portalCatalog.text() + "\n")
        try put("gongshi.sqlite", try PublicDatabase.bytes(contexts.publication, registry: registry, scratch: scratch))
        try page("open-data", SitePaths.openData, contexts.openData(datasets, facts: facts, signing: signing.map {
            PageContexts.Signing(keyID: $0.idText, publicKeyLine: $0.publicKeyLine)
        }))
    }

    /// `SHA256SUMS` of every file (the format `sha256sum -c` reads), its minisign signature, and the public key.
    mutating func writeChecksums() throws {
        var sums = ""
        for path in writer.checksums.keys.sorted() { sums += "\(writer.checksums[path]!)  \(path)\n" }
        let bytes = Array(sums.utf8)
        try writer.write("SHA256SUMS", bytes)
        if let signing {
            try writer.write("minisign.pub", signing.publicKeyFile)
            let comment = "gongshi \(contexts.site.baseURL) as of \(contexts.publication.asOf.iso) file:SHA256SUMS"
            try writer.write("SHA256SUMS.minisig", try signing.sign(bytes, trustedComment: comment))
        }
    }

    /// sitemap.xml with absolute URLs, in the order the pages were built.
    func sitemap() -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in sitemapPaths {
            xml += "  <url><loc>\(SitePaths.url(of: path, base: contexts.site.baseURL).xmlEscaped)</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }
}
