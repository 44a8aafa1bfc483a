import Evaluation
import Foundation
import Registry

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

    /// The three files of the dataset, from one pass over its rows: CSV (RFC 4180, CRLF), the Excel
    /// variant, and JSON (an array of objects, two-space indented, keys in field order).
    ///
    /// Both CSVs hold text cells that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at
    /// the start) with a leading `'` (`ByteWriter.spreadsheetSafe`): a CSV downloaded from the site is
    /// opened in Excel by someone, whichever file it is. The Excel variant is UTF-8 with a byte-order mark
    /// (or Excel reads it as GBK). Numbers and dates are untouched; the JSON keeps every text exactly.
    public func files() -> (csv: [UInt8], excel: [UInt8], json: [UInt8]) {
        var csv: [UInt8] = [], excel: [UInt8] = [0xEF, 0xBB, 0xBF], json: [UInt8] = []
        let estimate = rowCount * fields.count * 12
        csv.reserveCapacity(estimate); excel.reserveCapacity(estimate); json.reserveCapacity(estimate * 3)
        for (i, field) in fields.enumerated() {
            if i > 0 { csv.append(UInt8(ascii: ",")); excel.append(UInt8(ascii: ",")) }
            ByteWriter.csvField(field.name, into: &csv)
            ByteWriter.csvField(field.name, into: &excel)
        }
        csv += [0x0D, 0x0A]; excel += [0x0D, 0x0A]
        // JSON keys, quoted once: `    "name": `
        let keys: [[UInt8]] = fields.map { field in
            var key = Array("    ".utf8)
            ByteWriter.jsonString(field.name, into: &key)
            return key + Array(": ".utf8)
        }
        let rows = self.rows
        json += rows.isEmpty ? Array("[]".utf8) : Array("[\n".utf8)
        var text = ""
        for (r, row) in rows.enumerated() {
            json += Array("  {\n".utf8)
            for (i, value) in row.enumerated() {
                if i > 0 { csv.append(UInt8(ascii: ",")); excel.append(UInt8(ascii: ",")) }
                text = value.csv
                if fields[i].type == .string, let first = text.utf8.first, ByteWriter.isFormulaStart(first) {
                    ByteWriter.csvField("'" + text, into: &csv)
                    ByteWriter.csvField("'" + text, into: &excel)
                } else {
                    ByteWriter.csvField(text, into: &csv)
                    ByteWriter.csvField(text, into: &excel)
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
            csv += [0x0D, 0x0A]; excel += [0x0D, 0x0A]
            json += Array(r == rows.count - 1 ? "  }\n".utf8 : "  },\n".utf8)
        }
        json += Array((rows.isEmpty ? "\n" : "]\n").utf8)
        return (csv, excel, json)
    }

}

