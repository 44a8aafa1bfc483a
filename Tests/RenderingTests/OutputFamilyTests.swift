import Rendering
import Testing

/// The table of output families the renderer iterates (`OutputFamily`).
struct OutputFamilyTests {
    @Test("The families made on all cores come first; each timed family has a name of its own")
    func order() {
        let independent = OutputFamily.allCases.map(\.isIndependent)
        #expect(independent == independent.sorted { $0 && !$1 })
        let names = OutputFamily.allCases.compactMap(\.timing)
        #expect(Set(names).count == names.count)
    }

    @Test("The generated addresses are the families' folders and files: every page's folder is one")
    func addresses() {
        for path in [SitePaths.home, SitePaths.agencies, SitePaths.notRated, SitePaths.seriousDishonesty, SitePaths.badRecords,
                     SitePaths.openData, SitePaths.notices, SitePaths.changes, SitePaths.feed, SitePaths.search, SitePaths.verify,
                     SitePaths.inspections, SitePaths.year(2025), FilteredDownload.path(year: 2025), "404.html", "sitemap.xml", "SHA256SUMS"] {
            let first = String(path.prefix { $0 != "/" })
            #expect(first == path ? SitePaths.generatedFiles.contains(first) : SitePaths.generatedFolders.contains(first), "\(path)")
        }
        #expect(!SitePaths.generatedFolders.contains("assets") && SitePaths.reservedSlugs.contains("assets"))
    }
}
