import Foundation
import Model
import Rendering

/// A page written by the bureau in Markdown (`content/pages/SLUG.md`) with TOML front matter
/// between `+++` lines: `title` (required), `weight` (navigation order), `description`, and `sections`: generated
/// parts shown after the text, from the registry and config (`PageSection`).
public struct ContentPage: Sendable {
    public var slug: String
    public var title: String
    public var description: String
    public var weight: Int
    public var markdown: String
    public var file: String
    public var sections: [PageSection] = []

    /// Slugs that would collide with generated pages; those the theme and static/ take are checked in `SiteContent`.
    static let reserved = SitePaths.reservedSlugs

    public static func parse(_ text: String, file: String, slug: String) -> Result<ContentPage, DiagnosticList> {
        MarkdownFile.parse(text, file: file, slug: slug, reserved: reserved.contains).flatMap { parsed in
            var md = parsed
            let title = md.reader.string("title", required: true) ?? ""
            let description = md.reader.string("description", default: "") ?? ""
            let weight = md.reader.integer("weight", default: 0) ?? 0
            let sections = (md.reader.strings("sections") ?? []).compactMap { name -> PageSection? in
                guard let section = PageSection(rawValue: name) else {
                    md.reader.error("sections", "E400.unknownSection", ["name": "\(name)", "known": .list(PageSection.allCases.map { "\($0.rawValue)" })])
                    return nil
                }
                return section
            }
            guard md.problems.isEmpty else { return .failure(DiagnosticList(md.problems)) }
            var page = ContentPage(slug: slug, title: title, description: description, weight: weight, markdown: md.body, file: file)
            page.sections = sections
            return .success(page)
        }
    }

    /// Every `*.md` of `directory`, ordered by weight then slug.
    public static func loadAll(from directory: String, display: String) -> (pages: [ContentPage], diagnostics: [Diagnostic]) {
        let all = MarkdownFile.parseAll(from: directory, display: display) { parse($0, file: $1, slug: $2) }
        return (all.parsed.sorted { ($0.weight, $0.slug) < ($1.weight, $1.slug) }, all.diagnostics)
    }
}

/// Notices written by the bureau (`content/notices/SLUG.md`): front matter `title`, `date` (published
/// from that day), and optionally `year` and `stage` ("notice" 公示, "final" 公布 or "other").
public enum NoticeFiles {
    /// `2025-notice` and `2025-final` are the generated notices' addresses.
    static func reserved(_ slug: String) -> Bool { slug.range(of: "^[0-9]{4}-(notice|final)$", options: .regularExpression) != nil }

    public static func parse(_ text: String, file: String, slug: String) -> Result<AuthoredNotice, DiagnosticList> {
        MarkdownFile.parse(text, file: file, slug: slug, reserved: reserved).flatMap { parsed in
            var md = parsed
            let title = md.reader.string("title", required: true) ?? ""
            var date = CivilDate(year: 1970, month: 1, day: 1)!
            switch md.reader.raw("date") {
            case .date(let d)?: date = d
            case .string(let s)?:
                if let d = CivilDate(iso: s) { date = d } else { md.reader.error("date", "E400.notADate", ["value": "\(s)"]) }
            case nil: md.reader.error("date", "E400.noticeDateMissing")
            case let other?: md.reader.error("date", "E400.dateType", ["type": other.typeName])
            }
            let year = md.reader.integer("year")
            var stage = AuthoredNotice.Stage.other
            if let raw = md.reader.string("stage") {
                if let s = AuthoredNotice.Stage(rawValue: raw) { stage = s }
                else { md.reader.error("stage", "E400.unknownStage", ["raw": "\(raw)"]) }
            }
            guard md.problems.isEmpty else { return .failure(DiagnosticList(md.problems)) }
            return .success(AuthoredNotice(slug: slug, title: title, date: date, year: year, stage: stage,
                                           html: Markdown.html(md.body), markdown: md.body))
        }
    }

    public static func loadAll(from directory: String, display: String) -> (notices: [AuthoredNotice], diagnostics: [Diagnostic]) {
        let all = MarkdownFile.parseAll(from: directory, display: display) { parse($0, file: $1, slug: $2) }
        return (all.parsed, all.diagnostics)
    }
}
