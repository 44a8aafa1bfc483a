import Model
/// One cell of a workbook as stored, before gongshi reads it as a column's value.
public struct WorkbookCell: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        /// A shared or inline string, or a formula's text result.
        case text(String)
        /// A number as the file writes it (`18.5`, `9.13302001E+17`) and its value.
        case number(raw: String, value: Double)
        case boolean(Bool)
        /// An ISO 8601 date-time cell (`t="d"`), which some writers use instead of a serial.
        case isoDate(String)
        /// A formula that failed (`#N/A`, `#VALUE!`).
        case error(String)
        /// A formula whose result was never saved: written by a program that does not calculate (a script, a
        /// converter), so what the clerk sees in Excel is not in the file.
        case uncalculated
    }

    /// What the cell's number format makes of a number.
    public enum Format: Sendable, Equatable {
        case general
        /// A date or time format: the number is a serial day count, as Excel stores dates.
        case date
        /// The text format `@` (文本).
        case text
    }

    public var value: Value
    public var format: Format

    public init(_ value: Value, format: Format = .general) {
        self.value = value
        self.format = format
    }
}

/// A rectangle of merged cells, 1-based and inclusive.
public struct CellRange: Sendable, Equatable {
    public var firstRow: Int, firstColumn: Int, lastRow: Int, lastColumn: Int

    public func contains(row: Int, column: Int) -> Bool {
        (firstRow...lastRow).contains(row) && (firstColumn...lastColumn).contains(column)
    }
}

/// One sheet: its rows in order, each with its non-empty cells in column order.
public struct WorkbookSheet: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var number: Int
        public var cells: [(column: Int, cell: WorkbookCell)]
        /// Hidden in the sheet (by hand or by a filter): still data, and read — said so in a warning.
        public var hidden = false

        public init(number: Int, cells: [(column: Int, cell: WorkbookCell)], hidden: Bool = false) {
            self.number = number
            self.cells = cells
            self.hidden = hidden
        }

        public static func == (a: Row, b: Row) -> Bool {
            a.number == b.number && a.hidden == b.hidden && a.cells.map(\.column) == b.cells.map(\.column) && a.cells.map(\.cell) == b.cells.map(\.cell)
        }

        public func cell(_ column: Int) -> WorkbookCell? { cells.first { $0.column == column }?.cell }
    }

    public var name: String
    /// Hidden (or "very hidden") in the workbook: not read, and said so.
    public var hidden: Bool
    public var rows: [Row]
    public var merges: [CellRange]
}

/// A workbook's sheets in tab order, and the date system its serials count from.
public struct Workbook: Sendable, Equatable {
    public var sheets: [WorkbookSheet]
    /// `workbookPr date1904`: serials count from 1904-01-01 (old Mac Excel) instead of 1899-12-30.
    public var date1904: Bool

    public init(sheets: [WorkbookSheet], date1904: Bool) {
        self.sheets = sheets
        self.date1904 = date1904
    }
}
