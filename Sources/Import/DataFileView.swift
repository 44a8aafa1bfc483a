import Messages
import Model

/// A data file as the clerk sees it in Excel, WPS or a text editor: its rows of cell texts, numbered as there,
/// for the workbench's grid beside the problems `check` found in it. Read with the same bounded readers as
/// import; a file they refuse has no view (its problem is said in the list).
public struct DataFileView: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        /// The sheet's row number, or the line a CSV record starts on.
        public var number: Int
        /// Column 1 first; a missing cell is empty.
        public var cells: [String]
    }

    public var rows: [Row]
    /// The widest row's column count.
    public var columns: Int

    /// `name`'s rows (of `sheet`, for a workbook); nil when the file or sheet cannot be read.
    public static func read(_ bytes: [UInt8], name: String, sheet: String?) -> DataFileView? {
        if name.lowercased().hasSuffix(".xlsx") {
            guard case .success(let workbook) = XLSXReader.read(bytes),
                  let found = workbook.sheets.first(where: { $0.name == sheet }) else { return nil }
            let rows = found.rows.map { row in
                let width = row.cells.map(\.column).max() ?? 0
                var cells = [String](repeating: "", count: width)
                for (column, cell) in row.cells where column >= 1 {
                    cells[column - 1] = shown(cell, date1904: workbook.date1904)
                }
                return Row(number: row.number, cells: cells)
            }
            return DataFileView(rows: rows, columns: rows.map(\.cells.count).max() ?? 0)
        }
        guard sheet == nil, case .success(let decoded) = TextDecoder.decode(bytes),
              case .success(let records) = CSVReader.records(decoded.text) else { return nil }
        let rows = records.map { Row(number: $0.line, cells: $0.fields) }
        return DataFileView(rows: rows, columns: rows.map(\.cells.count).max() ?? 0)
    }

    /// What the cell shows: text as typed, a date as a date, a number as Excel writes it, an error as its code.
    static func shown(_ cell: WorkbookCell, date1904: Bool) -> String {
        switch CellText.of(cell, kind: cell.format == .date ? .date : .text, date1904: date1904) {
        case .success(let text): return text
        case .failure:
            switch cell.value {
            case .error(let e): return e
            case .number(let raw, _): return raw
            case .isoDate(let s): return s
            default: return ""
            }
        }
    }
}

extension DataFileView {
    /// The data files (`agencies.csv`, …) a file of data/ supplies: a CSV file itself when gongshi reads that name,
    /// a workbook the data files its sheets stand for. What an upload that keeps the rest of data/ must replace.
    public static func dataFiles(suppliedBy name: String, bytes: [UInt8]) -> Set<String> {
        Set(EntitySources.resolve([name: bytes], displayPrefix: "data/").sources.keys)
    }
}
