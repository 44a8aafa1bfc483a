import Evaluation
import Foundation
import Model

/// One published dataset: its fields (the single source of the CSV header, the JSON keys and the
/// documentation on the open-data page) and its rows.
public struct Dataset: Sendable {
    public enum FieldType: String, Sendable {
        case string, integer, number, date, boolean
    }

    public struct Field: Sendable {
        public var name: String
        public var title: String
        public var type: FieldType
        public var description: String
        /// Never empty in the data (Table Schema `required`, CSVW `required`, JSON Schema `required`).
        public var required: Bool = false
        /// Ordered categories (the grades A–E), from best to worst.
        public var categories: [String]? = nil
        /// What each category means, where the values are codes (`notice`): workbooks and pages show the Chinese.
        public var codes: [Code]? = nil
        /// A regular expression every value matches (Table Schema `pattern`, CSVW `format`, JSON Schema `pattern`),
        /// so that validators catch a mangled code or certificate number.
        public var pattern: String? = nil
    }

    /// A code value of a field, its Chinese label and what it means in English.
    public struct Code: Sendable {
        public var value, label, en: String
        public init(_ value: String, _ label: String, _ en: String) { self.value = value; self.label = label; self.en = en }
    }

    public struct ForeignKey: Sendable {
        public var fields: [String]
        public var resource: String
        public var reference: [String]
    }

    public enum Value: Sendable {
        case text(String)
        case integer(Int)
        case score(Score)
        case date(CivilDate)
        case bool(Bool)
        case missing

        var csv: String {
            switch self {
            case .text(let s): return s
            case .integer(let i): return String(i)
            case .score(let s): return s.description
            case .date(let d): return d.iso
            case .bool(let b): return b ? "true" : "false"
            case .missing: return ""
            }
        }

        var json: JSONValue {
            switch self {
            case .text(let s): return .string(s)
            case .integer(let i): return .integer(i)
            case .score(let s): return .decimal(s.description)
            case .date(let d): return .string(d.iso)
            case .bool(let b): return .bool(b)
            case .missing: return .null
            }
        }
    }

    /// File stem: `grades-2025` gives `grades-2025.csv` and `grades-2025.json`.
    public var name: String
    public var title: String
    public var description: String
    public var fields: [Field]
    /// The rows are built when the files are written, one dataset at a time: a national registry's
    /// versions of a year's list would otherwise hold gigabytes at once.
    public let rowCount: Int
    private let makeRows: @Sendable () -> [[Value]]
    public var rows: [[Value]] { makeRows() }
    /// For a final year's list: whether this version is the current one, and why a version exists.
    public var isCurrent = true
    public var versionNote = ""
    public var primaryKey: [String] = []
    public var foreignKeys: [ForeignKey] = []
    /// The grading year whose dataset series this belongs to (DCAT), if any.
    public var seriesYear: Int? = nil
    /// A member of the series: the notice list is 1 until final, then each version its number; nil for the
    /// stable-address copy of the current version and the all-years file.
    public var versionNumber: Int? = nil
    /// 更新周期 for the bureau's portal: 每年, 实时.
    public var updateCycle = "实时"
    /// 发布日期: when this content was first published.
    public var issued: CivilDate? = nil

    /// A dataset whose rows are built on demand; `count` must be their number.
    public init(name: String, title: String, description: String, fields: [Field], count: Int, rows: @escaping @Sendable () -> [[Value]]) {
        self.name = name; self.title = title; self.description = description; self.fields = fields
        rowCount = count
        makeRows = rows
    }

    /// A small dataset, its rows at hand.
    public init(name: String, title: String, description: String, fields: [Field], rows: [[Value]]) {
        self.init(name: name, title: title, description: description, fields: fields, count: rows.count, rows: { rows })
    }

    /// The dataset's files, from one pass over its rows.
    public struct Files {
        /// RFC 4180, CRLF, UTF-8.
        public var csv: [UInt8]
        /// An array of objects, two-space indented, keys in field order.
        public var json: [UInt8]
        /// The worksheets of the Excel file (`WorkbookWriter`), packed with `workbook(…)`'s other parts.
        public var sheets: [[UInt8]]
        /// The CSV for Excel and WPS: UTF-8 with a byte-order mark (without one Excel reads GBK), the Chinese
        /// field titles as header, and every text a spreadsheet would turn into a number or a date protected
        /// (`ByteWriter.excelText`), so that codes and certificate numbers keep every digit; 是/否 for true/false.
        public var excelCSV: [UInt8]
    }

    /// The CSV, the JSON and the Excel worksheets, from one pass over its rows.
    ///
    /// The CSV's text cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the
    /// start) get a leading `'` (`ByteWriter.spreadsheetSafe`): a CSV downloaded from the site is opened in
    /// a spreadsheet by someone. The Excel file needs none: its text cells are strings, never formulas, and
    /// keep codes and certificate numbers as typed. Numbers and dates are typed values in both; the JSON
    /// keeps every text exactly.
    public func files() -> Files { files(rows: rows) }

