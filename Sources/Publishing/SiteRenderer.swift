import Cryptography
import Evaluation
import Foundation
import Import
import Model
import Rendering

/// Renders every page, its Markdown twin, the open data, the sitemap and the assets into the writer,
/// on all cores: pages and files are independent, and the writer takes them in any order.
struct SiteRenderer {
    let theme: Theme
    let contexts: PageContexts
    let writer: OutputWriter
    let registry: PublicRegistry
    /// Signs SHA256SUMS when the build was given a secret key.
    let signing: MinisignKey?
    /// Art. 14: the departments a 通报 of the results is addressed to (the recipients' addresses).
    var addressees: [String] = []
    /// `build --timings`: the time each kind of output takes, on all cores together.
    var timings: BuildTimings?
    /// What the last build's pages and datasets were made from: those made from the same are not made again.
    var memo: RenderMemo
    /// Told of each page rendered (`Site.pageProgress`).
    var pageProgress: (@Sendable (Int, Int) -> Void)?

    /// What every family is made from, made on one core before the cores start.
    struct Inputs {
        var staticFolder: SiteFolder
        var staticFiles: [String]
        var reportIndex: ReportIndex
        var pages: [PageJob]
        var datasets: [Dataset]
        var documents: [@Sendable () -> NoticeDocument]
        /// The open-data page: made after the files it describes.
        var catalogue: PageJob
        /// Each year's current list, by dataset name: the grade page's download is made with it.
        var downloads: [String: Int]

        /// The pages the sitemap lists, in the order of the site's sections, the open-data page last.
        var sitemapPaths: [String]
    }

    /// Every family of `OutputFamily`, in its order: the independent ones on all cores together, then the
    /// others one after the other. Returns the number of HTML pages written.
    func renderAll(authored: [ContentPage], staticFolder: SiteFolder, staticFiles: [String]) throws -> Int {
        let publication = contexts.publication
        let contexts = self.contexts
        let authoredPages = authored.map { content in
            PageJob(.page, SitePaths.page(content.slug), twin: false) {
                contexts.authoredPage(slug: content.slug, title: content.title, html: Markdown.html(content.markdown), sections: content.sections)
            }
        }
        let inputs = measured("page-jobs") {
            let reportIndex = ReportIndex(publication)
            let datasets = OpenDatasets.all(publication)
            let signing = signing.map { PageContexts.Signing(keyID: $0.idText, publicKeyLine: $0.publicKeyLine) }
            let pages = contexts.pageJobs(authored: authoredPages, reportIndex: reportIndex)
            let catalogue = PageJob(.openData, SitePaths.openData) { contexts.openData(datasets, facts: facts(datasets), signing: signing) }
            return Inputs(staticFolder: staticFolder, staticFiles: staticFiles, reportIndex: reportIndex, pages: pages, datasets: datasets,
                          documents: NoticeDocument.makers(publication, site: contexts.site, addressees: addressees), catalogue: catalogue,
                          downloads: Dictionary(uniqueKeysWithValues: publication.years.map { (OpenDatasets.grades($0, publication)[0].name, $0.year) }),
                          sitemapPaths: pages.filter(\.inSitemap).map(\.path) + [catalogue.path])
        }
        try Parallel.run(OutputFamily.allCases.filter(\.isIndependent).flatMap { tasks(of: $0, inputs) })
        for family in OutputFamily.allCases where !family.isIndependent {
            for task in tasks(of: family, inputs) { try task() }
        }
        // The sitemap's pages and the 404 page.
        return inputs.sitemapPaths.count + 1
    }

