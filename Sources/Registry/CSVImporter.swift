import Foundation

/// Reads a site's `data/*.csv` into registry records, reporting every problem it finds in one pass.
/// Cross-record rules (duplicates, references, ranges) are `RegistryChecks`'s job.
public struct CSVImporter {
    public var rules: RegistryRules
    /// Named by `--encoding`, or nil to detect UTF-8 (with or without BOM) or GB18030 per file.
    public var encoding: TextEncoding?

    public init(rules: RegistryRules, encoding: TextEncoding? = nil) {
        self.rules = rules
        self.encoding = encoding
    }

    public struct Outcome: Sendable {
        public var data: RegistryData
        public var diagnostics: [Diagnostic]
        /// Each file read, with the encoding it was found in.
        public var filesRead: [(file: String, encoding: TextEncoding, records: Int)]
        /// Codes agencies.csv mentions in rows that were rejected (read as meant: capitals, half-width):
        /// references to them are not reported a second time.
        public var rejectedAgencies: Set<UnifiedSocialCreditCode>
        /// False when agencies.csv could not be read at all: references then cannot be checked.
        public var agencyListComplete: Bool
        /// The files read, by name, size and SHA-256 of the very bytes read: what the registry is imported from.
        public var sources: [ImportSource] = []
    }

    /// Reads every known file of `directory`; `displayPrefix` is how messages name the folder (e.g. `data/`).
    /// Nothing in the folder is passed over in silence: a file or folder gongshi does not read is an error
    /// (E008), and so is a link or a special file (`SiteFolder`).
    public func importDirectory(_ directory: String, displayPrefix: String = "data/") -> Outcome {
        let folder = SiteFolder(path: directory, display: displayPrefix)
        let listing = folder.list(recursive: false)
        var diagnostics = listing.diagnostics
        var files: [String: [UInt8]] = [:]
        let known = Set(CSVFormat.all.map(\.file))
        let knownList = CSVFormat.all.map(\.file).joined(separator: ", ")
        for name in listing.folders {
            diagnostics.append(Diagnostic(code: "E008", at: SourceLocation(file: displayPrefix + name),
                "'\(name)' is a folder; gongshi reads only the data files at the top of \(displayPrefix), so it would be ignored",
                fix: "move the files gongshi should read to \(displayPrefix), and the folder out of it"))
        }
        for name in listing.files {
            guard known.contains(name) else {
                let why = name.lowercased().hasSuffix(".csv") ? "is not a gongshi data file" : "is not a CSV file gongshi reads"
                diagnostics.append(Diagnostic(code: "E008", at: SourceLocation(file: displayPrefix + name),
                    "'\(name)' \(why), so it would be ignored",
                    fix: "save or rename it as one of \(knownList), or move it out of \(displayPrefix)"))
                continue
            }
            switch folder.read(name) {
            case .success(let bytes): files[name] = bytes
            case .failure(let f): diagnostics.append(folder.diagnostic(f, name))
            }
        }
        var outcome = importFiles(files, displayPrefix: displayPrefix)
        outcome.diagnostics.insert(contentsOf: diagnostics, at: 0)
        outcome.sources = files.keys.sorted().map { ImportSource(file: $0, contents: files[$0]!) }
        // A data file that exists but could not be read must not pass as "agencies.csv is missing".
        if listing.files.contains(CSVFormat.agencies.file) && files[CSVFormat.agencies.file] == nil {
            outcome.diagnostics.removeAll { $0.code == "E009" && $0.location.file == displayPrefix + CSVFormat.agencies.file }
        }
        return outcome
    }

