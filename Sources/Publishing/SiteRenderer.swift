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

    /// Returns the number of HTML pages written.
    func renderAll(authored: [ContentPage], staticFolder: SiteFolder, staticFiles: [String]) throws -> Int {
        let publication = contexts.publication
        let contexts = self.contexts
        let authoredPages = authored.map { content in
            PageJob(.page, SitePaths.page(content.slug), twin: false) {
                contexts.authoredPage(slug: content.slug, title: content.title, html: Markdown.html(content.markdown), sections: content.sections)
            }
        }
        // What the cores are given: made on one core before they start.
        let (reportIndex, pages, datasets, documents) = measured("page-jobs") {
            let reportIndex = ReportIndex(publication)
            return (reportIndex, contexts.pageJobs(authored: authoredPages, reportIndex: reportIndex), OpenDatasets.all(publication),
                    NoticeDocument.makers(publication, site: contexts.site, addressees: addressees))
        }

        // 1. Everything that depends only on the publication, longest first so the cores finish together.
        var tasks: [() throws -> Void] = [
            { try measured("gongshi.sqlite") { try writer.write("open-data/" + CatalogueFile.database.path, try PublicDatabase.bytes(publication, registry: registry)) } },
        ]
        for document in documents {
            tasks.append { try measured("notice-packages") { try writePackage(document()) } }
        }
        // Each year's current list is also the grade page's download of what it shows (download.js): made in
        // the same task, from the same rows and key.
        let downloads = Dictionary(uniqueKeysWithValues: publication.years.map { (OpenDatasets.grades($0, publication)[0].name, $0.year) })
        for d in datasets.sorted(by: { ($1.rowCount, $0.name) < ($0.rowCount, $1.name) }) {
            tasks.append { try measured("open-data") {
                let rows = d.rows
                let key = d.contentKey(rows: rows, publisher: contexts.site.publisher, asOf: publication.asOf,
                                       licence: contexts.site.licence.statement)
                try memoized(key, DatasetFile.data.map { "open-data/" + $0.path(d.name) }) {
                    let files = d.files(rows: rows)
                    for kind in DatasetFile.data {
                        let bytes: [UInt8]
                        switch kind {
                        case .json: bytes = files.json
                        case .csv: bytes = files.csv
                        case .excelCSV: bytes = files.excelCSV
                        case .workbook:
                            let book = d.workbook(files.sheets, publisher: contexts.site.publisher, asOf: publication.asOf,
                                                  licence: contexts.site.licence.statement)
                            bytes = try DeterministicZip.archive(book.parts(), date: publication.asOf)
                        case .csvw, .jsonSchema: continue
                        }
                        try writer.write("open-data/" + kind.path(d.name), bytes)
                    }
                }
                guard let year = downloads[d.name] else { return }
                var downloadKey = ContentKey("filtered download 1")
                downloadKey.add(key.hex)
                let path = FilteredDownload.path(year: year)
                try memoized(downloadKey.digest, [path]) {
                    try writer.write(path, FilteredDownload.script(d, rows: rows, publisher: contexts.site.publisher,
                                                                   asOf: publication.asOf, licence: contexts.site.licence.statement))
                }
            } }
        }
        // Up to a million shards at national scale: in batches, so both cores write them.
        let batch = 4096
        for first in stride(from: 0, to: reportIndex.shardCount, by: batch) {
            tasks.append { try measured("verify-shards") {
                for i in first..<min(first + batch, reportIndex.shardCount) {
                    try writer.write("verify/shards/\(reportIndex.prefix(ofShard: i)).js", reportIndex.script(ofShard: i))
                }
            } }
        }
        tasks.append { try measured("search-index") { try writer.write("search/index.js", SearchIndex.script(SearchIndex.index(contexts))) } }
        tasks.append { try measured("verify-names") { for names in reportIndex.nameScripts { try writer.write(names.file, names.script) } } }
        for page in pages {
            tasks.append { try measured(page.template) { try render(page) } }
        }
        try Parallel.run(tasks)

        // 2. What describes those files: metadata, the catalogue page, the sitemap; then the theme's files.
        try measured("open-data-metadata") { try writeMetadata(datasets) }
        let catalogue = PageJob(.openData, SitePaths.openData) {
            contexts.openData(datasets, facts: facts(datasets), signing: signing.map { PageContexts.Signing(keyID: $0.idText, publicKeyLine: $0.publicKeyLine) })
        }
        try render(catalogue)
        let sitemapPaths = pages.filter(\.inSitemap).map(\.path) + [catalogue.path]
        try writer.write("sitemap.xml", sitemap(sitemapPaths))
        // Read again through their folders, never through a link; SiteContent checked that no two owners
        // share a path, so a clash here is an error, not a choice.
        for (relative, asset) in theme.assets.sorted(by: { $0.key < $1.key }) {
            switch asset.bytes() {
            case .success(let bytes): try writer.write(relative, bytes)
            case .failure(let f): throw GongshiError(step: .copyThemeFiles, diagnostics: [asset.diagnostic(f)])
            }
        }
        for relative in staticFiles {
            switch staticFolder.read(relative) {
            case .success(let bytes): try writer.write(relative, bytes)
            case .failure(let f): throw GongshiError(step: .copyStaticFiles, diagnostics: [staticFolder.diagnostic(f, relative)])
            }
        }

        // 3. The checksums of all of it, signed.
        try measured("SHA256SUMS") { try writeChecksums() }
        return sitemapPaths.count + 1
    }

    /// Art. 13–14: a notice as the bureau posts it — HTML fragment, official .docx, annexes as workbooks.
    func writePackage(_ document: NoticeDocument) throws {
        let folder = "packages/\(document.folder)/"
        try memoized(document.contentKey, [folder + "notice.html", folder + "notice.docx"] + document.annexes.map { folder + $0.file }) {
            try writer.write(folder + "notice.html", Array(document.htmlFragment.utf8))
            try writer.write(folder + "notice.docx", try DeterministicZip.archive(OfficialDocument.parts(document), date: document.date))
            for annex in document.annexes {
                var sheet = WorkbookWriter.SheetWriter(header: annex.headers, kinds: annex.headers.map { _ in WorkbookWriter.Kind.text },
                                                       widths: WorkbookWriter.SheetWriter.fitting([annex.headers] + annex.rows))
                for row in annex.rows { sheet.append(row.map { Dataset.Value.text($0) }) }
                let book = WorkbookWriter(title: "附件\(annex.number) \(annex.title)", creator: document.authority, date: document.date,
                                    dataSheets: sheet.finish(), notes: [["附件", "\(annex.number)", "", ""], ["标题", annex.title, "", ""],
                                                                        ["所属公告", document.title, "", ""]])
                try writer.write(folder + annex.file, try DeterministicZip.archive(book.parts(), date: document.date))
            }
        }
    }

    /// A page and its Markdown twin, from one context; taken from the last build when made from the same.
    func render(_ page: PageJob) throws {
        let context = page.context()
        try memoized(context.key(template: page.template, twin: page.twin), page.twin ? [page.path, page.twinPath] : [page.path]) {
            let context = context.value()
            try writer.write(page.path, try theme.renderBytes(page.template, context))
            if page.twin { try writer.write(page.twinPath, try theme.renderBytes(page.template + ".md", context)) }
        }
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