    /// The family's makers, each timed under the family's name (a page under its template's).
    func tasks(of family: OutputFamily, _ inputs: Inputs) -> [() throws -> Void] {
        let publication = contexts.publication
        let timed = { (body: @escaping () throws -> Void) -> () throws -> Void in
            guard let kind = family.timing else { return body }
            return { try measured(kind, body) }
        }
        switch family {
        case .registryDatabase:
            return [timed { try writer.write("open-data/" + CatalogueFile.database.path, try PublicDatabase.bytes(publication, registry: registry)) }]
        case .noticePackages:
            return inputs.documents.map { document in timed { try writePackage(document()) } }
        case .datasets:
            // Largest first, so that the cores finish together.
            return inputs.datasets.sorted(by: { ($1.rowCount, $0.name) < ($0.rowCount, $1.name) }).map { d in
                timed { try writeDataset(d, download: inputs.downloads[d.name]) }
            }
        case .verifyShards:
            // Up to a million shards at national scale: in batches, so every core writes them.
            let index = inputs.reportIndex, batch = 4096
            return stride(from: 0, to: index.shardCount, by: batch).map { first in timed {
                for i in first..<min(first + batch, index.shardCount) {
                    try writer.write("verify/shards/\(index.prefix(ofShard: i)).js", index.script(ofShard: i))
                }
            } }
        case .searchIndex:
            return [timed { try writer.write("search/index.js", SearchIndex.script(SearchIndex.index(contexts))) }]
        case .verifyNames:
            return [timed { for names in inputs.reportIndex.nameScripts { try writer.write(names.file, names.script) } }]
        case .pages:
            let counter = PageCounter(total: inputs.pages.count, report: pageProgress)
            return inputs.pages.map { page in { try measured(page.template) { try render(page) }; counter.tick() } }
        case .metadata:
            return [timed { try writeMetadata(inputs.datasets) }]
        case .openDataPage:
            return [{ try render(inputs.catalogue) }]
        case .sitemap:
            return [{ try writer.write("sitemap.xml", sitemap(inputs.sitemapPaths)) }]
        case .themeAssets:
            // Read again through their folders, never through a link; SiteContent checked that no two owners
            // share a path, so a clash here is an error, not a choice.
            return theme.assets.sorted(by: { $0.key < $1.key }).map { relative, asset in {
                switch asset.bytes() {
                case .success(let bytes): try writer.write(relative, bytes)
                case .failure(let f): throw GongshiError(step: .copyThemeFiles, diagnostics: [asset.diagnostic(f)])
                }
            } }
        case .staticFiles:
            return inputs.staticFiles.map { relative in {
                switch inputs.staticFolder.read(relative) {
                case .success(let bytes): try writer.write(relative, bytes)
                case .failure(let f): throw GongshiError(step: .copyStaticFiles, diagnostics: [inputs.staticFolder.diagnostic(f, relative)])
                }
            } }
        case .checksums:
            return [timed { try writeChecksums() }]
        }
    }

    /// A dataset in every data format; each year's current list is also the grade page's download of what it
    /// shows (download.js), made in the same task from the same rows and key.
    func writeDataset(_ d: Dataset, download year: Int?) throws {
        let publication = contexts.publication, site = contexts.site
        let rows = d.rows
        let key = d.contentKey(rows: rows, publisher: site.publisher, asOf: publication.asOf, licence: site.licence.statement)
        try memoized(key, DatasetFile.data.map { "open-data/" + $0.path(d.name) }) {
            let files = d.files(rows: rows)
            for kind in DatasetFile.data {
                let bytes: [UInt8]
                switch kind {
                case .json: bytes = files.json
                case .csv: bytes = files.csv
                case .excelCSV: bytes = files.excelCSV
                case .workbook:
                    let book = d.workbook(files.sheets, publisher: site.publisher, asOf: publication.asOf, licence: site.licence.statement)
                    bytes = try DeterministicZip.archive(book.parts(), date: publication.asOf)
                case .csvw, .jsonSchema: continue
                }
                try writer.write("open-data/" + kind.path(d.name), bytes)
            }
        }
        guard let year else { return }
        var downloadKey = ContentKey("filtered download 1")
        downloadKey.add(key.hex)
        let path = FilteredDownload.path(year: year)
        try memoized(downloadKey.digest, [path]) {
            try writer.write(path, FilteredDownload.script(d, rows: rows, publisher: site.publisher, asOf: publication.asOf, licence: site.licence.statement))
        }
    }

    /// Art. 13–14: a notice as the bureau posts it — HTML fragment, official .docx, annexes as workbooks.
    func writePackage(_ document: NoticeDocument) throws {
        let folder = "packages/\(document.folder)/"
        try memoized(document.contentKey, [folder + "notice.html", folder + "notice.docx"] + document.annexes.map { folder + $0.file }) {
            try writer.write(folder + "notice.html", Array(document.htmlFragment.utf8))
            try writer.write(folder + "notice.docx", try DeterministicZip.archive(OfficialDocument.parts(document), date: document.date))
            for annex in document.annexes {
                let book = AnnexWorkbook(annex: annex, notice: document.title, creator: document.authority, date: document.date)
                try writer.write(folder + annex.file, try DeterministicZip.archive(book.parts(), date: document.date))
            }
        }
    }

