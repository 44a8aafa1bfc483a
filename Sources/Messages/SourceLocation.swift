/// Where a problem was found: a file, and when known a line and a column — or, in a workbook, a sheet, and
/// a row and a column, which make a cell (`资质认定证书!C7`).
public struct SourceLocation: Sendable, Hashable, Comparable, Codable {
    public var file: String
    /// The workbook sheet, for a file that is a workbook.
    public var sheet: String?
    /// The line of a text file, or the row of a sheet.
    public var line: Int?
    /// 1-based column index within the line's record, when known.
    public var column: Int?
    /// The column's header (e.g. `统一社会信用代码`) or a config key, when known.
    public var field: String?

    public init(file: String, sheet: String? = nil, line: Int? = nil, column: Int? = nil, field: String? = nil) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.column = column
        self.field = field
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.sheet ?? "", a.line ?? 0, a.column ?? 0, a.field ?? "") < (b.file, b.sheet ?? "", b.line ?? 0, b.column ?? 0, b.field ?? "")
    }

    /// `file:line: column N (header)` — the form every gongshi message starts with; in a workbook
    /// `file: sheet!C7 (header)`, the cell as Excel names it.
    public var description: String { description(in: .en) }

    /// The place in the reader's language: `data/agencies.csv 第 12 行，第 3 列（统一社会信用代码）`, or in a workbook
    /// `data/登记册.xlsx：资质认定证书!C7（证书编号）`.
    public func description(in language: Language) -> String {
        language == .zh ? chinese : english
    }

    private var english: String {
        if let sheet {
            var text = "\(file): \(sheet)"
            switch (line, column) {
            case let (line?, column?): text += "!\(CellReference.letters(column))\(line)"
            case let (line?, nil): text += ", row \(line)"
            default: break
            }
            if let field { text += column == nil && line == nil ? ": \(field)" : " (\(field))" }
            return text
        }
        var text = file
        if let line { text += ":\(line)" }
        switch (column, field) {
        case let (column?, field?): text += ": column \(column) (\(field))"
        case let (column?, nil): text += ": column \(column)"
        case let (nil, field?): text += ": \(field)"
        case (nil, nil): break
        }
        return text
    }

    private var chinese: String {
        if let sheet {
            var text = "\(file)：\(sheet)"
            switch (line, column) {
            case let (line?, column?): text += "!\(CellReference.letters(column))\(line)"
            case let (line?, nil): text += " 表第 \(line) 行"
            default: break
            }
            if let field { text += column == nil && line == nil ? "：\(field)" : "（\(field)）" }
            return text
        }
        var text = file
        if let line { text += " 第 \(line) 行" }
        switch (column, field) {
        case let (column?, field?): text += "\(line == nil ? " " : "，")第 \(column) 列（\(field)）"
        case let (column?, nil): text += "\(line == nil ? " " : "，")第 \(column) 列"
        case let (nil, field?): text += "：\(field)"
        case (nil, nil): break
        }
        return text
    }
}
