import Foundation
import Registry

/// A Markdown file with TOML front matter between `+++` lines (Hugo and Zola's convention), as written
/// under a site's `pages/` and `notices/`.
struct MarkdownFile {
    let file: String
    let slug: String
    var reader: ConfigReader
    let body: String

    /// Splits and parses; the slug (the file name) must be a safe address that no generated page uses.
    static func parse(_ text: String, file: String, slug: String, reserved: (String) -> Bool) -> Result<MarkdownFile, DiagnosticList> {
        let whole = SourceLocation(file: file)
        guard slug.range(of: "^[a-z0-9][a-z0-9-]{0,63}$", options: .regularExpression) != nil else {
            return .failure(DiagnosticList([Diagnostic(code: "E601", at: whole, "'\(slug)' cannot be a page address",
                                                       fix: "name the file with lowercase letters, digits and hyphens, e.g. how-to-object.md")]))
        }
        guard !reserved(slug) else {
            return .failure(DiagnosticList([Diagnostic(code: "E602", at: whole, "'\(slug)' is the address of a generated page", fix: "rename the file")]))
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.hasSuffix("\r") ? String($0.dropLast()) : String($0) }
        guard lines.first?.trimmingWhitespace() == "+++", let close = lines.dropFirst().firstIndex(where: { $0.trimmingWhitespace() == "+++" }) else {
            return .failure(DiagnosticList([Diagnostic(code: "E603", at: SourceLocation(file: file, line: 1), "the file has no front matter",
                                                       fix: "start the file with +++, a line title = \"…\", and +++")]))
        }
        switch TOMLParser.parse(lines[1..<close].joined(separator: "\n")) {
        case .success(let table):
            return .success(MarkdownFile(file: file, slug: slug, reader: ConfigReader(file: file, table: table),
                                         body: lines[(close + 1)...].joined(separator: "\n")))
        case .failure(let e):
            return .failure(DiagnosticList([Diagnostic(code: "E402", at: SourceLocation(file: file, line: e.line + 1, column: e.column), e.message,
                                                       fix: "correct the front matter")]))
        }
    }

    /// The reader's problems, with lines counted from the top of the file (the front matter starts on line 2).
    var problems: [Diagnostic] {
        (reader.diagnostics.all + reader.unknownKeys()).map { d in
            var d = d
            d.location.line = d.location.line.map { $0 + 1 }
            return d
        }
    }

    /// Every `*.md` of a folder, read as UTF-8, in name order.
    static func readAll(from directory: String, display: String) -> (files: [(name: String, file: String, text: String)], diagnostics: [Diagnostic]) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
        var files: [(String, String, String)] = []
        var diagnostics: [Diagnostic] = []
        for name in names {
            let file = display + name
            guard let data = FileManager.default.contents(atPath: directory + "/" + name), let text = String(data: data, encoding: .utf8) else {
                diagnostics.append(Diagnostic(code: "E604", at: SourceLocation(file: file), "the file is not UTF-8 text", fix: "save it as UTF-8"))
                continue
            }
            files.append((String(name.dropLast(3)), file, text))
        }
        return (files, diagnostics)
    }
}
