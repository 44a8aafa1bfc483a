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
        /// Each file (or workbook sheet, `registry.xlsx: 机构`) read, with the encoding a CSV file was found in, its
        /// rows, and the data file it stands for (`agencies.csv`).
        public var filesRead: [(file: String, encoding: TextEncoding?, records: Int, dataFile: String)]
        /// Codes agencies.csv mentions in rows that were rejected (read as meant: capitals, half-width):
        /// references to them are not reported a second time.
        public var rejectedAgencies: Set<UnifiedSocialCreditCode>
        /// False when agencies.csv could not be read at all: references then cannot be checked.
        public var agencyListComplete: Bool
        /// The files read, by name, size and SHA-256 of the very bytes read: what the registry is imported from.
        public var sources: [ImportSource] = []
        /// Where each data file's rows were read from (`data/登记册.xlsx`, sheet 机构), by data file name.
        public var origins: [String: Origin] = [:]
    }

    /// Reads every data file of `directory`, CSV files and workbooks; `displayPrefix` is how messages name the
    /// folder (e.g. `data/`). Nothing in the folder is passed over in silence: a file or folder gongshi does
    /// not read is an error (E008), and so is a link or a special file (`SiteFolder`); a hidden file is named
    /// in a warning (W027).
    public func importDirectory(_ directory: String, displayPrefix: String = "data/") -> Outcome {
        let folder = SiteFolder(path: directory, display: displayPrefix)
        let listing = folder.list(recursive: false)
        var diagnostics = listing.diagnostics
        var files: [String: [UInt8]] = [:]
        for name in listing.folders {
            diagnostics.append(Diagnostic(code: "E008", at: SourceLocation(file: displayPrefix + name),
                "'\(name)' is a folder; gongshi reads only the data files at the top of \(displayPrefix), so it would be ignored",
                fix: "move the files gongshi should read to \(displayPrefix), and the folder out of it"))
        }
        for name in listing.hidden {
            diagnostics.append(DataFolderFile.hidden(name, displayPrefix: displayPrefix))
        }
        for name in listing.files {
            if let refusal = DataFolderFile.refusal(name, displayPrefix: displayPrefix) {
                diagnostics.append(refusal)
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

    /// Pure core: file name → bytes in (CSV files and `.xlsx` workbooks), records and diagnostics out.
    public func importFiles(_ files: [String: [UInt8]], displayPrefix: String = "data/") -> Outcome {
        var data = RegistryData()
        var read: [(String, TextEncoding?, Int, String)] = []
        var rejected: Set<UnifiedSocialCreditCode> = []
        var (sources, diagnostics) = EntitySources.resolve(files, displayPrefix: displayPrefix)
        var agencyListComplete = sources[CSVFormat.agencies.file] != nil
        var origins: [String: Origin] = [:]
        for format in CSVFormat.all {
            guard let source = sources[format.file] else {
                if format.requiredFile {
                    diagnostics.append(Diagnostic(code: "E009", at: SourceLocation(file: displayPrefix + format.file),
                        "\(format.file) is missing; every site needs its agencies",
                        fix: "create \(displayPrefix + format.file), or a workbook in \(displayPrefix) with a sheet named \(format.title), with the columns listed in docs/data-format.md"))
                }
                continue
            }
            let raw: (table: CSVTable, encoding: TextEncoding?, origin: Origin)?
            switch source {
            case .csv(let file, let bytes):
                let display = displayPrefix + file
                raw = readCSV(bytes, format: format, display: display, into: &diagnostics).map { ($0.table, $0.encoding, Origin(file: display, line: nil)) }
            case .sheet(let file, let workbook, let index):
                let display = displayPrefix + file
                let sheet = workbook.sheets[index]
                let (table, problems) = SheetTable.read(sheet, format: format, display: display, date1904: workbook.date1904)
                diagnostics += problems
                raw = table.map { ($0, nil, Origin(file: display, sheet: sheet.name, line: nil)) }
            }
            if let raw { origins[format.file] = raw.origin }
            guard let raw, let table = readRows(raw.table, format: format, origin: raw.origin, into: &diagnostics) else {
                if format.file == CSVFormat.agencies.file { agencyListComplete = false }
                continue
            }
            read.append((source.name, raw.encoding, table.rows.count, format.file))
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
        return Outcome(data: data, diagnostics: diagnostics, filesRead: read, rejectedAgencies: rejected, agencyListComplete: agencyListComplete,
                       origins: origins)
    }

    /// The longest cell gongshi accepts: longer text is a paste gone wrong, not a summary for the public.
    public static let maximumCellLength = 10_000

    /// A cell that is too long, holds a character that makes it look like other text (`TextSafety`), or bears
    /// the mark of a spreadsheet habit (`SpreadsheetHabits`).
    static func cellProblem(_ value: String, kind: CSVColumn.Kind = .text) -> (code: String, message: String, fix: String)? {
        if value.count > maximumCellLength {
            return ("E012", "the cell has \(value.count) characters; gongshi accepts at most \(maximumCellLength)",
                    "shorten the text; a cell this long is usually a paste gone wrong")
        }
        if let problem = TextSafety.firstProblem(in: value) {
            let text = TextSafety.message(problem)
            return ("E011", text.message, text.fix)
        }
        if let habit = SpreadsheetHabits.problem(value, kind: kind) { return (habit.code, habit.message, habit.fix) }
        return nil
    }

    struct ReadTable {
        var rows: [CSVRow]
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

    /// Decodes and parses a CSV file; nil when it cannot be read row by row.
    func readCSV(_ bytes: [UInt8], format: CSVFormat, display: String, into diagnostics: inout [Diagnostic]) -> (table: CSVTable, encoding: TextEncoding)? {
        let whole = SourceLocation(file: display)
        if let kind = DataFolderFile.spreadsheetInDisguise(bytes) {
            diagnostics.append(Diagnostic(code: "E010", at: whole, "the file is \(kind) saved under a .csv name, not a CSV file",
                fix: kind.hasPrefix("an Excel workbook") ? "rename it to \(format.file.dropLast(4)).xlsx: gongshi reads workbooks as they are"
                                                         : "open it and save it as \"CSV UTF-8\" or as an Excel workbook (.xlsx)"))
            return nil
        }
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
        // The header and the ten records below it are all a title row can be told by; the table is not copied.
        let firstRows = [(line: table.headerLine, texts: table.header)] + table.records.prefix(10).map { (line: $0.line, texts: $0.fields) }
        if let title = HeaderRow.titleRow(firstRows, format: format) {
            diagnostics.append(Diagnostic(code: "E014", at: SourceLocation(file: display, line: table.headerLine),
                "line \(table.headerLine) is a title above the header; the header (\(title.found)) is on line \(title.headerLine)",
                fix: "delete the lines above line \(title.headerLine), so that the header is the file's first line"))
            return nil
        }
        return (table, decoded.encoding)
    }

    /// Checks a table's header against the format and makes its rows; nil when it cannot be read row by row.
    /// `origin` names the file (and sheet) for every message.
    func readRows(_ table: CSVTable, format: CSVFormat, origin: Origin, into diagnostics: inout [Diagnostic]) -> ReadTable? {
        func at(_ line: Int?, _ column: Int? = nil, _ field: String? = nil) -> SourceLocation {
            SourceLocation(file: origin.file, sheet: origin.sheet, line: line, column: column, field: field)
        }
        var columns: [String: Int] = [:]
        var headerOK = true
        let known = Set(format.headers)
        for (i, header) in table.header.enumerated() {
            let location = at(table.headerLine, table.column(i), header)
            if columns[header] != nil {
                diagnostics.append(Diagnostic(code: "E006", at: location, "column \(header) appears twice", fix: "delete one of the two \(header) columns"))
                headerOK = false
            } else if !known.contains(header) {
                diagnostics.append(Diagnostic(code: "E005", at: location, "unknown column '\(header)' in \(format.file)",
                    fix: "rename it to one of \(format.headers.joined(separator: "、")) or delete it"))
                headerOK = false
            }
            columns[header] = columns[header] ?? i
        }
        for column in format.columns where column.required && columns[column.header] == nil {
            diagnostics.append(Diagnostic(code: "E004", at: at(table.headerLine, nil, column.header),
                "required column \(column.header) is missing", fix: "add a column headed \(column.header) (\(column.doc))"))
            headerOK = false
        }
        guard headerOK else { return nil }
        var rows: [CSVRow] = []
        var mentioned: Set<UnifiedSocialCreditCode> = []
        let codeIndex = columns["统一社会信用代码"]
        rows.reserveCapacity(table.records.count)
        // Header → the column as the clerk's program numbers it, for every message about a cell.
        let sheetColumns = columns.mapValues { table.column($0) }
        // The columns in order with what each holds, worked out once rather than per row.
        let orderedColumns = columns.sorted { $0.value < $1.value }.map { ($0.key, $0.value, CSVColumn.kind(of: $0.key)) }
        for record in table.records {
            if let index = codeIndex, index < record.fields.count, let code = Self.meantCode(record.fields[index]) { mentioned.insert(code) }
            if record.fields.count != table.header.count {
                diagnostics.append(Diagnostic(code: "E007", at: at(record.line),
                    "the row has \(record.fields.count) fields but the header has \(table.header.count)",
                    fix: record.fields.count > table.header.count ? "remove the extra fields, or quote a field that contains a comma" : "add the missing fields (leave them empty if unknown)"))
                continue
            }
            var cells: [String: String] = [:]
            var clean = true
            for (header, index, kind) in orderedColumns {
                let value = record.fields[index]
                if let problem = Self.cellProblem(value, kind: kind) {
                    diagnostics.append(Diagnostic(code: problem.code, at: at(record.line, table.column(index), header),
                                                  problem.message, fix: problem.fix))
                    clean = false
                }
                cells[header] = value
            }
            guard clean else { continue }
            rows.append(CSVRow(origin: Origin(file: origin.file, sheet: origin.sheet, line: record.line, columns: sheetColumns), cells: cells))
        }
        return ReadTable(rows: rows, mentionedCodes: mentioned)
    }
}
