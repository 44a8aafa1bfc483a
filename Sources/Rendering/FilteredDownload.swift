import Evaluation
import Messages
import Model

/// The filtered grade list as CSV and Excel, made in the page (`assets/site.js`) from the rows the filters
/// show. The page loads `grades/YEAR/download.js` only when asked: each row's CSV record exactly as the open
/// data's `grades-YEAR.current.csv` writes it (formula-safe text included), and its typed cells for the
/// workbook, whose other parts (sheet head, styles, notes) are the open data workbook's. So a filtered file
/// holds the same columns and bytes as the same rows of the open data.
public enum FilteredDownload {
    public static func path(year: Int) -> String { "grades/\(year)/download.js" }
    static let rowsPlaceholder = "@@rows@@", filterPlaceholder = "@@filter@@"

    /// `window.GONGSHI_DOWNLOAD = {…};` for the year's current grades dataset.
    public static func script(_ dataset: Dataset, rows: [[Dataset.Value]]? = nil, publisher: String, asOf: CivilDate, licence: String) -> String {
        var lines: [JSONValue] = []
        lines.reserveCapacity(dataset.rowCount)
        let codeColumn = dataset.fields.firstIndex { $0.name == "unified_social_credit_code" } ?? 0
        for row in rows ?? dataset.rows {
            let cells: [JSONValue] = row.enumerated().map { i, value in
                switch value {
                case .text(let s): return .string(dataset.label(s, column: i))
                case .integer(let n): return .integer(n)
                case .score(let s): return .decimal(s.description)
                // Days since 1899-12-30, as the open data workbook writes a date.
                case .date(let d): return .object([("d", .integer(d.dayNumber + 25_569))])
                case .bool(let b): return .bool(b)
                case .missing: return .null
                }
            }
            lines.append(.array([.string(row[codeColumn].csv), .string(dataset.csvRecord(row)), .array(cells)]))
        }
        // The workbook's fixed parts: the data sheet with its header row only, and the notes of the dataset.
        var sheet = WorkbookWriter.SheetWriter(header: dataset.fields.map(\.title), kinds: dataset.fields.map(\.workbookKind))
        let empty = String(decoding: sheet.finish()[0], as: UTF8.self)
        let head = String(empty[..<empty.range(of: "</sheetData>")!.lowerBound])
        // The notes sheet says what the file is; the page fills in the row count and the filter.
        var notes = dataset.workbook([], publisher: publisher, asOf: asOf, licence: licence).notes
        if let count = notes.firstIndex(where: { $0.first == "记录数" }) {
            notes[count] = ["记录数", rowsPlaceholder]
            notes.insert(["筛选条件", filterPlaceholder], at: count + 1)
        }
        var notesWriter = WorkbookWriter.SheetWriter(header: ["项目", "内容", "类型", "说明"], kinds: [.text, .text, .text, .text])
        for row in notes { notesWriter.append(row.map { .text($0) } + Array(repeating: .missing, count: max(0, 4 - row.count))) }
        let parts = WorkbookWriter.package(sheets: [("数据", []), ("说明", notesWriter.finish()[0])], title: dataset.title, creator: publisher, date: asOf)
            .filter { $0.path != "xl/worksheets/sheet1.xml" }
        let object: JSONValue = .object([
            ("name", .string(dataset.name)),
            ("csvHeader", .string(dataset.csvHeader)),
            ("sheetHead", .string(head)),
            ("lastColumn", .string(CellReference.letters(dataset.fields.count))),
            ("parts", .array(parts.map { .array([.string($0.path), .string(String(decoding: $0.bytes, as: UTF8.self))]) })),
            ("date", .string(asOf.iso)),
            ("rows", .array(lines)),
        ])
        return "window.GONGSHI_DOWNLOAD = " + object.compactText() + ";\n"
    }
}
