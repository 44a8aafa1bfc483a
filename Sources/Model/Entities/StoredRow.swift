/// A registry row being read back into its record, by column: a value that does not decode is a diagnostic
/// naming table and column, and the read goes on (`RegistryReader.Fields`). Each entity's file says how its
/// record is read back, beside the columns it is stored in.
public protocol StoredRow {
    /// The data file and line the row was imported from.
    var origin: Origin { get }
    /// Text, held to the rules import holds a cell to.
    mutating func string(_ column: String) -> String
    /// Text, or nil when empty.
    mutating func optionalString(_ column: String) -> String?
    func int(_ column: String) -> Int
    /// A unified social credit code: valid, or one the code exceptions list.
    mutating func code(_ column: String) -> UnifiedSocialCreditCode
    mutating func date(_ column: String) -> CivilDate
    mutating func optionalDate(_ column: String) -> CivilDate?
    func score(_ column: String) -> Score?
    mutating func grade(_ column: String) -> Grade?
    mutating func enumValue<T: RawRepresentable>(_ column: String, _ type: T.Type) -> T? where T.RawValue == String
    /// `what`: the catalogue key saying what the column holds instead.
    mutating func bad(_ column: String, _ what: String, _ value: String)
}

extension StoredRow {
    /// The code of the agency a row is about.
    public mutating func agencyCode() -> UnifiedSocialCreditCode { code("agency_code") }
}
