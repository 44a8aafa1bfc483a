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
            diagnostics.append(Diagnostic(code: "E009", at: at(nil), "the sheet is empty",
                                          fix: "type the header row into row 1: \(format.headers.joined(separator: "、"))"))
            return (nil, diagnostics)
        }
        // Only the first rows can show a title row: the rest of the sheet is not turned into text for it.
        if let title = HeaderRow.titleRow(sheet.rows.prefix(11).map { ($0.number, $0.cells.compactMap { plainText($0.cell) }) }, format: format) {
            diagnostics.append(Diagnostic(code: "E014", at: at(first.number),
                "row \(first.number) is a title above the header; the header (\(title.found)) is in row \(title.headerLine)",
                fix: "delete the rows above row \(title.headerLine), so that the header is the sheet's first row (a title can go in the sheet's name)"))
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
                diagnostics.append(Diagnostic(code: "E005", at: at(row.number, column),
                    "column \(CellReference.letters(column)) holds data but has no header" + (merged.map { " (its header cell is merged into \(CellReference.letters($0.firstColumn))\(headerTop))" } ?? ""),
                    fix: merged == nil ? "type the column's header into row \(headerTop), or delete the column"
                                       : "unmerge the header cells and give each column its own header, or delete the column"))
            }
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        var records: [CSVRecord] = []
        for row in dataRows {
            var fields = [String](repeating: "", count: kept.count)
            var clean = true
            for (i, column) in kept.enumerated() {
                guard let cell = row.cell(column) else { continue }
                let header = headers[column - 1]
                switch CellText.of(cell, kind: CSVColumn.kind(of: header), date1904: date1904) {
                case .success(let text): fields[i] = text
                case .failure(let p):
                    diagnostics.append(Diagnostic(code: p.code, at: at(row.number, column, header), p.message, fix: p.fix))
                    clean = false
                }
            }
            guard clean, fields.contains(where: { !$0.trimmingWhitespace().isEmpty }) else { continue }
            records.append(CSVRecord(line: row.number, fields: fields))
        }
        // Rows hidden by hand or by a filter are data all the same: a clerk who hid them to leave them out must hear it.
        let hiddenNumbers = Set(dataRows.lazy.filter(\.hidden).map(\.number))
        let hiddenRows = hiddenNumbers.isEmpty ? [] : records.map(\.line).filter { hiddenNumbers.contains($0) }
        if let first = hiddenRows.first {
            let shown = hiddenRows.prefix(5).map(String.init).joined(separator: ", ") + (hiddenRows.count > 5 ? ", …" : "")
            diagnostics.append(Diagnostic(.warning, code: "W029", at: at(first),
                "\(hiddenRows.count) hidden row(s) are read as data (rows \(shown)): hiding a row, or filtering it out, does not leave it out",
                fix: "unhide the rows (or clear the filter) to see what is imported, and delete the rows that are not data"))
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
