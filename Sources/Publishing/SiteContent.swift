import Foundation
import Import
import Messages
import Model
import Rendering

/// Everything a build publishes besides the registry — the theme with the site's `templates/`, the authored
/// pages and notices, the files of `static/` — read and checked here, the same way by `check` and by
/// `build`, so that a site `check` passes also builds.
///
/// The output's namespace is checked as a whole: every file has one owner. Generated pages own their
/// folders (`SitePaths.generatedFolders`) and top-level files; the theme owns its assets; an authored page
/// owns `SLUG/`; static files may go anywhere else. A file that two owners would write is an error naming
/// both, never a silent choice of one.
struct SiteContent {
    var theme: Theme?
    var pages: [ContentPage]
    var notices: [AuthoredNotice]
    /// static/ and the relative paths of its files, copied as they are.
    var staticFolder: SiteFolder
    var staticFiles: [String]
    var diagnostics: [Diagnostic]

    /// `theme` nil: templates are not checked.
    static func load(_ layout: SiteLayout, theme themeSource: ThemeSource?) -> SiteContent {
        var diagnostics: [Diagnostic] = []
        var theme: Theme?
        if let themeSource {
            do {
                theme = try Theme.load(themeSource, overrides: layout.exists(layout.templates) || SiteFolder.isLink(layout.templates) ? layout.templates : nil)
            } catch let failure as Theme.Failure {
                diagnostics += failure.diagnostics
            } catch {
                diagnostics.append(Diagnostic(at: SourceLocation(file: themeSource.folder ?? ThemeSource.builtInDisplay), "E501.message", ["error": "\(error)"]))
            }
        }
        let pages = ContentPage.loadAll(from: layout.pages, display: "pages/")
        let notices = NoticeFiles.loadAll(from: layout.notices, display: "notices/")
        diagnostics += pages.diagnostics + notices.diagnostics

        let staticFolder = SiteFolder(path: layout.staticFiles, display: "static/")
        let listing = staticFolder.list()
        diagnostics += listing.diagnostics
        for hidden in listing.hidden {
            diagnostics.append(Diagnostic(.warning, at: SourceLocation(file: "static/" + hidden),
                "W024"))
        }
        var staticFiles: [String] = []
        for relative in listing.files {
            guard OutputWriter.isSafe(relative) else {
                diagnostics.append(Self.unsafeName("static/" + relative))
                continue
            }
            switch staticFolder.read(relative) {
            case .success(let bytes) where SecretKeyPattern.occurs(in: bytes):
                diagnostics.append(SecretKeyPattern.diagnostic("static/" + relative))
            case .success: staticFiles.append(relative)
            case .failure(let f): diagnostics.append(staticFolder.diagnostic(f, relative))
            }
        }
        if let theme {
            for (relative, asset) in theme.assets.sorted(by: { $0.key < $1.key }) where asset.isOverride {
                if !OutputWriter.isSafe(relative) { diagnostics.append(Self.unsafeName("templates/" + relative)) }
                if case .success(let bytes) = asset.bytes(), SecretKeyPattern.occurs(in: bytes) {
                    diagnostics.append(SecretKeyPattern.diagnostic("templates/" + relative))
                }
            }
        }
        var content = SiteContent(theme: theme, pages: pages.pages, notices: notices.notices, staticFolder: staticFolder,
                                  staticFiles: staticFiles, diagnostics: [])
        diagnostics += content.namespaceProblems()
        content.diagnostics = diagnostics.sorted()
        return content
    }

