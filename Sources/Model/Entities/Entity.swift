/// One registry entity — a data file of `data/` and the registry table its rows are kept in — with its
/// columns declared once: the header a clerk types, what the cell must hold, whether it is required, whether
/// a message may repeat it, the SQL column, whether the column may leave the registry, and how a record
/// is stored. The data file's format (`CSVFormat`), the registry's table (`TableSpec`) and its INSERT come
/// from this declaration; each entity's file under `Entities/` holds its record type and its declaration.
public struct Entity<Row>: Sendable {
    /// The data file, e.g. `agencies.csv`.
    public var file: String
    /// The data file's title, e.g. 机构.
    public var title: String
    public var requiredFile: Bool
    /// The registry table, e.g. `agency`.
    public var table: String
    /// The table's Chinese title, in documentation and metadata.
    public var tableTitle: String
    /// A condition rows must meet to be public (Art. 20: only public circulars), or nil for all rows.
    public var publicRows: String?
    /// In the order of the data file's headers; columns only the registry has (序号, 导入时的行号) where they fall.
    public var fields: [EntityField<Row>]

    public init(file: String, title: String, requiredFile: Bool = false, table: String, tableTitle: String,
                publicRows: String? = nil, fields: [EntityField<Row>]) {
        self.file = file; self.title = title; self.requiredFile = requiredFile; self.table = table
        self.tableTitle = tableTitle; self.publicRows = publicRows; self.fields = fields
    }

    /// The data file's format: the fields a clerk types, in the order of their headers.
    public var format: CSVFormat {
        CSVFormat(file: file, title: title, requiredFile: requiredFile, columns: fields.compactMap { field in
            field.header.map { CSVColumn(header: $0, required: field.required, doc: field.doc, en: field.en, kind: field.kind, isInternal: field.withheld) }
        })
    }

    /// The stored fields in the table's column order: those the table was created with, in declaration
    /// order, then those later migrations added, in the order they were added (SQLite appends a new column).
    public var storedFields: [EntityField<Row>] {
        let stored = fields.filter { $0.column != nil }
        return stored.filter { $0.addedBy == nil }
            + stored.enumerated().filter { $0.element.addedBy != nil }.sorted { ($0.element.addedBy!, $0.offset) < ($1.element.addedBy!, $1.offset) }.map(\.element)
    }

    /// The registry table's columns.
    public var tableSpec: TableSpec {
        TableSpec(name: table, title: tableTitle, columns: storedFields.map {
            ColumnSpec(name: $0.column!, visibility: $0.visibility, title: $0.columnTitle ?? $0.header ?? "")
        }, publicRows: publicRows, dataFile: file)
    }
}

/// A column of an entity: in the data file (`header`), in the registry (`column`), or both.
public struct EntityField<Row>: Sendable {
    /// The data file's header; nil for a column only the registry has.
    public var header: String?
    public var required: Bool
    /// What goes in it, in Chinese: the template workbook's prompt, `gongshi help data-format`, messages.
    public var doc: String
    /// The same in English, for `--lang en`.
    public var en: String
    public var kind: CSVColumn.Kind
    /// `CSVColumn.isInternal`: no message repeats what the cell holds.
    public var withheld: Bool
    /// The registry column; nil for a header stored otherwise (服务类别, a table of its own).
    public var column: String?
    /// The column's title when it is not the header.
    public var columnTitle: String?
    public var visibility: Visibility
    /// The number of the migration that added the column (`v10-…` is 10); nil when it came with the table.
    public var addedBy: Int?
    public var value: @Sendable (Row) -> StoredValue

    public init(header: String?, required: Bool = false, doc: String = "", en: String = "", kind: CSVColumn.Kind = .text, withheld: Bool = false,
                column: String?, columnTitle: String? = nil, visibility: Visibility = .public, addedBy: Int? = nil,
                value: @escaping @Sendable (Row) -> StoredValue) {
        self.header = header; self.required = required; self.doc = doc; self.en = en; self.kind = kind; self.withheld = withheld
        self.column = column; self.columnTitle = columnTitle; self.visibility = visibility; self.addedBy = addedBy; self.value = value
    }

