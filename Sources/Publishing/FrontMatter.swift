import Foundation
import Import
import Messages
import Model

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
            return .failure(DiagnosticList([Diagnostic(at: whole, "E601",
                                                       ["slug": "\(slug)"])]))
        }
        guard !reserved(slug) else {
            return .failure(DiagnosticList([Diagnostic(at: whole, "E602.generatedAddress", ["slug": "\(slug)"])]))
        }
        let lines = LineEnds.unix(text).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.first?.trimmingWhitespace() == "+++", let close = lines.dropFirst().firstIndex(where: { $0.trimmingWhitespace() == "+++" }) else {
            return .failure(DiagnosticList([Diagnostic(at: SourceLocation(file: file, line: 1), "E603")]))
        }
        switch TOMLParser.parse(lines[1..<close].joined(separator: "\n")) {
        case .success(let table):
            return .success(MarkdownFile(file: file, slug: slug, reader: ConfigReader(file: file, table: table),
                                         body: lines[(close + 1)...].joined(separator: "\n")))
        case .failure(let e):
            return .failure(DiagnosticList([Diagnostic(at: SourceLocation(file: file, line: e.line + 1, column: e.column), e.diagnosticKey(syntax: "E402.frontMatter"), ["problem": .message(e.message)])]))
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

    /// Every `*.md` of a folder (`readAll`), each parsed by `parse(text, file, slug)`: the parsed ones, and
    /// every problem of the folder and of each file.
    static func parseAll<Parsed>(from directory: String, display: String,
                                 _ parse: (String, String, String) -> Result<Parsed, DiagnosticList>) -> (parsed: [Parsed], diagnostics: [Diagnostic]) {
        let read = readAll(from: directory, display: display)
        var parsed: [Parsed] = []
        var diagnostics = read.diagnostics
        for f in read.files {
            switch parse(f.text, f.file, f.name) {
            case .success(let item): parsed.append(item)
            case .failure(let problems): diagnostics += problems.diagnostics
            }
        }
        return (parsed, diagnostics)
    }

    /// Every `*.md` of a folder, read as UTF-8, in name order; links and special files are errors
    /// (`SiteFolder`), and any other file is named in a warning: it would not be published.
    static func readAll(from directory: String, display: String) -> (files: [(name: String, file: String, text: String)], diagnostics: [Diagnostic]) {
        let folder = SiteFolder(path: directory, display: display)
        let listing = folder.list()
        var files: [(String, String, String)] = []
        var diagnostics = listing.diagnostics
        // `.hidden.md`, `..md`: not published, as in static/ — said, never silently.
        for hidden in listing.hidden {
            diagnostics.append(Diagnostic(.warning, at: SourceLocation(file: display + hidden), "W024"))
        }
        for relative in listing.files {
            let file = display + relative
            guard relative.hasSuffix(".md"), !relative.contains("/") else {
                diagnostics.append(Diagnostic(.warning, at: SourceLocation(file: file),
                    "W026",
                    ["display": "\(display)"]))
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
                diagnostics.append(Diagnostic(at: SourceLocation(file: file), "E604"))
                continue
            }
            if SecretKeyPattern.occurs(in: bytes) { diagnostics.append(SecretKeyPattern.diagnostic(file)); continue }
            files.append((String(relative.dropLast(3)), file, text))
        }
        return (files, diagnostics)
    }
}
