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
            diagnostics.append(Diagnostic(at: SourceLocation(file: displayPrefix + name),
                "E008.folderGongshiReads",
                ["name": "\(name)", "displayPrefix": "\(displayPrefix)"]))
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
        let present = CSVFormat.all.filter { sources[$0.file] != nil }
        // Reading a file and turning its records into records is two stages: the next file is read on another
        // core while this one's records are added (which needs the files before it: code exceptions first).
        // Two files at most are held at once, and the messages come out in the same order as one by one.
        let readAhead = ReadAhead(count: present.count) { i in self.parse(present[i], sources[present[i].file]!, displayPrefix: displayPrefix) }
        var next = 0
        for format in CSVFormat.all {
            guard sources[format.file] != nil else {
                if format.requiredFile {
                    diagnostics.append(Diagnostic(at: SourceLocation(file: displayPrefix + format.file),
                        "E009.missingEverySite",
                        ["formatFile": "\(format.file)", "displayPrefix": "\(displayPrefix + format.file)", "displayPrefix2": "\(displayPrefix)", "formatTitle": "\(format.title)"]))
                }
                continue
            }
            let parsed = readAhead.take(next)
            next += 1
            diagnostics += parsed.diagnostics
            if let origin = parsed.origin { origins[format.file] = origin }
            guard let table = parsed.table else {
                if format.file == CSVFormat.agencies.file { agencyListComplete = false }
                continue
            }
            read.append((parsed.name, parsed.encoding, table.rows.count, format.file))
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

    /// One data file read into rows, with what reading it found.
    struct ParsedFile: @unchecked Sendable {
        var name: String
        var diagnostics: [Diagnostic] = []
        var origin: Origin?
        var encoding: TextEncoding?
        var table: ReadTable?
    }

    func parse(_ format: CSVFormat, _ source: EntitySource, displayPrefix: String) -> ParsedFile {
        var parsed = ParsedFile(name: source.name)
        let raw: (table: CSVTable, encoding: TextEncoding?, origin: Origin)?
        switch source {
        case .csv(let file, let bytes):
            let display = displayPrefix + file
            raw = readCSV(bytes, format: format, display: display, into: &parsed.diagnostics).map { ($0.table, $0.encoding, Origin(file: display, line: nil)) }
        case .sheet(let file, let workbook, let index):
            let display = displayPrefix + file
            let sheet = workbook.sheets[index]
            let (table, problems) = SheetTable.read(sheet, format: format, display: display, date1904: workbook.date1904)
            parsed.diagnostics += problems
            raw = table.map { ($0, nil, Origin(file: display, sheet: sheet.name, line: nil)) }
        }
        guard let raw else { return parsed }
        parsed.origin = raw.origin
        parsed.encoding = raw.encoding
        parsed.table = readRows(raw.table, format: format, origin: raw.origin, into: &parsed.diagnostics)
        return parsed
    }

    /// The longest cell gongshi accepts: longer text is a paste gone wrong, not a summary for the public.
    public static let maximumCellLength = 10_000

    /// A cell that is too long, holds a character that makes it look like other text (`TextSafety`), or bears
    /// the mark of a spreadsheet habit (`SpreadsheetHabits`).
    static func cellProblem(_ value: String, kind: CSVColumn.Kind = .text) -> Message? {
        // Counting characters walks the grapheme clusters; a cell of no more bytes than the limit cannot exceed it.
        if value.utf8.count > maximumCellLength, value.count > maximumCellLength {
            return Message("E012", ["length": "\(value.count)", "maximum": "\(maximumCellLength)"])
        }
        if let problem = TextSafety.firstProblem(in: value) { return TextSafety.message(problem) }
        return SpreadsheetHabits.problem(value, kind: kind)?.text
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
            diagnostics.append(Diagnostic(at: whole, kind == .workbook ? "E010.workbookAsCSV" : "E010.oldWorkbookAsCSV", ["stem": "\(format.file.dropLast(4))"]))
            return nil
        }
        let decoded: DecodedText
        switch TextDecoder.decode(bytes, as: encoding) {
        case .success(let d): decoded = d
        case .failure(.utf32):
            diagnostics.append(Diagnostic(at: whole, "E002.fileUtfWhich"))
            return nil
        case .failure(.utf16):
            diagnostics.append(Diagnostic(at: whole, "E002.fileUtfWhich2"))
            return nil
        case .failure(.nulByte(let line)):
            diagnostics.append(Diagnostic(at: SourceLocation(file: display, line: line), "E010"))
            return nil
        case .failure(.mixed(let utf8Line, let otherLine)):
            diagnostics.append(Diagnostic(at: SourceLocation(file: display, line: otherLine),
                "E002.lineUtfBut",
                ["utf8Line": "\(utf8Line)"]))
            return nil
        case .failure(.byteOrderMarkInside(let line)):
            diagnostics.append(Diagnostic(at: SourceLocation(file: display, line: line),
                "E002.byteOrderMark"))
            return nil
        case .failure(.undecodable(let line, let enc)):
            diagnostics.append(Diagnostic(at: SourceLocation(file: display, line: line), encoding == nil ? "E002.neither" : "E002.undecodable",
                                          ["encoding": "\(enc.rawValue)"]))
            return nil
        }
        let table: CSVTable
        switch CSVReader.read(decoded.text) {
        case .success(let t): table = t
        case .failure(.empty):
            diagnostics.append(Diagnostic(at: whole, "E009.fileEmpty", ["headers": "\(format.headers.joined(separator: ","))"]))
            return nil
        case .failure(.unterminatedQuote(let line, let column)):
            diagnostics.append(Diagnostic(at: SourceLocation(file: display, line: line, column: column),
                "E003.quotedFieldOpens"))
            return nil
        case .failure(.bareCarriageReturn(let line, let column)):
            diagnostics.append(Diagnostic(at: SourceLocation(file: display, line: line, column: column),
                "E013"))
            return nil
        case .failure(.textAfterClosingQuote(let line, let column)):
            diagnostics.append(Diagnostic(at: SourceLocation(file: display, line: line, column: column),
                "E003.textFollowsClosing"))
            return nil
        }
        // The header and the ten records below it are all a title row can be told by; the table is not copied.
        let firstRows = [(line: table.headerLine, texts: table.header)] + table.records.prefix(10).map { (line: $0.line, texts: $0.fields) }
        if let title = HeaderRow.titleRow(firstRows, format: format) {
            diagnostics.append(Diagnostic(at: SourceLocation(file: display, line: table.headerLine),
                "E014.lineTitleAbove",
                ["headerLine": "\(table.headerLine)", "found": "\(title.found)", "headerLine2": "\(title.headerLine)"]))
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
                diagnostics.append(Diagnostic(at: location, "E006", ["header": "\(header)"]))
                headerOK = false
            } else if !known.contains(header) {
                diagnostics.append(Diagnostic(at: location, "E005",
                    ["header": "\(header)", "formatFile": "\(format.file)", "headers": "\(format.headers.joined(separator: "、"))"]))
                headerOK = false
            }
            columns[header] = columns[header] ?? i
        }
        for column in format.columns where column.required && columns[column.header] == nil {
            diagnostics.append(Diagnostic(at: at(table.headerLine, nil, column.header),
                "E004", ["header": "\(column.header)", "doc": "\(column.doc)"]))
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
                diagnostics.append(Diagnostic(at: at(record.line), record.fields.count > table.header.count ? "E007.tooMany" : "E007.tooFew",
                    ["fields": "\(record.fields.count)", "header": "\(table.header.count)"]))
                continue
            }
            var cells: [String: String] = [:]
            var clean = true
            for (header, index, kind) in orderedColumns {
                let value = record.fields[index]
                if let problem = Self.cellProblem(value, kind: kind) {
                    diagnostics.append(Diagnostic(at: at(record.line, table.column(index), header), problem))
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