    /// A page and its Markdown twin, from one context; taken from the last build when made from the same —
    /// the same inputs, for a page that declares them, whose context is then made only when it is rendered.
    func render(_ page: PageJob) throws {
        let paths = page.twin ? [page.path, page.twinPath] : [page.path]
        if let dependencies = page.dependencies {
            return try memoized(dependencies(), paths) { try write(page, page.context().value()) }
        }
        let context = page.context()
        try memoized(context.key(template: page.template, twin: page.twin), paths) { try write(page, context.value()) }
    }

    private func write(_ page: PageJob, _ context: TemplateValue) throws {
        try writer.write(page.path, try theme.renderBytes(page.template, context))
        if page.twin { try writer.write(page.twinPath, try theme.renderBytes(page.template + ".md", context)) }
    }

    /// `body`, its time added to `kind`'s when the build is timed.
    func measured<T>(_ kind: String, _ body: () throws -> T) rethrows -> T {
        try BuildTimings.measure(timings, kind, body)
    }

    /// Makes `paths` (the first names them in the memo), unless the last build made them from the same key
    /// and a tree the writer trusts still holds them.
    func memoized(_ key: [UInt8], _ paths: [String], make: () throws -> Void) throws {
        if try memo.reuse(paths[0], key: key, paths: paths, into: writer) { return }
        try make()
        memo.record(paths[0], key: key, paths: paths, from: writer)
    }

    /// Sizes and hashes of the files under open-data/: the data files, or with `all` their metadata too.
    func facts(_ datasets: [Dataset], all: Bool = true) -> [String: FileFacts] {
        var facts: [String: FileFacts] = [:]
        let names = datasets.flatMap { d in (DatasetFile.data + (all ? DatasetFile.metadata : [])).map { $0.path(d.name) } }
            + (all ? CatalogueFile.allCases.map(\.path) : [])
        for name in names {
            if let size = writer.size(of: "open-data/" + name), let sha256 = writer.checksum(of: "open-data/" + name) {
                facts[name] = FileFacts(bytes: size, sha256: sha256)
            }
        }
        return facts
    }

    /// CSVW and JSON Schema per dataset, the data package and the catalogues (which carry the files' sizes and hashes).
    func writeMetadata(_ datasets: [Dataset]) throws {
        let metadata = OpenDataMetadata(datasets: datasets, site: contexts.site, asOf: contexts.publication.asOf, facts: facts(datasets, all: false))
        for d in datasets {
            try writer.write("open-data/" + DatasetFile.csvw.path(d.name), metadata.csvw(d).text() + "\n")
            try writer.write("open-data/" + DatasetFile.jsonSchema.path(d.name), metadata.jsonSchema(d).text() + "\n")
        }
        try writer.write("open-data/" + CatalogueFile.dataPackage.path, metadata.dataPackage.text() + "\n")
        try writer.write("open-data/" + CatalogueFile.dcat.path, metadata.dcat.text() + "\n")
        try writer.write("open-data/" + CatalogueFile.portal.path, metadata.portalCatalog.text() + "\n")
    }

    /// `SHA256SUMS` of every file (the format `sha256sum -c` reads), its minisign signature, and the public key.
    func writeChecksums() throws {
        let sums = try writer.writeManifest()
        if let signing {
            try writer.write("minisign.pub", signing.publicKeyFile)
            let comment = "gongshi \(contexts.site.baseURL) as of \(contexts.publication.asOf.iso) file:SHA256SUMS"
            try writer.write("SHA256SUMS.minisig", try signing.sign(sums, trustedComment: comment))
        }
    }

    /// sitemap.xml with absolute URLs, in the order of the site's sections.
    func sitemap(_ paths: [String]) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for path in paths {
            xml += "  <url><loc>\(SitePaths.url(of: path, base: contexts.site.baseURL).xmlEscaped)</loc></url>\n"
        }
        return xml + "</urlset>\n"
    }
}

/// Pages rendered so far, counted from every core, told to whoever asked.
final class PageCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    let total: Int
    let report: (@Sendable (Int, Int) -> Void)?

    init(total: Int, report: (@Sendable (Int, Int) -> Void)?) { self.total = total; self.report = report }

    func tick() {
        guard let report else { return }
        lock.lock()
        done += 1
        let now = done
        lock.unlock()
        report(now, total)
    }
}
