/// A registry column and whether it may leave the registry.
public struct ColumnSpec: Sendable {
    public var name: String
    public var visibility: Visibility
    /// The Chinese title shown in documentation and metadata.
    public var title: String

    public init(name: String, visibility: Visibility, title: String) {
        self.name = name; self.visibility = visibility; self.title = title
    }
}

/// A registry table: its columns, each declared public, internal or provenance (for an entity's table, by
/// its `Entity` declaration).
public struct TableSpec: Sendable {
    public var name: String
    public var title: String
    public var columns: [ColumnSpec]
    /// A condition rows must meet to be public (Art. 20: only public circulars), or nil for all rows.
    public var publicRows: String?
    /// Whether `gongshi import` replaces the table's rows (false for the bundle log, which only grows).
    public var isImported = true
    /// The data file the rows are imported from (an entity's table), so that a message about a row names it.
    public var dataFile: String?

    public init(name: String, title: String, columns: [ColumnSpec], publicRows: String? = nil, isImported: Bool = true, dataFile: String? = nil) {
        self.name = name; self.title = title; self.columns = columns; self.publicRows = publicRows; self.isImported = isImported
        self.dataFile = dataFile
    }

    public var publicColumns: [String] { columns.filter { $0.visibility == .public }.map(\.name) }

    /// The only SELECT the publication path uses: public columns (and provenance) of public rows.
    public var publicSelect: String {
        let names = columns.filter { $0.visibility != .internal }.map(\.name)
        return "SELECT \(names.joined(separator: ", ")) FROM \(name)" + (publicRows.map { " WHERE \($0)" } ?? "")
    }
}