    /// A required column of the data file, stored in `column`.
    public static func required<V: Storable>(_ header: String, _ kind: CSVColumn.Kind, _ doc: String, en: String, column: String, title: String? = nil,
                                             _ visibility: Visibility = .public, withheld: Bool = false, addedBy: Int? = nil,
                                             _ value: @escaping @Sendable (Row) -> V) -> Self {
        Self(header: header, required: true, doc: doc, en: en, kind: kind, withheld: withheld, column: column, columnTitle: title,
             visibility: visibility, addedBy: addedBy) { value($0).stored }
    }

    /// An optional column of the data file, stored in `column`.
    public static func optional<V: Storable>(_ header: String, _ kind: CSVColumn.Kind, _ doc: String, en: String, column: String, title: String? = nil,
                                             _ visibility: Visibility = .public, withheld: Bool = false, addedBy: Int? = nil,
                                             _ value: @escaping @Sendable (Row) -> V) -> Self {
        Self(header: header, required: false, doc: doc, en: en, kind: kind, withheld: withheld, column: column, columnTitle: title,
             visibility: visibility, addedBy: addedBy) { value($0).stored }
    }

    /// A column only the registry has.
    public static func stored<V: Storable>(_ column: String, _ title: String, _ visibility: Visibility = .public, addedBy: Int? = nil,
                                           _ value: @escaping @Sendable (Row) -> V) -> Self {
        Self(header: nil, column: column, columnTitle: title, visibility: visibility, addedBy: addedBy) { value($0).stored }
    }

    /// The line of the data file a row was imported from: never output, read so that a message can point at it.
    public static func sourceLine(_ line: @escaping @Sendable (Row) -> Int?) -> Self {
        Self(header: nil, column: "source_line", columnTitle: "导入时的行号", visibility: .provenance) { line($0).stored }
    }

    /// The 18-character code of the agency a row is about.
    public static func agencyCode(en: String = "an agency of agencies.csv", column: String = "agency_code", _ visibility: Visibility = .public,
                                  _ code: @escaping @Sendable (Row) -> UnifiedSocialCreditCode) -> Self {
        .required("统一社会信用代码", .identifier, "18 位，含校验位（GB 32100-2015）", en: en, column: column, visibility, code)
    }
}

/// A record numbered as the registry numbers its rows (序号, from 1 in file order).
public struct Numbered<Record: Sendable>: Sendable {
    public var id: Int
    public var record: Record

    public init(id: Int, _ record: Record) {
        self.id = id; self.record = record
    }
}

/// Whether a column may ever leave the registry. Declared once, with the column.
public enum Visibility: String, Sendable {
    case `public`
    case `internal`
    /// Never output, but read with public rows so that messages can point at the line a row came from.
    case provenance
}

/// A value as the registry stores it.
public enum StoredValue: Sendable, Equatable {
    case null
    case integer(Int)
    case text(String)
}

/// A value the registry can store: text, integers, and the model's values in their stored form.
public protocol Storable {
    var stored: StoredValue { get }
}

extension String: Storable { public var stored: StoredValue { .text(self) } }
extension Int: Storable { public var stored: StoredValue { .integer(self) } }
extension Bool: Storable { public var stored: StoredValue { .integer(self ? 1 : 0) } }
extension CivilDate: Storable { public var stored: StoredValue { .text(iso) } }
extension UnifiedSocialCreditCode: Storable { public var stored: StoredValue { .text(value) } }
extension Grade: Storable { public var stored: StoredValue { .text(letter) } }
/// Hundredths: a score is stored exactly.
extension Score: Storable { public var stored: StoredValue { .integer(hundredths) } }
extension Optional: Storable where Wrapped: Storable { public var stored: StoredValue { self?.stored ?? .null } }
extension Storable where Self: RawRepresentable, RawValue == String { public var stored: StoredValue { .text(rawValue) } }
extension Storable where Self: RawRepresentable, RawValue == Int { public var stored: StoredValue { .integer(rawValue) } }
extension FilingStatus: Storable {}
extension WarningForm: Storable {}
extension ObjectionDecision: Storable {}
extension SeriousDishonestyTrigger: Storable {}