    /// Files that two owners would write. Paths are compared ignoring case as well: the bureau's web server
    /// may be Windows, where `Index.html` and `index.html` are one file.
    func namespaceProblems() -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let generatedFolders = Set(SitePaths.generatedFolders.map { $0.lowercased() })
        let generatedFiles = Set(SitePaths.generatedFiles.map { $0.lowercased() })
        // The default theme's own folders (assets/, verify/) belong to generated pages; an override may
        // replace a file there, or add one beside them.
        let themeAssets = theme.map { Dictionary($0.assets.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }) } ?? [:]
        let themeFolders = Set(themeAssets.keys.compactMap { $0.contains("/") ? RelativePath.firstComponent($0) : nil })
        let pageSlugs = Set(pages.map(\.slug))

        for page in pages where themeFolders.contains(page.slug) || themeAssets[page.slug] != nil {
            problems.append(Diagnostic(at: SourceLocation(file: page.file),
                "E602.themeFolder",
                ["slug": "\(page.slug)"]))
        }
        for (relative, asset) in themeAssets.sorted(by: { $0.key < $1.key }) where asset.isOverride && !asset.replacesDefault {
            if let clash = clash(relative, generatedFolders: generatedFolders, generatedFiles: generatedFiles, pages: pageSlugs) {
                problems.append(Diagnostic(at: SourceLocation(file: "templates/" + asset.relative),
                    "E605.themeFile", ["relative": "\(asset.relative)", "clash": clash]))
            }
        }
        for relative in staticFiles {
            let lower = relative.lowercased()
            var clashText: MessageArgument?
            if themeAssets[lower] != nil {
                clashText = .phrase("E605.takenByTheme", ["file": "\(themeAssets[lower]!.relative)"])
            } else {
                clashText = clash(relative, generatedFolders: generatedFolders, generatedFiles: generatedFiles, pages: pageSlugs)
            }
            if let clashText {
                problems.append(Diagnostic(at: SourceLocation(file: "static/" + relative),
                    "E605.staticFile", ["relative": "\(relative)", "clash": clashText, "name": "\(RelativePath.lastComponent(relative))"]))
            }
        }
        var seen: [String: String] = [:]
        for relative in staticFiles {
            if let first = seen[relative.lowercased()] {
                problems.append(Diagnostic(at: SourceLocation(file: "static/" + relative),
                    "E605.caseOnly", ["first": "\(first)", "relative": "\(relative)"]))
            } else {
                seen[relative.lowercased()] = relative
            }
        }
        return problems
    }

    /// E606: a file name that no web server can hold as it is (control characters, `\ : * ? " < > |`, a part
    /// ending in a dot or a space, which Windows drops): the build would refuse it, so check says so first.
    static func unsafeName(_ file: String) -> Diagnostic {
        Diagnostic(at: SourceLocation(file: file),
                   "E606")
    }

    /// Art. 13–14: an authored notice of a year's 公示 or 公布 must fall in that stage: a 公布 notice dated
    /// before the results are final would announce them as final while the site says they are not.
    func noticeProblems(stages: [PublicationStage]) -> [Diagnostic] {
        let byYear = Dictionary(stages.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [Diagnostic] = []
        for notice in notices where notice.stage != .other {
            let at = SourceLocation(file: "notices/\(notice.slug).md", field: "date")
            let what: MessageArgument = .phrase(notice.stage == .notice ? "E607.stageNotice" : "E607.stageFinal")
            guard let year = notice.year else {
                problems.append(Diagnostic(at: SourceLocation(file: "notices/\(notice.slug).md", field: "year"),
                                           "E607.noticeNeedsYear", ["what": what]))
                continue
            }
            guard let stage = byYear[year] else {
                problems.append(Diagnostic(at: at, "E607.noStageRow",
                                           ["what": what, "year": "\(year)", "publicationStagesFile": .dataFile(CSVFormat.publicationStages.file)]))
                continue
            }
            if notice.stage == .notice && !(stage.noticeStart <= notice.date && notice.date <= stage.noticeEnd) {
                problems.append(Diagnostic(at: at,
                    "E607.noticeDatedOutside",
                    ["year": "\(year)", "date": "\(notice.date)", "noticeStart": "\(stage.noticeStart)", "noticeEnd": "\(stage.noticeEnd)", "publicationStagesFile": .dataFile(CSVFormat.publicationStages.file)]))
            }
            if notice.stage == .final && notice.date < stage.finalOn {
                problems.append(Diagnostic(at: at,
                    "E607.noticeDatedBefore",
                    ["year": "\(year)", "date": "\(notice.date)", "finalOn": "\(stage.finalOn)", "publicationStagesFile": .dataFile(CSVFormat.publicationStages.file)]))
            }
        }
        return problems
    }

    /// Why a file at `relative` (not the theme's) cannot be published there, or nil.
    func clash(_ relative: String, generatedFolders: Set<String>, generatedFiles: Set<String>, pages: Set<String>) -> MessageArgument? {
        let lower = relative.lowercased()
        let first = RelativePath.firstComponent(lower)
        if generatedFiles.contains(lower) { return .phrase("E605.generated") }
        if first != lower, generatedFolders.contains(first) { return .phrase("E605.inGeneratedFolder", ["folder": "\(first)"]) }
        if first != lower, pages.contains(first) { return .phrase("E605.inPageFolder", ["folder": "\(first)"]) }
        if first == lower, generatedFolders.contains(first) || pages.contains(first) { return .phrase("E605.generatedFolderName") }
        return nil
    }
}
