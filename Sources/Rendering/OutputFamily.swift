/// Every family of files a build writes, in the order the build makes them: one table. The renderer makes
/// each family from it (`SiteRenderer.tasks(of:)`), and its folders and top-level files are the addresses no
/// authored page or static file may take (`SitePaths.generatedFolders`, `generatedFiles`).
public enum OutputFamily: CaseIterable, Sendable {
    /// `open-data/gongshi.sqlite`: the registry's public projection.
    case registryDatabase
    /// Art. 13–14: `packages/YEAR-STAGE/`: each notice as HTML, an official .docx and its annex workbooks.
    case noticePackages
    /// `open-data/NAME.*`: each dataset in every format, and each year's filtered download (`grades/YEAR/download.js`).
    case datasets
    /// Art. 18: `verify/shards/`: the report numbers' hashes, by prefix.
    case verifyShards
    /// `search/index.js`.
    case searchIndex
    /// `verify/`: the agencies' names the verify page shows.
    case verifyNames
    /// Every page of the publication and its Markdown twin, the feeds, and the authored pages.
    case pages
    /// `open-data/`: CSVW and JSON Schema of each dataset, the data package and the catalogues (with sizes and hashes).
    case metadata
    /// `open-data/index.html`: the catalogue page, with the files' sizes and hashes.
    case openDataPage
    case sitemap
    /// The theme's assets (`assets/` in the default theme).
    case themeAssets
    /// The site's `static/` files.
    case staticFiles
    /// `SHA256SUMS` of every file, and its signature.
    case checksums

    /// Made on all cores together: the family depends only on the publication. The others describe what came
    /// before them (sizes, hashes, addresses) and are made afterwards, one after the other, in the table's order.
    public var isIndependent: Bool {
        switch self {
        case .registryDatabase, .noticePackages, .datasets, .verifyShards, .searchIndex, .verifyNames, .pages: true
        case .metadata, .openDataPage, .sitemap, .themeAssets, .staticFiles, .checksums: false
        }
    }

    /// The name `build --timings` reports the family's time under (pages: each template's own), or nil when untimed.
    public var timing: String? {
        switch self {
        case .registryDatabase: "gongshi.sqlite"
        case .noticePackages: "notice-packages"
        case .datasets: "open-data"
        case .verifyShards: "verify-shards"
        case .searchIndex: "search-index"
        case .verifyNames: "verify-names"
        case .metadata: "open-data-metadata"
        case .checksums: "SHA256SUMS"
        case .pages, .openDataPage, .sitemap, .themeAssets, .staticFiles: nil
        }
    }

    /// The folders at the top of the output the family writes in.
    public var folders: [String] {
        switch self {
        case .registryDatabase, .metadata, .openDataPage: ["open-data"]
        case .noticePackages: ["packages"]
        case .datasets: ["open-data", "grades"]
        case .verifyShards, .verifyNames: ["verify"]
        case .searchIndex: ["search"]
        case .pages: ["agencies", "grades", "not-rated", "serious-dishonesty", "bad-records", "notices", "changes", "search", "verify", "inspections",
                      "site-map", "contact-us"]
        case .sitemap, .checksums: []
        // The theme's and the site's own folders: `SiteContent` checks that they take no generated address.
        case .themeAssets, .staticFiles: []
        }
    }

    /// The files at the top of the output the family writes.
    public var files: [String] {
        switch self {
        case .pages: ["index.html", "index.md", "404.html", "feed.xml"]
        case .sitemap: ["sitemap.xml"]
        case .checksums: ["SHA256SUMS", "SHA256SUMS.minisig", "minisign.pub"]
        default: []
        }
    }
}
