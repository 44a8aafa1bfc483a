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
        let lines = LineEnds.unix(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
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

    /// Every `*.md` of a folder, read as UTF-8, in name order; links and special files are errors
    /// (`SiteFolder`), and any other file is named in a warning: it would not be published.
    static func readAll(from directory: String, display: String) -> (files: [(name: String, file: String, text: String)], diagnostics: [Diagnostic]) {
        let folder = SiteFolder(path: directory, display: display)
        let listing = folder.list()
        var files: [(String, String, String)] = []
        var diagnostics = listing.diagnostics
        for relative in listing.files {
            let file = display + relative
            guard relative.hasSuffix(".md"), !relative.contains("/") else {
                diagnostics.append(Diagnostic(.warning, code: "W026", at: SourceLocation(file: file),
                    "only the .md files at the top of \(display) are read: this file is not published",
                    fix: "put files to publish as they are (images, PDF) in static/, and pages as NAME.md directly in \(display)"))
                continue
            }
            let bytes: [UInt8]
            switch folder.read(relative, limit: 10 << 20) {
            case .success(let b): bytes = b
            case .failure(let f):
                diagnostics.append(folder.diagnostic(f, relative))
                continue
            }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                diagnostics.append(Diagnostic(code: "E604", at: SourceLocation(file: file), "the file is not UTF-8 text", fix: "save it as UTF-8"))
                continue
            }
            if SecretKeyPattern.occurs(in: bytes) { diagnostics.append(SecretKeyPattern.diagnostic(file)); continue }
            files.append((String(relative.dropLast(3)), file, text))
        }
        return (files, diagnostics)
    }
}
