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
        /// Codes of agency rows rejected for other errors: references to them are not reported again.
        public var rejectedAgencies: Set<UnifiedSocialCreditCode>
    }

    /// Reads every known file of `directory`; `displayPrefix` is how messages name the folder (e.g. `data/`).
    public func importDirectory(_ directory: String, displayPrefix: String = "data/") -> Outcome {
        var diagnostics: [Diagnostic] = []
        var files: [String: [UInt8]] = [:]
        let listing = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let known = Set(CSVFormat.all.map(\.file))
        for name in listing.sorted() where name.lowercased().hasSuffix(".csv") {
            guard known.contains(name) else {
                diagnostics.append(Diagnostic(code: "E008", at: SourceLocation(file: displayPrefix + name),
                    "'\(name)' is not a gongshi data file, so it would be ignored",
                    fix: "rename it to one of \(CSVFormat.all.map(\.file).joined(separator: ", ")), or move it out of \(displayPrefix)"))
                continue
            }
            if let data = FileManager.default.contents(atPath: directory + "/" + name) { files[name] = [UInt8](data) }
        }
        var outcome = importFiles(files, displayPrefix: displayPrefix)
        outcome.diagnostics.insert(contentsOf: diagnostics, at: 0)
        return outcome
    }

    /// Pure core: file name → bytes in, records and diagnostics out.
    public func importFiles(_ files: [String: [UInt8]], displayPrefix: String = "data/") -> Outcome {
        var data = RegistryData()
        var diagnostics: [Diagnostic] = []
        var read: [(String, TextEncoding, Int)] = []
        var rejected: Set<UnifiedSocialCreditCode> = []
        for format in CSVFormat.all {
            let display = displayPrefix + format.file
            guard let bytes = files[format.file] else {
                if format.requiredFile {
                    diagnostics.append(Diagnostic(code: "E009", at: SourceLocation(file: display),
                        "\(format.file) is missing; every site needs its agencies", fix: "create \(display) with the columns listed in docs/data-format.md"))
                }
                continue
            }
            guard let table = readTable(bytes, format: format, display: display, into: &diagnostics) else { continue }
            read.append((format.file, table.encoding, table.rows.count))
            var rows = table.rows
            for i in rows.indices {
                let before = data.published.agencies.count
                add(&rows[i], format: format, to: &data)
                diagnostics.append(contentsOf: rows[i].problems)
                if format.file == CSVFormat.agencies.file, data.published.agencies.count == before,
                   let code = UnifiedSocialCreditCode(rows[i].text("统一社会信用代码")) {
                    rejected.insert(code)
                }
            }
        }
        return Outcome(data: data, diagnostics: diagnostics, filesRead: read, rejectedAgencies: rejected)
    }

    struct ReadTable {
        var rows: [CSVRow]
        var encoding: TextEncoding
    }

    /// Decodes, parses and checks the header; nil when the file cannot be read row by row.
    func readTable(_ bytes: [UInt8], format: CSVFormat, display: String, into diagnostics: inout [Diagnostic]) -> ReadTable? {
        let whole = SourceLocation(file: display)
        let decoded: DecodedText
        switch TextDecoder.decode(bytes, as: encoding) {
        case .success(let d): decoded = d
        case .failure(.utf16):
            diagnostics.append(Diagnostic(code: "E002", at: whole, "the file is UTF-16, which gongshi does not read",
                fix: "save it again as \"CSV UTF-8\" (or \"CSV\" for GB18030) from Excel or WPS"))
            return nil
        case .failure(.nulByte(let line)):
            diagnostics.append(Diagnostic(code: "E010", at: SourceLocation(file: display, line: line), "the file contains a NUL byte: it is not a text file",
                fix: "export the sheet again as CSV; a NUL byte means the file is binary or damaged"))
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
        rows.reserveCapacity(table.records.count)
        for record in table.records {
            if record.fields.count != table.header.count {
                diagnostics.append(Diagnostic(code: "E007", at: SourceLocation(file: display, line: record.line),
                    "the row has \(record.fields.count) fields but the header has \(table.header.count)",
                    fix: record.fields.count > table.header.count ? "remove the extra fields, or quote a field that contains a comma" : "add the missing fields (leave them empty if unknown)"))
                continue
            }
            var cells: [String: String] = [:]
            for (header, index) in columns { cells[header] = record.fields[index - 1] }
            rows.append(CSVRow(origin: Origin(file: display, line: record.line, columns: columns), cells: cells))
        }
        return ReadTable(rows: rows, encoding: decoded.encoding)
    }
}
