import Foundation
import Messages
import Model
import Store

/// Reads a site's `data/*.csv` into registry records, reporting every problem it finds in one pass.
/// Cross-record rules (duplicates, references, ranges) are `RegistryChecks`'s job.
public struct CSVImporter {
    public var rules: RegistryRules
    /// Named by `--encoding`, or nil to detect UTF-8 (with or without BOM) or GB18030 per file.
    public var encoding: TextEncoding?

    /// A data file larger than this whose rows may be many (report numbers, Art. 18) is read a piece of
    /// about this size at a time (`CSVPieces`), its records staged in SQLite (`ReportNumberStage`).
    public var pieceSize: Int
    /// Where report numbers are staged: the system's temporary folder when nil.
    public var stagingFolder: String?

    public init(rules: RegistryRules, encoding: TextEncoding? = nil, pieceSize: Int = 8 << 20, stagingFolder: String? = nil) {
        self.rules = rules
        self.encoding = encoding
        self.pieceSize = pieceSize
        self.stagingFolder = stagingFolder
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
        /// The data files given but not read (a title row, a missing column, bytes that are no text): what
        /// references them is not checked, so one mistake is one error.
        public var unreadFiles: Set<String> = []
        /// The keys other tables reference (`RegistryChecks.referenceKey`) as any row of their table holds them,
        /// rejected rows included: a reference to a rejected row is not reported a second time.
        public var mentionedKeys: [String: Set<String>] = [:]
        /// The files read, by name, size and SHA-256 of the very bytes read: what the registry is imported from.
        public var sources: [ImportSource] = []
        /// Where each data file's rows were read from (`data/登记册.xlsx`, sheet 机构), by data file name.
        public var origins: [String: Origin] = [:]
        /// The report numbers read, when they are staged rather than in `data` (Art. 18).
        public var reportNumbers: ReportNumberStage?
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
        var onDisk: [String: PiecesOnDisk] = [:]
        for name in listing.folders {
            diagnostics.append(Diagnostic(at: SourceLocation(file: displayPrefix + name),
                "E008.folder",
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
            // Art. 18: report numbers may be tens of millions; such a file is read from disk a piece at a time.
            let read: Result<[UInt8], SiteFolder.ReadFailure>
            if name == CSVFormat.reportNumbers.file, case .success(let opened) = folder.openFile(name) {
                if opened.size > pieceSize {
                    onDisk[name] = PiecesOnDisk(fd: opened.fd, size: pieceSize)
                    continue
                }
                read = SiteFolder.readAll(opened.fd, size: opened.size, limit: Int.max)
                close(opened.fd)
            } else {
                read = folder.read(name)
            }
            switch read {
            case .success(let bytes): files[name] = bytes
            case .failure(let f): diagnostics.append(folder.diagnostic(f, name))
            }
        }
        var outcome = importFiles(files, onDisk: onDisk, displayPrefix: displayPrefix)
        outcome.diagnostics.insert(contentsOf: diagnostics, at: 0)
        for (name, pieces) in onDisk {
            if let failure = pieces.failure { outcome.diagnostics.insert(folder.diagnostic(.unreadable(failure), name), at: 0) }
        }
        outcome.sources = (files.keys.map { ImportSource(file: $0, contents: files[$0]!) }
            + onDisk.map { ImportSource(file: $0.key, sha256: $0.value.sha256, bytes: $0.value.bytesRead) }).sorted { $0.file < $1.file }
        // A data file that exists but could not be read must not pass as "agencies.csv is missing".
        if listing.files.contains(CSVFormat.agencies.file) && files[CSVFormat.agencies.file] == nil {
            outcome.diagnostics.removeAll { $0.code == "E009" && $0.location.file == displayPrefix + CSVFormat.agencies.file }
        }
        return outcome
    }

    /// Pure core: file name → bytes in (CSV files and `.xlsx` workbooks), records and diagnostics out.
    /// `onDisk`: files too large to hold, read a piece at a time (`importDirectory` decides which).
    public func importFiles(_ files: [String: [UInt8]], onDisk: [String: PiecesOnDisk] = [:], displayPrefix: String = "data/") -> Outcome {
        var data = RegistryData()
        var read: [(String, TextEncoding?, Int, String)] = []
        var rejected: Set<UnifiedSocialCreditCode> = []
        var (sources, diagnostics) = EntitySources.resolve(files, onDisk: onDisk, displayPrefix: displayPrefix)
        var agencyListComplete = sources[CSVFormat.agencies.file] != nil
        var origins: [String: Origin] = [:]
        var unread: Set<String> = []
        var mentionedKeys: [String: Set<String>] = [:]
        var stage: ReportNumberStage?
        let present = CSVFormat.all.filter { sources[$0.file] != nil }
        // Reading a file and turning its records into records is two stages: the next file is read on another
        // core while this one's records are added (which needs the files before it: code exceptions first).
        // Two files at most are held at once, and the messages come out in the same order as one by one.
        let readAhead = ReadAhead(count: present.count) { i in self.parse(present[i], sources[present[i].file]!, displayPrefix: displayPrefix) }
        var next = 0
        // A workbook that could not be read may hold what is missing: its own error says what to do, and a
        // "missing" one beside it would send the clerk looking for the wrong thing.
        let unreadableWorkbook = diagnostics.contains { $0.code == "E018" }
        for format in CSVFormat.all {
            guard sources[format.file] != nil else {
                if format.requiredFile && !unreadableWorkbook {
                    diagnostics.append(Diagnostic(at: SourceLocation(file: displayPrefix + format.file),
                        "E009.noAgencies",
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
                unread.insert(format.file)
                continue
            }
            if format.file == CSVFormat.agencies.file { rejected = table.mentionedCodes }
            if !table.mentionedKeys.isEmpty { mentionedKeys[format.file] = table.mentionedKeys }
            let accepted = Set(data.published.codeExceptions.map(\.code.value))
            func add(_ table: ReadTable) {
                var rows = table.rows
                for i in rows.indices {
                    rows[i].acceptedCodes = accepted
                    self.add(&rows[i], format: format, to: &data)
                    diagnostics.append(contentsOf: rows[i].problems)
                }
            }
            // Art. 18: report numbers go to the stage piece by piece (in memory only if no stage can be made); what
            // references an agency is checked against agencies.csv, read by now, as `RegistryChecks` checks the rest.
            var records = table.rows.count
            var fileEncoding = parsed.encoding
            if format.file == CSVFormat.reportNumbers.file, let staged = self.stage(&stage) {
                let known = agencyListComplete ? Set(data.published.agencies.map(\.code)).union(rejected) : nil
                let first = stagedPiece(table, accepted: accepted, known: known)
                diagnostics += first.diagnostics
                staged.appendLater(first.batch)
                if let rest = parsed.rest {
                    records += stagePieces(rest, into: staged, accepted: accepted, known: known, diagnostics: &diagnostics)
                    fileEncoding = rest.decoder.encoding ?? fileEncoding
                }
            } else {
                add(table)
                if let rest = parsed.rest {
                    let pieces = ReadAhead(count: Int.max) { _ in self.parse(pieceOf: rest) }
                    for k in 0... {
                        let piece = pieces.take(k)
                        diagnostics += piece.diagnostics
                        guard !piece.isEnd, let table = piece.table else { break }
                        records += table.rows.count
                        add(table)
                    }
                    pieces.finish()
                    rest.pieces.drain()
                    fileEncoding = rest.decoder.encoding ?? fileEncoding
                }
            }
            read.append((parsed.name, fileEncoding, records, format.file))
            if format.file == CSVFormat.reportNumbers.file, let staged = stage {
                do { diagnostics += try staged.finish() } catch {
                    diagnostics.append(Diagnostic(at: SourceLocation(file: staged.path), "E302.stage", ["error": "\(error)"]))
                }
            }
        }
        rejected.subtract(data.published.agencies.map(\.code))
        return Outcome(data: data, diagnostics: diagnostics, filesRead: read, rejectedAgencies: rejected, agencyListComplete: agencyListComplete,
                       unreadFiles: unread, mentionedKeys: mentionedKeys, origins: origins, reportNumbers: stage)
    }

    /// Art. 18: a piece of report numbers as the stage takes them. Each row is checked on its own (duplicates are
    /// the stage's UNIQUE indexes' to find), so pieces are made on all cores; `known`: the agencies a number
    /// may name, nil when agencies.csv could not be read whole (then no reference is reported).
    func stagedPiece(_ table: ReadTable, accepted: Set<String>, known: Set<UnifiedSocialCreditCode>?) -> StagedPiece {
        var diagnostics: [Diagnostic] = [], unknown: [Diagnostic] = []
        var batch = ReportNumberStage.Batch(capacity: table.rows.count)
        var rows = table.rows
        let accepted = Set(accepted.map { $0 })
        for i in rows.indices {
            rows[i].acceptedCodes = accepted
            if let (n, numberKey, codeKey) = reportNumber(&rows[i]) {
                batch.append(n, numberKey: numberKey, codeKey: codeKey)
                if known?.contains(n.agency) == false { unknown.append(RegistryChecks.unknownAgency(n.agency, n.origin)) }
            }
            diagnostics.append(contentsOf: rows[i].problems)
        }
        // The rows are let go here, on the thread that made them: many small allocations freed on another
        // thread fragmented glibc's heap, to several times the memory the rows needed.
        return StagedPiece(diagnostics: diagnostics + unknown, batch: batch)
    }

    struct StagedPiece: @unchecked Sendable {
        var diagnostics: [Diagnostic]
        var batch: ReportNumberStage.Batch
    }

    /// The pieces after the first, in order: cut and decoded one after another on one core (both follow the
    /// file), then made into records as many at a time as there are cores, and handed to the stage in order.
    /// Returns how many records the pieces held; stops after a piece that cannot be read row by row.
    func stagePieces(_ rest: RestOfFile, into staged: ReportNumberStage, accepted: Set<String>, known: Set<UnifiedSocialCreditCode>?,
                     diagnostics: inout [Diagnostic]) -> Int {
        let decoded = ReadAhead(count: Int.max) { _ in self.decode(pieceOf: rest) }
        let width = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var next = 0, records = 0, stopped = false
        while !stopped {
            var round: [DecodedPiece] = []
            while round.count < width, !stopped {
                let piece = decoded.take(next)
                next += 1
                round.append(piece)
                stopped = piece.text == nil
            }
            let made = round.concurrentMap { piece -> (ParsedFile, StagedPiece?) in
                var parsed = self.records(of: piece, rest)
                let staged = parsed.table.map { self.stagedPiece($0, accepted: accepted, known: known) }
                parsed.records = parsed.table?.rows.count ?? 0
                parsed.table = nil
                return (parsed, staged)
            }
            for (parsed, piece) in made {
                diagnostics += parsed.diagnostics
                guard let piece else {
                    stopped = true
                    break
                }
                records += parsed.records
                diagnostics += piece.diagnostics
                staged.appendLater(piece.batch)
            }
        }
        decoded.finish()
        rest.pieces.drain()
        return records
    }

    /// The stage for report numbers, made on first use; nil when none can be made (then they stay in memory).
    func stage(_ stage: inout ReportNumberStage?) -> ReportNumberStage? {
        if stage == nil { stage = try? ReportNumberStage(folder: stagingFolder) }
        return stage
    }

    /// One data file read into rows, with what reading it found.
    struct ParsedFile: @unchecked Sendable {
        var name: String
        var diagnostics: [Diagnostic] = []
        var origin: Origin?
        var encoding: TextEncoding?
        /// All its rows, or those of its first piece when `rest` says how to read the others.
        var table: ReadTable?
        var rest: RestOfFile?
        /// A piece past the last.
        var isEnd = false
        /// Records read (kept when `table` is let go).
        var records = 0
    }

    /// A file read a piece at a time: what the first piece established for the others.
    struct RestOfFile: @unchecked Sendable {
        var pieces: CSVPieces
        var columns: Columns
        var format: CSVFormat
        var origin: Origin
        var decoder: PieceDecoder
    }

    /// The next piece of a file whose first piece was read: no table when it cannot be read row by row, and
    /// `isEnd` after the last.
    func parse(pieceOf rest: RestOfFile) -> ParsedFile {
        let piece = decode(pieceOf: rest)
        var parsed = records(of: piece, rest)
        parsed.isEnd = piece.isEnd
        return parsed
    }

    /// A piece's text, or why it has none: the end of the file, or bytes that do not decode.
    struct DecodedPiece: @unchecked Sendable {
        var text: String?
        var firstLine = 1
        var diagnostics: [Diagnostic] = []
        var isEnd = false
    }

    /// The next piece, decoded (in order: the decoder follows which encoding the file's lines are in).
    func decode(pieceOf rest: RestOfFile) -> DecodedPiece {
        guard let piece = rest.pieces.next() else { return DecodedPiece(isEnd: true) }
        switch rest.decoder.decode(piece.bytes[...], firstLine: piece.firstLine) {
        case .success(let text): return DecodedPiece(text: text, firstLine: piece.firstLine)
        case .failure(let failure): return DecodedPiece(diagnostics: [diagnostic(failure, display: rest.origin.file)])
        }
    }

    /// A decoded piece's rows (any piece on its own: it starts where a record starts).
    func records(of piece: DecodedPiece, _ rest: RestOfFile) -> ParsedFile {
        var parsed = ParsedFile(name: rest.origin.file, diagnostics: piece.diagnostics)
        guard let text = piece.text else { return parsed }
        switch CSVReader.records(text, firstLine: piece.firstLine, crLineEnds: false) {
        case .success(let records):
            parsed.table = rows(records, rest.columns.ownCopy(), origin: rest.origin.ownCopy(), into: &parsed.diagnostics)
        case .failure(let failure): parsed.diagnostics.append(Self.diagnostic(failure, format: rest.format, display: rest.origin.file))
        }
        return parsed
    }

    func parse(_ format: CSVFormat, _ source: EntitySource, displayPrefix: String) -> ParsedFile {
        var parsed = ParsedFile(name: source.name)
        var raw: (table: CSVTable, encoding: TextEncoding?, origin: Origin)?
        // A file read a piece at a time: its first piece is read as a file of its own, and says how to read the rest.
        var pieces: CSVPieces?
        var csv: (file: String, bytes: [UInt8])?
        switch source {
        case .csv(let file, let bytes):
            if format.file == CSVFormat.reportNumbers.file && bytes.count > pieceSize { pieces = PiecesInMemory(bytes, size: pieceSize) }
            csv = (file, pieces.map { $0.next()?.bytes ?? [] } ?? bytes)
        case .pieces(let file, let onDisk):
            pieces = onDisk
            csv = (file, onDisk.next()?.bytes ?? [])
        case .sheet(let file, let workbook, let index):
            let display = displayPrefix + file
            let sheet = workbook.sheets[index]
            let (table, problems) = SheetTable.read(sheet, format: format, display: display, date1904: workbook.date1904)
            parsed.diagnostics += problems
            raw = table.map { ($0, nil, Origin(file: display, sheet: sheet.name, line: nil)) }
        }
        if let csv {
            let display = displayPrefix + csv.file
            raw = readCSV(csv.bytes, format: format, display: display, into: &parsed.diagnostics).map { ($0.table, $0.encoding, Origin(file: display, line: nil)) }
        }
        guard let raw else {
            pieces?.drain()
            return parsed
        }
        parsed.origin = raw.origin
        parsed.encoding = raw.encoding
        guard let checked = columns(raw.table, format: format, origin: raw.origin, into: &parsed.diagnostics) else {
            pieces?.drain()
            return parsed
        }
        parsed.table = rows(raw.table.records, checked, origin: raw.origin, into: &parsed.diagnostics)
        if let pieces, let first = csv?.bytes {
            let body = first.starts(with: [0xEF, 0xBB, 0xBF]) ? first.dropFirst(3) : first[...]
            parsed.rest = RestOfFile(pieces: pieces, columns: checked, format: format, origin: raw.origin,
                                     decoder: PieceDecoder(declared: encoding, first: body))
        }
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
        /// For a table others reference, every row's key as `RegistryChecks.referenceKey` makes it.
        var mentionedKeys: Set<String> = []
    }

    /// A code as its writer meant it: half-width, capitals, no spaces, the check character its first 17 make. Used only to avoid reporting a
    /// reference twice, never to accept a code.
    static func meantCode(_ raw: String) -> UnifiedSocialCreditCode? {
        let text = RegistryChecks.meantText(raw)
        // A wrong check character (E104) names the agency the first 17 characters make: other tables name it by its right code.
        switch UnifiedSocialCreditCode.validate(text) {
        case .success(let code): return code
        case .failure(.wrongCheckCharacter(_, let expected)): return UnifiedSocialCreditCode(unchecked: String(text.prefix(17)) + String(expected))
        case .failure: return nil
        }
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
        case .failure(let failure):
            diagnostics.append(diagnostic(failure, display: display))
            return nil
        }
        let table: CSVTable
        switch CSVReader.read(decoded.text) {
        case .success(let t): table = t
        case .failure(let failure):
            diagnostics.append(Self.diagnostic(failure, format: format, display: display))
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

    /// Why a file's bytes are not text gongshi reads.
    func diagnostic(_ failure: DecodeFailure, display: String) -> Diagnostic {
        switch failure {
        case .utf32: return Diagnostic(at: SourceLocation(file: display), "E002.utf32")
        case .utf16: return Diagnostic(at: SourceLocation(file: display), "E002.utf16")
        case .nulByte(let line): return Diagnostic(at: SourceLocation(file: display, line: line), "E010")
        case .mixed(let utf8Line, let otherLine):
            return Diagnostic(at: SourceLocation(file: display, line: otherLine), "E002.mixedEncodings", ["utf8Line": "\(utf8Line)"])
        case .byteOrderMarkInside(let line): return Diagnostic(at: SourceLocation(file: display, line: line), "E002.byteOrderMark")
        case .undecodable(let line, let enc):
            return Diagnostic(at: SourceLocation(file: display, line: line), encoding == nil ? "E002.neither" : "E002.undecodable",
                              ["encoding": "\(enc.rawValue)"])
        }
    }

    /// Why a file's text is not CSV gongshi reads.
    static func diagnostic(_ failure: CSVSyntaxError, format: CSVFormat, display: String) -> Diagnostic {
        switch failure {
        case .empty:
            return Diagnostic(at: SourceLocation(file: display), "E009.fileEmpty", ["headers": "\(format.headers.joined(separator: ","))"])
        case .unterminatedQuote(let line, let column):
            return Diagnostic(at: SourceLocation(file: display, line: line, column: column), "E003.unclosedQuote")
        case .bareCarriageReturn(let line, let column):
            return Diagnostic(at: SourceLocation(file: display, line: line, column: column), "E013")
        case .textAfterClosingQuote(let line, let column):
            return Diagnostic(at: SourceLocation(file: display, line: line, column: column), "E003.textAfterQuote")
        }
    }

    /// A table's columns, checked against its format once: what every row of it is read by.
    struct Columns {
        var header: [String]
        /// Header → field index.
        var indexes: [String: Int]
        /// Header → the column as the clerk's program numbers it, for every message about a cell.
        var sheetColumns: [String: Int]
        /// The columns in order with what each holds.
        var ordered: [(header: String, index: Int, kind: CSVColumn.Kind)]
        var columnNumbers: [Int]?
        var format: CSVFormat
        /// Header, as `format` spells it → field index: what each row's getters look up.
        var fieldIndex: HeaderIndex
        /// The fields of internal columns, whose values no message repeats.
        var internalIndexes: [Int]

        func column(_ index: Int) -> Int { columnNumbers?[index] ?? index + 1 }

        /// The same columns in storage of their own: every row holds them, and rows made on two cores from one
        /// shared copy spent their time passing its reference counts' cache line between the cores.
        func ownCopy() -> Columns {
            Columns(header: header.map { $0 }, indexes: indexes.ownCopy(), sheetColumns: sheetColumns.ownCopy(), ordered: ordered.map { $0 },
                    columnNumbers: columnNumbers?.map { $0 }, format: format, fieldIndex: fieldIndex.ownCopy(), internalIndexes: internalIndexes.map { $0 })
        }
    }

    /// A table's header checked against the format; nil when its rows cannot be read. `origin` names the file
    /// (and sheet) for every message.
    func columns(_ table: CSVTable, format: CSVFormat, origin: Origin, into diagnostics: inout [Diagnostic]) -> Columns? {
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
                    ["header": "\(header)", "formatFile": .dataFile(format.file), "headers": "\(format.headers.joined(separator: "、"))"]))
                headerOK = false
            }
            columns[header] = columns[header] ?? i
        }
        for column in format.columns where column.required && columns[column.header] == nil {
            diagnostics.append(Diagnostic(at: at(table.headerLine, nil, column.header),
                "E004", ["header": "\(column.header)", "doc": .translated(zh: column.doc, en: column.en)]))
            headerOK = false
        }
        guard headerOK else { return nil }
        let spelled = Dictionary(columns.map { header, index in (format.headers.first { $0 == header } ?? header, index) }, uniquingKeysWith: { a, _ in a })
        return Columns(header: table.header, indexes: columns, sheetColumns: columns.mapValues { table.column($0) },
                       ordered: columns.sorted { $0.value < $1.value }.map { ($0.key, $0.value, CSVColumn.kind(of: $0.key)) },
                       columnNumbers: table.columnNumbers, format: format, fieldIndex: HeaderIndex(spelled),
                       internalIndexes: format.internalHeaders.compactMap { columns[$0] }.sorted())
    }

    /// The rows of records whose header `columns` checked (a whole table, or a piece of a file).
    func rows(_ records: [CSVRecord], _ columns: Columns, origin: Origin, into diagnostics: inout [Diagnostic]) -> ReadTable {
        func at(_ line: Int?, _ column: Int? = nil, _ field: String? = nil) -> SourceLocation {
            SourceLocation(file: origin.file, sheet: origin.sheet, line: line, column: column, field: field)
        }
        var rows: [CSVRow] = []
        var mentioned: Set<UnifiedSocialCreditCode> = []
        let codeIndex = columns.indexes["统一社会信用代码"]
        let mentionsCodes = columns.format.file == CSVFormat.agencies.file
        let nameIndexes = columns.format.columns.filter(\.holdsName).compactMap { columns.indexes[$0.header] }
        let keyIndexes = (RegistryChecks.referenceKeys[columns.format.file] ?? []).compactMap { columns.indexes[$0] }
        var keys: Set<String> = []
        rows.reserveCapacity(records.count)
        for record in records {
            if !keyIndexes.isEmpty, keyIndexes.allSatisfy({ $0 < record.fields.count }) {
                keys.insert(RegistryChecks.referenceKey(keyIndexes.map { record.fields[$0] }))
            }
            // Only agencies.csv's codes are asked for (`rejectedAgencies`); reading every code as meant costs.
            if mentionsCodes, let index = codeIndex, index < record.fields.count, let code = Self.meantCode(record.fields[index]) { mentioned.insert(code) }
            if record.fields.count != columns.header.count {
                diagnostics.append(Diagnostic(at: at(record.line), record.fields.count > columns.header.count ? "E007.tooMany" : "E007.tooFew",
                    ["fields": "\(record.fields.count)", "header": "\(columns.header.count)"]))
                continue
            }
            var clean = true
            for (header, index, kind) in columns.ordered {
                if let problem = Self.cellProblem(record.fields[index], kind: kind) {
                    diagnostics.append(Diagnostic(at: at(record.line, columns.column(index), header),
                                                  columns.internalIndexes.contains(index) ? problem.withholdingCell(record.fields[index]) : problem))
                    clean = false
                }
            }
            guard clean else { continue }
            for index in nameIndexes where record.fields[index].utf8.contains(0xE3) && record.fields[index].trimmingWhitespace().contains("\u{3000}") {
                diagnostics.append(Diagnostic(.warning, at: at(record.line, columns.column(index), columns.header[index]), "W031"))
            }
            var row = CSVRow(origin: Origin(file: origin.file, sheet: origin.sheet, line: record.line, columns: columns.sheetColumns),
                             fields: record.fields, index: columns.fieldIndex)
            row.internalFields = columns.internalIndexes
            row.numbersStoredAsText = record.numbersStoredAsText
            rows.append(row)
        }
        return ReadTable(rows: rows, mentionedCodes: mentioned, mentionedKeys: keys)
    }
}