    /// Pure core: file name → bytes in, records and diagnostics out.
    public func importFiles(_ files: [String: [UInt8]], displayPrefix: String = "data/") -> Outcome {
        var data = RegistryData()
        var diagnostics: [Diagnostic] = []
        var read: [(String, TextEncoding, Int)] = []
        var rejected: Set<UnifiedSocialCreditCode> = []
        var agencyListComplete = files[CSVFormat.agencies.file] != nil
        for format in CSVFormat.all {
            let display = displayPrefix + format.file
            guard let bytes = files[format.file] else {
                if format.requiredFile {
                    diagnostics.append(Diagnostic(code: "E009", at: SourceLocation(file: display),
                        "\(format.file) is missing; every site needs its agencies", fix: "create \(display) with the columns listed in docs/data-format.md"))
                }
                continue
            }
            guard let table = readTable(bytes, format: format, display: display, into: &diagnostics) else {
                if format.file == CSVFormat.agencies.file { agencyListComplete = false }
                continue
            }
            read.append((format.file, table.encoding, table.rows.count))
            if format.file == CSVFormat.agencies.file { rejected = table.mentionedCodes }
            var rows = table.rows
            let accepted = Set(data.published.codeExceptions.map(\.code.value))
            for i in rows.indices {
                rows[i].acceptedCodes = accepted
                add(&rows[i], format: format, to: &data)
                diagnostics.append(contentsOf: rows[i].problems)
            }
        }
        rejected.subtract(data.published.agencies.map(\.code))
        return Outcome(data: data, diagnostics: diagnostics, filesRead: read, rejectedAgencies: rejected, agencyListComplete: agencyListComplete)
    }

    /// The longest cell gongshi accepts: longer text is a paste gone wrong, not a summary for the public.
    public static let maximumCellLength = 10_000

    /// A cell that is too long, or holds a character that makes it look like other text (`TextSafety`).
    static func cellProblem(_ value: String) -> (code: String, message: String, fix: String)? {
        if value.count > maximumCellLength {
            return ("E012", "the cell has \(value.count) characters; gongshi accepts at most \(maximumCellLength)",
                    "shorten the text; a cell this long is usually a paste gone wrong")
        }
        if let problem = TextSafety.firstProblem(in: value) {
            let text = TextSafety.message(problem)
            return ("E011", text.message, text.fix)
        }
        return nil
    }

    struct ReadTable {
        var rows: [CSVRow]
        var encoding: TextEncoding
        /// Every code the code column holds, in any row, read as meant (see `meantCode`).
        var mentionedCodes: Set<UnifiedSocialCreditCode> = []
    }

    /// A code as its writer meant it: half-width, capitals, no spaces. Used only to avoid reporting a
    /// reference twice, never to accept a code.
    static func meantCode(_ raw: String) -> UnifiedSocialCreditCode? {
        var text = ""
        for scalar in raw.unicodeScalars where !(scalar.properties.isWhitespace) {
            let v = scalar.value
            text.unicodeScalars.append((0xFF01...0xFF5E).contains(v) ? Unicode.Scalar(v - 0xFEE0)! : scalar)
        }
        return UnifiedSocialCreditCode(text.uppercased())
    }

