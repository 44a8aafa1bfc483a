import Foundation
import Registry
import Rendering

/// A page written by the bureau in Markdown (`content/pages/SLUG.md`) with TOML front matter
/// between `+++` lines: `title` (required), `weight` (navigation order), `description`.
public struct ContentPage: Sendable {
    public var slug: String
    public var title: String
    public var description: String
    public var weight: Int
    public var markdown: String
    public var file: String

    /// Slugs that would collide with generated pages.
    static let reserved: Set<String> = ["agencies", "grades", "assets", "open-data", "not-rated", "serious-dishonesty",
                                        "bad-records", "index", "404", "sitemap", "feed"]

    public static func parse(_ text: String, file: String, slug: String) -> Result<ContentPage, DiagnosticList> {
        let whole = SourceLocation(file: file)
        guard slug.range(of: "^[a-z0-9][a-z0-9-]{0,63}$", options: .regularExpression) != nil else {
            return .failure(DiagnosticList([Diagnostic(code: "E601", at: whole, "'\(slug)' cannot be a page address",
                                        fix: "name the file with lowercase letters, digits and hyphens, e.g. how-to-object.md")]))
        }
        guard !reserved.contains(slug) else {
            return .failure(DiagnosticList([Diagnostic(code: "E602", at: whole, "'\(slug)' is the address of a generated page", fix: "rename the file")]))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard lines.first?.trimmingWhitespace() == "+++", let close = lines.dropFirst().firstIndex(where: { $0.trimmingWhitespace() == "+++" }) else {
            return .failure(DiagnosticList([Diagnostic(code: "E603", at: SourceLocation(file: file, line: 1), "the page has no front matter",
                                        fix: "start the file with +++, a line title = \"…\", and +++")]))
        }
        let front = lines[1..<close].joined(separator: "\n")
        let table: TOMLTable
        switch TOMLParser.parse(front) {
        case .success(let t): table = t
        case .failure(let e):
            return .failure(DiagnosticList([Diagnostic(code: "E402", at: SourceLocation(file: file, line: e.line + 1, column: e.column), e.message, fix: "correct the front matter")]))
        }
        var reader = ConfigReader(file: file, table: table)
        let title = reader.string("title", required: true) ?? ""
        let description = reader.string("description", default: "") ?? ""
        let weight = reader.integer("weight", default: 0) ?? 0
        // Front matter lines start after the opening +++.
        let problems = (reader.diagnostics.all + reader.unknownKeys()).map { d -> Diagnostic in
            var d = d
            d.location.line = d.location.line.map { $0 + 1 }
            return d
        }
        guard problems.isEmpty else { return .failure(DiagnosticList(problems)) }
        let body = lines[(close + 1)...].joined(separator: "\n")
        return .success(ContentPage(slug: slug, title: title, description: description, weight: weight, markdown: body, file: file))
    }

    /// Every `*.md` of `directory`, ordered by weight then slug.
    public static func loadAll(from directory: String, display: String) -> (pages: [ContentPage], diagnostics: [Diagnostic]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        var pages: [ContentPage] = []
        var diagnostics: [Diagnostic] = []
        for name in names {
            let file = display + name
            guard let data = FileManager.default.contents(atPath: directory + "/" + name), let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(code: "E604", at: SourceLocation(file: file), "the page is not UTF-8 text", fix: "save it as UTF-8"))
                continue
            }
            switch parse(text, file: file, slug: String(name.dropLast(3))) {
            case .success(let page): pages.append(page)
            case .failure(let problems): diagnostics += problems.diagnostics
            }
        }
        return (pages.sorted { ($0.weight, $0.slug) < ($1.weight, $1.slug) }, diagnostics)
    }
}
