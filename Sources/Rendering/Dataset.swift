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
    public var rows: [[Value]]
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

    public var csv: String {
        var writer = CSVWriter(header: fields.map(\.name))
        for row in rows { writer.append(row.map(\.csv)) }
        return writer.text
    }

    public var json: String {
        JSONValue.array(rows.map { row in .object(zip(fields, row).map { ($0.name, $1.json) }) }).text() + "\n"
    }

    /// For Excel and WPS: UTF-8 with a byte-order mark (or Excel reads it as GBK), and text cells that a
    /// spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, CR at the start) prefixed with `'`,
    /// which spreadsheets show as text. Numbers and dates are untouched; the plain CSV and the JSON keep
    /// every value exactly.
    public var excelCSV: String {
        var writer = CSVWriter(header: fields.map(\.name))
        for row in rows {
            writer.append(zip(fields, row).map { field, value in
                let text = value.csv
                guard field.type == .string, let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
                return "'" + text
            })
        }
        return "\u{FEFF}" + writer.text
    }

}

