import Foundation
import Hummingbird
import Messages
import Model
import Publishing

/// 预览 and 变更: the site as of any date, built into `.workbench/preview/public` (never the published output) and
/// served by the preview server on a port of its own, shown in the page beside what it would change.
extension Workbench {
    var previewOutput: String { desk.state + "/preview/public" }

    func previewPage(_ request: Request) throws -> Response {
        let title = t("workbench.preview.title")
        let built = BuildStamp.published(output: previewOutput)
        let day = built?.asOf
        var changes: ChangesPart?
        if day != nil {
            changes = changesPart(try OutputComparison.between(old: layout.output, new: previewOutput))
        }
        let context = PreviewPage(
            chrome: chrome(request, title: title, current: "/preview"), heading: title, dateLabel: t("workbench.preview.date"),
            date: (day ?? options.clock.today).iso, buildLabel: t("workbench.preview.build"), hint: t("workbench.preview.hint"),
            openLabel: t("workbench.preview.open"), frameTitle: t("workbench.preview.frame", ["date": "\(day ?? options.clock.today)"]),
            changesHeading: t("workbench.preview.changes"), hasPreview: day != nil,
            shown: day.map { t("workbench.preview.shown", ["date": "\($0)"]) }, previewURL: day.map { _ in previewURL },
            noPreview: day == nil ? t("workbench.preview.none") : nil, changes: changes)
        return try page("preview", context)
    }

    /// Where the preview server serves the site, at the site's own path on the real server (`/xypj/`).
    var previewURL: String { "http://127.0.0.1:\(previewPort)\(basePath)" }

    func buildPreview(_ request: Request) async throws -> Response {
        guard let form = try await formFields(request) else { return forbidden() }
        guard let day = form["asOf"].flatMap({ CivilDate(iso: $0) }) else {
            return redirect("/preview", problems: [Diagnostic(at: SourceLocation(file: "asOf"), "E805", ["value": "\(form["asOf"] ?? "")"])])
        }
        return await changes.run {
            let preview = Site(layout: SiteLayout(root: self.layout.root, output: self.previewOutput))
            do {
                try FileManager.default.createDirectory(atPath: self.desk.state + "/preview", withIntermediateDirectories: true)
                let report = try preview.build(asOf: day, theme: self.options.theme)
                self.previewServer.reloadPages()
                self.audit("preview", "\(day)", output: DataDesk.hash(self.previewOutput + "/SHA256SUMS"))
                return self.redirect("/preview", notice: self.t("workbench.said.previewBuilt", ["date": "\(day)", "pages": "\(report.pages)"]),
                                     problems: report.warnings)
            } catch {
                return self.redirect("/preview", error)
            }
        }
    }

    /// The comparison as the page says it: the sentences, then each kind of file change, long lists cut.
    func changesPart(_ comparison: OutputComparison) -> ChangesPart {
        let summary: String
        if comparison.firstPublication {
            summary = t("workbench.changes.first", ["count": "\(comparison.added.count)"])
        } else if comparison.isEmpty {
            summary = t("workbench.changes.none")
        } else {
            summary = t("workbench.changes.summary", ["added": "\(comparison.added.count)", "changed": "\(comparison.changed.count)",
                                                      "removed": "\(comparison.removed.count)"])
        }
        let limit = 200
        let groups = [("workbench.changes.added", comparison.added), ("workbench.changes.changed", comparison.changed),
                      ("workbench.changes.removed", comparison.removed)].filter { !$0.1.isEmpty }.map { key, paths in
            ChangesPart.Group(label: t(key, ["count": "\(paths.count)"]), paths: Array(paths.prefix(limit)),
                              more: paths.count > limit ? t("workbench.changes.more", ["count": "\(paths.count - limit)"]) : nil)
        }
        let sentences = comparison.firstPublication || comparison.isEmpty ? [] : comparison.sentences
        return ChangesPart(summary: summary, sentences: sentences, hasSentences: !sentences.isEmpty, groups: groups)
    }
}
