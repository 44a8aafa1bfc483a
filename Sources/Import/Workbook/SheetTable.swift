import Messages
import Model
/// A workbook sheet read as one data file: its header row (or rows, under merged header cells) and its
/// records, each cell turned into the text a CSV cell of that column would hold — or into a diagnostic
/// that names the cell and the spreadsheet habit that spoilt it.
struct SheetTable {
    var table: CSVTable
    var diagnostics: [Diagnostic]

    /// Nil when the sheet cannot be read row by row (no header); its diagnostics then say why.
    static func read(_ sheet: WorkbookSheet, format: CSVFormat, display: String, date1904: Bool) -> (table: CSVTable?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        func at(_ row: Int?, _ column: Int? = nil, _ field: String? = nil) -> SourceLocation {
            SourceLocation(file: display, sheet: sheet.name, line: row, column: column, field: field)
        }
        guard let first = sheet.rows.first else {
            diagnostics.append(Diagnostic(at: at(nil), "E009.sheetEmpty",
                                          ["headers": "\(format.headers.joined(separator: "、"))"]))
            return (nil, diagnostics)
        }
        // Only the first rows can show a title row: the rest of the sheet is not turned into text for it.
        if let title = HeaderRow.titleRow(sheet.rows.prefix(11).map { ($0.number, $0.cells.compactMap { plainText($0.cell) }) }, format: format) {
            diagnostics.append(Diagnostic(at: at(first.number),
                "E014.rowTitleAbove",
                ["number": "\(first.number)", "found": "\(title.found)", "headerLine": "\(title.headerLine)"]))
            return (nil, diagnostics)
        }
        // The header: the first row, and the rows its merged cells reach down into.
        let headerTop = first.number
        let headerBottom = sheet.merges.filter { $0.firstRow == headerTop }.map(\.lastRow).max() ?? headerTop
        let lastColumn = sheet.rows.compactMap { $0.cells.last?.column }.max() ?? 0
        var headers = [String](repeating: "", count: lastColumn)
        for row in sheet.rows where row.number <= headerBottom {
            for (column, cell) in row.cells {
                if let text = plainText(cell)?.trimmingWhitespace(), !text.isEmpty { headers[column - 1] = text }
            }
        }
        // A merged cell's text heads its first column, in every row the merge covers.
        for merge in sheet.merges where merge.firstRow >= headerTop && merge.firstRow <= headerBottom && merge.lastRow == headerBottom {
            let text = sheet.rows.first { $0.number == merge.firstRow }?.cell(merge.firstColumn).flatMap(plainText)?.trimmingWhitespace() ?? ""
            if !text.isEmpty, merge.firstColumn <= lastColumn { headers[merge.firstColumn - 1] = text }
        }
        let dataRows = sheet.rows.filter { $0.number > headerBottom }
        // Columns with no header: dropped when empty (a formatted blank column), an error when they hold data.
        var kept: [Int] = []
        for column in 1...max(lastColumn, 1) where column <= lastColumn {
            if !headers[column - 1].isEmpty { kept.append(column); continue }
            if let row = dataRows.first(where: { $0.cell(column).map { !isBlank($0) } ?? false }) {
                let merged = sheet.merges.first { $0.contains(row: headerTop, column: column) && $0.firstColumn < column }
                diagnostics.append(Diagnostic(at: at(row.number, column), merged == nil ? "E005.noHeader" : "E005.mergedHeader",
                    ["column": "\(CellReference.letters(column))", "headerRow": "\(headerTop)", "merge": "\(merged.map { "\(CellReference.letters($0.firstColumn))\(headerTop)" } ?? "")"]))
            }
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        var records: [CSVRecord] = []
        let secret = format.internalHeaders
        for row in dataRows {
            var fields = [String](repeating: "", count: kept.count)
            var asText: [Int] = []
            var clean = true
            for (i, column) in kept.enumerated() {
                guard let cell = row.cell(column) else { continue }
                let header = headers[column - 1]
                let kind = CSVColumn.kind(of: header)
                if kind == .number, case .text(let s) = cell.value, Double(s.trimmingWhitespace()) != nil { asText.append(i) }
                switch CellText.of(cell, kind: kind, date1904: date1904) {
                case .success(let text): fields[i] = text
                case .failure(let p):
                    diagnostics.append(Diagnostic(at: at(row.number, column, header), secret.contains(header) ? p.text.withholdingCell(plainText(cell) ?? "") : p.text))
                    clean = false
                }
            }
            guard clean, fields.contains(where: { !$0.trimmingWhitespace().isEmpty }) else { continue }
            records.append(CSVRecord(line: row.number, fields: fields, numbersStoredAsText: asText))
        }
        // Rows hidden by hand or by a filter are data all the same: a clerk who hid them to leave them out must hear it.
        let hiddenNumbers = Set(dataRows.lazy.filter(\.hidden).map(\.number))
        let hiddenRows = hiddenNumbers.isEmpty ? [] : records.map(\.line).filter { hiddenNumbers.contains($0) }
        if let first = hiddenRows.first {
            let shown = hiddenRows.prefix(5).map(String.init).joined(separator: ", ") + (hiddenRows.count > 5 ? ", …" : "")
            diagnostics.append(Diagnostic(.warning, at: at(first),
                "W029",
                ["hiddenRowsCount": "\(hiddenRows.count)", "shown": "\(shown)"]))
        }
        return (CSVTable(header: kept.map { headers[$0 - 1] }, headerLine: headerTop, records: records, columnNumbers: kept), diagnostics)
    }

    static func plainText(_ cell: WorkbookCell) -> String? {
        switch cell.value {
        case .text(let s): return s
        case .number(let raw, _): return raw
        default: return nil
        }
    }

    static func isBlank(_ cell: WorkbookCell) -> Bool {
        if case .text(let s) = cell.value { return s.trimmingWhitespace().isEmpty }
        return false
    }
}
