import Messages

/// A row of a data file being read (a CSV line or a workbook row, `CSVRow`): typed getters by header, each
/// recording a diagnostic — with where, why and the fix — for a bad value, so that every problem of a row is
/// said at once. Each entity's file says how its record is made from such a row (`add(_:to:)`), beside its
/// columns and how it is read back from the registry.
public protocol DataRow {
    var origin: Origin { get }
    /// The problems found in this row so far.
    var problems: [Diagnostic] { get }
    /// The cell, trimmed; empty when the file has no such column.
    func text(_ header: String) -> String
    func optionalText(_ header: String) -> String?
    /// Whether the cell is a number a spreadsheet keeps as text (only a workbook can tell; false elsewhere).
    func storedAsText(_ header: String) -> Bool
    /// An error about the cell under `header`; no message repeats an internal cell of the row.
    mutating func error(_ key: String, _ header: String, _ arguments: [String: MessageArgument])
    /// The cell, or nil and an error when it is empty.
    mutating func required(_ header: String) -> String?
    /// A unified social credit code (GB 32100-2015), or one the code exceptions list.
    mutating func code(_ header: String) -> UnifiedSocialCreditCode?
    /// A code that may be empty, checked when given.
    mutating func optionalCode(_ header: String) -> String?
    /// An amount in ten thousand yuan, as written.
    mutating func amount(_ header: String) -> String?
    mutating func date(_ header: String, required isRequired: Bool) -> CivilDate?
    mutating func score(_ header: String) -> Score?
    mutating func year(_ header: String) -> Int?
    mutating func grade(_ header: String) -> Grade?
    /// 是 or 否.
    mutating func yesNo(_ header: String) -> Bool?
    /// One of the type's values, by its Chinese name.
    mutating func oneOf<T: RawRepresentable>(_ header: String, _ type: T.Type) -> T? where T: CaseIterable, T.RawValue == String
}

extension DataRow {
    public func storedAsText(_ header: String) -> Bool { false }
    public mutating func error(_ key: String, _ header: String) { error(key, header, [:]) }
    public mutating func code() -> UnifiedSocialCreditCode? { code("统一社会信用代码") }
    public mutating func date(_ header: String) -> CivilDate? { date(header, required: true) }
    public mutating func year() -> Int? { year("年度") }

    /// A required cell that must be one of `allowed`; otherwise error `key`, with the cell as `value` and the
    /// list, joined by 、, as `list`. The cell is returned either way, so later checks of the row still run.
    public mutating func required(_ header: String, oneOf allowed: [String], else key: String, value: String, list: String) -> String? {
        let t = required(header)
        if let t, !allowed.contains(t) { error(key, header, [value: "\(t)", list: "\(allowed.joined(separator: "、"))"]) }
        return t
    }
}