    /// Decodes, parses and checks the header; nil when the file cannot be read row by row.
    func readTable(_ bytes: [UInt8], format: CSVFormat, display: String, into diagnostics: inout [Diagnostic]) -> ReadTable? {
        let whole = SourceLocation(file: display)
        let decoded: DecodedText
        switch TextDecoder.decode(bytes, as: encoding) {
        case .success(let d): decoded = d
        case .failure(.utf32):
            diagnostics.append(Diagnostic(code: "E002", at: whole, "the file is UTF-32, which gongshi does not read",
                fix: "save it again as \"CSV UTF-8\" (or \"CSV\" for GB18030) from Excel or WPS"))
            return nil
        case .failure(.utf16):
            diagnostics.append(Diagnostic(code: "E002", at: whole, "the file is UTF-16, which gongshi does not read",
                fix: "save it again as \"CSV UTF-8\" (or \"CSV\" for GB18030) from Excel or WPS"))
            return nil
        case .failure(.nulByte(let line)):
            diagnostics.append(Diagnostic(code: "E010", at: SourceLocation(file: display, line: line), "the file contains a NUL byte: it is not a text file",
                fix: "export the sheet again as \"CSV UTF-8\"; a NUL byte means the file is binary, damaged, or UTF-16 without a byte-order mark"))
            return nil
        case .failure(.mixed(let utf8Line, let otherLine)):
            diagnostics.append(Diagnostic(code: "E002", at: SourceLocation(file: display, line: otherLine),
                "this line is not UTF-8 but line \(utf8Line) is: the file mixes encodings (two files joined?)",
                fix: "save each part as CSV UTF-8 before joining them, then join again"))
            return nil
        case .failure(.byteOrderMarkInside(let line)):
            diagnostics.append(Diagnostic(code: "E002", at: SourceLocation(file: display, line: line),
                "a byte-order mark (U+FEFF) inside the file: another file was pasted in here",
                fix: "remove the invisible character at the start of this line, or join the files without their byte-order marks"))
            return nil
        case .failure(.undecodable(let line, let enc)):
            diagnostics.append(Diagnostic(code: "E002", at: SourceLocation(file: display, line: line),
                "bytes here are not valid \(enc.rawValue)" + (encoding == nil ? " (neither UTF-8 nor GB18030)" : ""),
                fix: "save the file as CSV UTF-8, or name its encoding with --encoding"))
            return nil
        }
        let table: CSVTable
        switch CSVReader.read(decoded.text) {
        case .success(let t): table = t
        case .failure(.empty):
            diagnostics.append(Diagnostic(code: "E009", at: whole, "the file is empty", fix: "add the header row: \(format.headers.joined(separator: ","))"))
            return nil
        case .failure(.unterminatedQuote(let line, let column)):
            diagnostics.append(Diagnostic(code: "E003", at: SourceLocation(file: display, line: line, column: column),
                "a quoted field opens here and never closes", fix: "add the closing double quote (\") or remove the opening one"))
            return nil
        case .failure(.bareCarriageReturn(let line, let column)):
            diagnostics.append(Diagnostic(code: "E013", at: SourceLocation(file: display, line: line, column: column),
                "a carriage return (CR) on its own, in a file whose lines end in LF: either the file mixes two kinds of line end, or a cell holds a hidden line break",
                fix: "save the file again as \"CSV UTF-8\" from Excel or WPS; a cell that needs two lines must be in double quotes"))
            return nil
        case .failure(.textAfterClosingQuote(let line, let column)):
            diagnostics.append(Diagnostic(code: "E003", at: SourceLocation(file: display, line: line, column: column),
                "text follows a closing quote", fix: "put the whole field in quotes and double any quote inside it (\"\")"))
            return nil
        }
        var columns: [String: Int] = [:]
        var headerOK = true
        let known = Set(format.headers)
        for (i, header) in table.header.enumerated() {
            let location = SourceLocation(file: display, line: table.headerLine, column: i + 1, field: header)
            if columns[header] != nil {
                diagnostics.append(Diagnostic(code: "E006", at: location, "column \(header) appears twice", fix: "delete one of the two \(header) columns"))
                headerOK = false
            } else if !known.contains(header) {
                diagnostics.append(Diagnostic(code: "E005", at: location, "unknown column '\(header)' in \(format.file)",
                    fix: "rename it to one of \(format.headers.joined(separator: "、")) or delete it"))
                headerOK = false
            }
            columns[header] = columns[header] ?? i + 1
        }
        for column in format.columns where column.required && columns[column.header] == nil {
            diagnostics.append(Diagnostic(code: "E004", at: SourceLocation(file: display, line: table.headerLine, field: column.header),
                "required column \(column.header) is missing", fix: "add a column headed \(column.header) (\(column.doc))"))
            headerOK = false
        }
        guard headerOK else { return nil }
        var rows: [CSVRow] = []
        var mentioned: Set<UnifiedSocialCreditCode> = []
        let codeIndex = columns["统一社会信用代码"]
        rows.reserveCapacity(table.records.count)
        for record in table.records {
            if let index = codeIndex, index <= record.fields.count, let code = Self.meantCode(record.fields[index - 1]) { mentioned.insert(code) }
            if record.fields.count != table.header.count {
                diagnostics.append(Diagnostic(code: "E007", at: SourceLocation(file: display, line: record.line),
                    "the row has \(record.fields.count) fields but the header has \(table.header.count)",
                    fix: record.fields.count > table.header.count ? "remove the extra fields, or quote a field that contains a comma" : "add the missing fields (leave them empty if unknown)"))
                continue
            }
            var cells: [String: String] = [:]
            var clean = true
            for (header, index) in columns.sorted(by: { $0.value < $1.value }) {
                let value = record.fields[index - 1]
                if let problem = Self.cellProblem(value) {
                    diagnostics.append(Diagnostic(code: problem.code, at: SourceLocation(file: display, line: record.line, column: index, field: header),
                                                  problem.message, fix: problem.fix))
                    clean = false
                }
                cells[header] = value
            }
            guard clean else { continue }
            rows.append(CSVRow(origin: Origin(file: display, line: record.line, columns: columns), cells: cells))
        }
        return ReadTable(rows: rows, encoding: decoded.encoding, mentionedCodes: mentioned)
    }
}
