import Import
import Messages
import Model

/// A sheet (or a CSV file) as the grid shows it: the header rows, every row a problem names with a row or two
/// around it, gaps between; each named cell marked and tied to its message. Bounded: at most `maximumRows`
/// rows and `maximumColumns` columns are shown, whatever the file holds.
struct SheetGrid {
    struct Problem {
        var diagnostic: Diagnostic
        /// The cell's (or row's) anchor in the grid, when the grid shows it.
        var anchor: String?
    }

    static let maximumRows = 400
    static let maximumColumns = 60
    static let context = 2

    var columns: [String] = []
    var rows: [SheetPage.Row] = []
    var problems: [Problem] = []
    var readable: Bool
    var omittedRows = 0

    init(view: DataFileView?, diagnostics: [Diagnostic], isWorkbook: Bool) {
        readable = view != nil
        guard let view else {
            problems = diagnostics.map { Problem(diagnostic: $0, anchor: nil) }
            return
        }
        let width = min(view.columns, Self.maximumColumns)
        columns = (1...max(width, 1)).map { isWorkbook ? CellReference.letters($0) : "\($0)" }
        // The rows problems name, their neighbours, and the first rows (the header).
        let named = Set(diagnostics.compactMap(\.location.line))
        var wanted = Set(view.rows.prefix(1 + Self.context).map(\.number))
        for line in named { for n in (line - Self.context)...(line + Self.context) { wanted.insert(n) } }
        var anchors: [String: String] = [:]
        func anchor(_ line: Int, _ column: Int?) -> String { column.map { "c\(line)-\($0)" } ?? "r\(line)" }
        var marks: [String: String] = [:]
        for d in diagnostics {
            guard let line = d.location.line else { continue }
            let key = anchor(line, d.location.column.flatMap { $0 <= width ? $0 : nil })
            // An error outweighs a warning on the same cell.
            if marks[key] != "error" { marks[key] = d.severity == .error ? "error" : "warning" }
        }
        var shown = 0
        var previous: Int?
        for row in view.rows where wanted.contains(row.number) {
            guard shown < Self.maximumRows else { omittedRows += 1; continue }
            if let previous, row.number > previous + 1 { rows.append(SheetPage.Row(number: "", cells: [], gap: true)) }
            previous = row.number
            shown += 1
            var cells: [SheetPage.Cell] = []
            for column in 1...max(width, 1) {
                let text = column <= row.cells.count ? row.cells[column - 1] : ""
                let key = anchor(row.number, column)
                let mark = marks[key]
                if mark != nil { anchors[key] = key }
                cells.append(SheetPage.Cell(text: text, cellMark: mark, cellAnchor: mark == nil ? nil : key,
                                            describedBy: mark == nil ? nil : "m-" + key))
            }
            let rowKey = anchor(row.number, nil)
            if marks[rowKey] != nil { anchors[rowKey] = rowKey }
            rows.append(SheetPage.Row(number: "\(row.number)", cells: cells, gap: false, rowMark: marks[rowKey],
                                      rowAnchor: marks[rowKey] == nil ? nil : rowKey))
        }
        // Each message once, in the grid's order; the first message of a cell carries its anchor.
        var given = Set<String>()
        for d in diagnostics.sorted() {
            var key: String?
            if let line = d.location.line { key = anchors[anchor(line, d.location.column.flatMap { $0 <= width ? $0 : nil })] }
            if let k = key, !given.insert(k).inserted { key = nil }
            problems.append(Problem(diagnostic: d, anchor: key))
        }
    }
}
