import Model
/// One record of a CSV file, with the line it starts on so that every message can point at it.
public struct CSVRecord: Sendable, Equatable {
    public var line: Int
    public var fields: [String]
    /// In a sheet, the fields of number columns whose cell is text that reads as a number (Excel's green
    /// triangle, "number stored as text"): a SUM over them skips them.
    public var numbersStoredAsText: [Int] = []

    public init(line: Int, fields: [String], numbersStoredAsText: [Int] = []) {
        self.line = line; self.fields = fields; self.numbersStoredAsText = numbersStoredAsText
    }
}

public struct CSVTable: Sendable, Equatable {
    public var header: [String]
    public var headerLine: Int
    public var records: [CSVRecord]
    /// The sheet column each field is in, for a table read from a workbook (a blank column may be left
    /// out); nil for a CSV file, where field i is column i + 1.
    public var columnNumbers: [Int]? = nil

    /// The 1-based column, as the clerk's program numbers it, of field `index`.
    public func column(_ index: Int) -> Int { columnNumbers?[index] ?? index + 1 }
}

public enum CSVSyntaxError: Error, Equatable, Sendable {
    /// A quoted field that never closes; the line where it opened.
    case unterminatedQuote(line: Int, column: Int)
    /// Text between a closing quote and the next comma, as in `"abc"def`.
    case textAfterClosingQuote(line: Int, column: Int)
    /// A CR not followed by LF, outside quotes, in a file whose lines end in LF.
    case bareCarriageReturn(line: Int, column: Int)
    case empty
}

/// RFC 4180 reader: commas, quoted fields with `""`, commas and line breaks inside quotes. Lines end in LF
/// or CRLF, or — in a file with no LF at all, as the old "CSV (Macintosh)" export writes it — in CR. A CR on
/// its own anywhere else is an error, never part of a value; inside quotes it is a line break (LF).
/// Rows whose fields are all empty (Excel's trailing `,,,,` rows) are skipped.
public enum CSVReader {
    public static func read(_ text: String) -> Result<CSVTable, CSVSyntaxError> {
        switch records(text) {
        case .failure(let failure): return .failure(failure)
        case .success(let records):
            guard let first = records.first else { return .failure(.empty) }
            return .success(CSVTable(header: first.fields.map { $0.trimmingWhitespace() }, headerLine: first.line, records: Array(records.dropFirst())))
        }
    }

    /// The records of `text`, the first on line `firstLine`: a whole file, or a piece of one that starts where a
    /// record does (`CSVChunks`). `crLineEnds`: whether lines end in CR alone, when the caller knows it from the
    /// whole file; nil to tell from `text`.
    public static func records(_ text: String, firstLine: Int = 1, crLineEnds known: Bool? = nil) -> Result<[CSVRecord], CSVSyntaxError> {
        var records: [CSVRecord] = []
        var fields: [String] = []
        var field: [UInt8] = []
        var line = firstLine, recordLine = firstLine
        var column = 1
        var quoteOpenedAt = (line: 1, column: 1)
        enum State { case fieldStart, unquoted, quoted, quoteInQuoted }
        var state = State.fieldStart
        let bytes = Array(text.utf8)
        var i = 0
        let crLineEnds = known ?? !bytes.contains(0x0A)
        func isCRLF(_ i: Int) -> Bool { i + 1 < bytes.count && bytes[i + 1] == UInt8(ascii: "\n") }

        func endField() {
            fields.append(String(decoding: field, as: UTF8.self))
            field.removeAll(keepingCapacity: true)
            column += 1
        }
        func endRecord() {
            endField()
            if fields.contains(where: { !$0.trimmingWhitespace().isEmpty }) {
                records.append(CSVRecord(line: recordLine, fields: fields))
            }
            fields.removeAll(keepingCapacity: true)
            column = 1
        }

        /// What may follow a field, unquoted or after its closing quote: a comma ends it, a line end ends the
        /// record (a CR before LF waits for the LF), a CR alone in a file of LF lines is an error.
        enum AfterField { case separator, bareCarriageReturn, other }
        func endOfField(_ b: UInt8, at i: Int) -> AfterField {
            switch b {
            case UInt8(ascii: ","):
                endField()
            case UInt8(ascii: "\r") where isCRLF(i):
                return .separator  // the \n that follows ends the record
            case UInt8(ascii: "\r") where !crLineEnds:
                return .bareCarriageReturn
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                endRecord()
                line += 1
                recordLine = line
            default:
                return .other
            }
            state = .fieldStart
            return .separator
        }

        while i < bytes.count {
            let b = bytes[i]
            switch state {
            case .fieldStart, .unquoted:
                if b == UInt8(ascii: "\"") {
                    if state == .fieldStart {
                        state = .quoted
                        quoteOpenedAt = (line, column)
                    } else {
                        field.append(b)  // a stray quote inside an unquoted field is kept as text
                    }
                } else {
                    switch endOfField(b, at: i) {
                    case .separator: break
                    case .bareCarriageReturn: return .failure(.bareCarriageReturn(line: line, column: column))
                    case .other:
                        field.append(b)
                        state = .unquoted
                    }
                }
            case .quoted:
                if b == UInt8(ascii: "\"") {
                    state = .quoteInQuoted
                } else if b == UInt8(ascii: "\r") && isCRLF(i) {
                    break  // a CRLF inside a cell becomes LF
                } else if b == UInt8(ascii: "\r") {
                    if crLineEnds { line += 1 }
                    field.append(UInt8(ascii: "\n"))  // a line break, in the one form a value holds
                } else {
                    if b == UInt8(ascii: "\n") { line += 1 }
                    field.append(b)
                }
            case .quoteInQuoted:
                if b == UInt8(ascii: "\"") {
                    field.append(b)
                    state = .quoted
                } else {
                    switch endOfField(b, at: i) {
                    case .separator: break
                    case .bareCarriageReturn: return .failure(.bareCarriageReturn(line: line, column: column))
                    case .other: return .failure(.textAfterClosingQuote(line: line, column: column))
                    }
                }
            }
            i += 1
        }
        if state == .quoted { return .failure(.unterminatedQuote(line: quoteOpenedAt.line, column: quoteOpenedAt.column)) }
        if !(state == .fieldStart && field.isEmpty && fields.isEmpty) { endRecord() }
        return .success(records)
    }
}
