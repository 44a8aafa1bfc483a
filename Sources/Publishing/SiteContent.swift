import Foundation
import Registry
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

    /// `themeDirectory` nil: templates are not checked (`gongshi check` without a theme at hand).
    static func load(_ layout: SiteLayout, themeDirectory: String?) -> SiteContent {
        var diagnostics: [Diagnostic] = []
        var theme: Theme?
        if let themeDirectory {
            do {
                theme = try Theme.load(directory: themeDirectory, overrides: layout.exists(layout.templates) || SiteFolder.isLink(layout.templates) ? layout.templates : nil)
            } catch let failure as Theme.Failure {
                diagnostics += failure.diagnostics
            } catch {
                diagnostics.append(Diagnostic(code: "E501", at: SourceLocation(file: themeDirectory), "\(error)", fix: "check the theme folder"))
            }
        }
        let pages = ContentPage.loadAll(from: layout.pages, display: "pages/")
        let notices = NoticeFiles.loadAll(from: layout.notices, display: "notices/")
        diagnostics += pages.diagnostics + notices.diagnostics

        let staticFolder = SiteFolder(path: layout.staticFiles, display: "static/")
        let listing = staticFolder.list()
        diagnostics += listing.diagnostics
        for hidden in listing.hidden {
            diagnostics.append(Diagnostic(.warning, code: "W024", at: SourceLocation(file: "static/" + hidden),
                "a hidden file or folder (its name starts with a dot) is not published",
                fix: "rename it without the leading dot if it should be published; web-server settings (.htaccess) belong to the server, not the site"))
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
            problems.append(Diagnostic(code: "E602", at: SourceLocation(file: page.file),
                "'\(page.slug)' is a folder of the theme (\(page.slug)/…); the page would be written among the theme's files",
                fix: "rename the file, e.g. \(page.slug)-info.md"))
        }
        for (relative, asset) in themeAssets.sorted(by: { $0.key < $1.key }) where asset.isOverride && !asset.replacesDefault {
            if let clash = clash(relative, generatedFolders: generatedFolders, generatedFiles: generatedFiles, pages: pageSlugs) {
                problems.append(Diagnostic(code: "E605", at: SourceLocation(file: "templates/" + asset.relative),
                    "this file would be published at \(asset.relative), which \(clash)", fix: "move it to another path, or delete it"))
            }
        }
        for relative in staticFiles {
            let lower = relative.lowercased()
            var clashText: String?
            if themeAssets[lower] != nil {
                clashText = "the theme's file \(themeAssets[lower]!.relative) takes (to replace a theme file, put it in templates/)"
            } else {
                clashText = clash(relative, generatedFolders: generatedFolders, generatedFiles: generatedFiles, pages: pageSlugs)
            }
            if let clashText {
                problems.append(Diagnostic(code: "E605", at: SourceLocation(file: "static/" + relative),
                    "this file would be published at \(relative), which \(clashText)", fix: "move it to another path under static/, e.g. static/files/\(RelativePath.lastComponent(relative))"))
            }
        }
        var seen: [String: String] = [:]
        for relative in staticFiles {
            if let first = seen[relative.lowercased()] {
                problems.append(Diagnostic(code: "E605", at: SourceLocation(file: "static/" + relative),
                    "static/\(first) and static/\(relative) differ only in case: on a Windows web server they are one file", fix: "rename one of them"))
            } else {
                seen[relative.lowercased()] = relative
            }
        }
        return problems
    }

    /// E606: a file name that no web server can hold as it is (control characters, `\ : * ? " < > |`, a part
    /// ending in a dot or a space, which Windows drops): the build would refuse it, so check says so first.
    static func unsafeName(_ file: String) -> Diagnostic {
        Diagnostic(code: "E606", at: SourceLocation(file: file),
                   "this file's name cannot be published: it holds a character a web server (Windows) cannot keep in a name (\\ : * ? \" < > | or a control character), or a part ends in a dot or a space",
                   fix: "rename it with letters, digits, - and _ only, e.g. rules-2026.pdf")
    }

    /// Art. 13–14: an authored notice of a year's 公示 or 公布 must fall in that stage: a 公布 notice dated
    /// before the results are final would announce them as final while the site says they are not.
    func noticeProblems(stages: [PublicationStage]) -> [Diagnostic] {
        let byYear = Dictionary(stages.map { ($0.year, $0) }, uniquingKeysWith: { a, _ in a })
        var problems: [Diagnostic] = []
        for notice in notices where notice.stage != .other {
            let at = SourceLocation(file: "notices/\(notice.slug).md", field: "date")
            let what = notice.stage == .notice ? "公示 (notice)" : "公布 (final)"
            guard let year = notice.year else {
                problems.append(Diagnostic(code: "E607", at: SourceLocation(file: "notices/\(notice.slug).md", field: "year"),
                                           "a \(what) notice needs the year whose results it is about", fix: "add year = 2025 (the evaluated year) to the front matter"))
                continue
            }
            guard let stage = byYear[year] else {
                problems.append(Diagnostic(code: "E607", at: at, "a \(what) notice of \(year), which has no row in \(CSVFormat.publicationStages.file)",
                                           fix: "add the \(year) dates to \(CSVFormat.publicationStages.file), or correct year"))
                continue
            }
            if notice.stage == .notice && !(stage.noticeStart <= notice.date && notice.date <= stage.noticeEnd) {
                problems.append(Diagnostic(code: "E607", at: at,
                    "the \(year) 公示 notice is dated \(notice.date), outside the notice period \(stage.noticeStart) to \(stage.noticeEnd)",
                    fix: "date it within the notice period, or correct the period in \(CSVFormat.publicationStages.file)"))
            }
            if notice.stage == .final && notice.date < stage.finalOn {
                problems.append(Diagnostic(code: "E607", at: at,
                    "the \(year) 公布 notice is dated \(notice.date), before the results are final (\(stage.finalOn)): it would call them final too early",
                    fix: "date it on or after \(stage.finalOn), or correct 公布日期 in \(CSVFormat.publicationStages.file)"))
            }
        }
        return problems
    }

    /// Why a file at `relative` (not the theme's) cannot be published there, or nil.
    func clash(_ relative: String, generatedFolders: Set<String>, generatedFiles: Set<String>, pages: Set<String>) -> String? {
        let lower = relative.lowercased()
        let first = RelativePath.firstComponent(lower)
        if generatedFiles.contains(lower) { return "gongshi generates" }
        if first != lower, generatedFolders.contains(first) { return "is inside \(first)/, a folder of generated pages" }
        if first != lower, pages.contains(first) { return "is inside \(first)/, the folder of the page pages/\(first).md" }
        if first == lower, generatedFolders.contains(first) || pages.contains(first) { return "is the name of a generated folder" }
        return nil
    }
}