    /// The files of rows the caller already built (`rows` builds them anew each time).
    public func files(rows: [[Value]]) -> Files {
        var csv: [UInt8] = [], json: [UInt8] = [], excel: [UInt8] = [0xEF, 0xBB, 0xBF]
        let estimate = rowCount * fields.count * 12
        csv.reserveCapacity(estimate); json.reserveCapacity(estimate * 3); excel.reserveCapacity(estimate + estimate / 4)
        var sheet = WorkbookWriter.SheetWriter(header: fields.map(\.title), kinds: fields.map(\.workbookKind), estimatedBytes: estimate * 4)
        csv += Array(csvHeader.utf8)
        for (i, field) in fields.enumerated() {
            if i > 0 { excel.append(UInt8(ascii: ",")) }
            ByteWriter.csvField(ByteWriter.spreadsheetSafe(field.title), into: &excel)
        }
        csv += [0x0D, 0x0A]
        excel += [0x0D, 0x0A]
        // JSON keys, quoted once: `    "name": `
        let keys: [[UInt8]] = fields.map { field in
            var key = Array("    ".utf8)
            ByteWriter.jsonString(field.name, into: &key)
            return key + Array(": ".utf8)
        }
        json += rows.isEmpty ? Array("[]".utf8) : Array("[\n".utf8)
        var text = ""
        let labelled = Set(fields.indices.filter { fields[$0].codes != nil })
        for (r, row) in rows.enumerated() {
            json += Array("  {\n".utf8)
            for (i, value) in row.enumerated() {
                if i > 0 { csv.append(UInt8(ascii: ",")); excel.append(UInt8(ascii: ",")) }
                text = value.csv
                csvField(text, column: i, into: &csv)
                switch value {
                case .text(let s): ByteWriter.csvField(ByteWriter.excelText(label(s, column: i)), into: &excel)
                case .bool(let b): excel += Array((b ? "是" : "否").utf8)
                default: ByteWriter.csvField(text, into: &excel)
                }
                json += keys[i]
                switch value {
                case .text(let s): ByteWriter.jsonString(s, into: &json)
                case .date(let d): ByteWriter.jsonString(d.iso, into: &json)
                case .missing: json += Array("null".utf8)
                case .integer, .score, .bool: json += Array(text.utf8)
                }
                json += i == row.count - 1 ? [0x0A] : [UInt8(ascii: ","), 0x0A]
            }
            sheet.append(labelled.isEmpty ? row : row.enumerated().map { i, value in
                if labelled.contains(i), case .text(let s) = value { return .text(label(s, column: i)) }
                return value
            })
            csv += [0x0D, 0x0A]
            excel += [0x0D, 0x0A]
            json += Array(r == rows.count - 1 ? "  }\n".utf8 : "  },\n".utf8)
        }
        json += Array((rows.isEmpty ? "\n" : "]\n").utf8)
        return Files(csv: csv, json: json, sheets: sheet.finish(), excelCSV: excel)
    }

    /// A code as a Chinese reader sees it (`notice` is 公示); any other text as it is.
    public func label(_ text: String, column: Int) -> String {
        fields[column].codes?.first { $0.value == text }?.label ?? text
    }

    /// One CSV field as the open data writes it: text a spreadsheet would run as a formula gets a leading `'`.
    func csvField(_ text: String, column: Int, into out: inout [UInt8]) {
        ByteWriter.csvField(fields[column].type == .string ? ByteWriter.spreadsheetSafe(text) : text, into: &out)
    }

    /// One row's CSV record, without its line end: the same bytes as the row's line in `files().csv`.
    public func csvRecord(_ row: [Value]) -> String {
        var out: [UInt8] = []
        for (i, value) in row.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            csvField(value.csv, column: i, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The CSV's header line, without its line end.
    public var csvHeader: String {
        var out: [UInt8] = []
        for (i, field) in fields.enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            ByteWriter.csvField(field.name, into: &out)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The Excel file's parts: the worksheets `files()` wrote, and a notes sheet of what the dataset is and
    /// what each column holds.
    public func workbook(_ sheets: [[UInt8]], publisher: String, asOf: CivilDate, licence: String) -> WorkbookWriter {
        var notes: [[String]] = [["数据集", title], ["说明", description], ["数据提供方", publisher], ["数据日期", asOf.iso],
                                 ["许可协议", licence], ["记录数", String(rowCount)], ["", ""], ["字段", "字段名", "类型", "说明"]]
        for field in fields { notes.append([field.title, field.name, field.type.chineseName, field.description]) }
        return WorkbookWriter(title: title, creator: publisher, date: asOf, dataSheets: sheets, notes: notes)
    }
}

extension Dataset.Field {
    /// `（代码：notice 公示；final 公布）`, after a description, where the values are codes.
    static func codeNote(_ codes: [Dataset.Code]?) -> String {
        guard let codes else { return "" }
        return "（代码：" + codes.map { "\($0.value) \($0.label)" }.joined(separator: "；") + "）"
    }

    var workbookKind: WorkbookWriter.Kind {
        switch type {
        case .string: return .text
        case .integer, .number: return .number
        case .date: return .date
        case .boolean: return .boolean
        }
    }
}

extension Dataset.FieldType {
    public var chineseName: String {
        switch self {
        case .string: return "文本"
        case .integer: return "整数"
        case .number: return "数值"
        case .date: return "日期"
        case .boolean: return "是/否"
        }
    }
}

