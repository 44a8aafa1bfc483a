import Foundation
import Messages

/// Where a record came from: the CSV file and line, or the registry table and the line it was imported from.
public struct Origin: Sendable, Hashable {
    public var file: String
    /// The workbook sheet the row is on, when it came from a workbook.
    public var sheet: String?
    public var line: Int?
    /// Header → 1-based column index, so a message can name the column as the clerk sees it.
    public var columns: [String: Int]

    public init(file: String, sheet: String? = nil, line: Int?, columns: [String: Int] = [:]) {
        self.file = file
        self.sheet = sheet
        self.line = line
        self.columns = columns
    }

    public func at(_ field: String) -> SourceLocation {
        SourceLocation(file: file, sheet: sheet, line: line, column: columns[field], field: field)
    }

    public var location: SourceLocation { SourceLocation(file: file, sheet: sheet, line: line) }

    /// The same origin in storage of its own, for rows made on another core (see `CSVImporter.Columns.ownCopy`).
    package func ownCopy() -> Origin {
        Origin(file: String(decoding: Array(file.utf8), as: UTF8.self), sheet: sheet.map { String(decoding: Array($0.utf8), as: UTF8.self) },
               line: line, columns: columns.ownCopy())
    }
}
























/// Everything the publication may show. Built only from public columns and public rows.
public struct PublicRegistry: Sendable {
    public var codeExceptions: [CodeException] = []
    public var agencies: [Agency] = []
    public var filings: [Filing] = []
    public var qualifications: [Qualification] = []
    public var scopeItems: [ScopeItem] = []
    public var evaluations: [EvaluationRecord] = []
    public var seriousDishonesty: [SeriousDishonestyEvent] = []
    public var badRecords: [BadRecord] = []
    /// Public circulars only (Art. 20).
    public var publicCirculars: [WarningRecord] = []
    public var objections: [Objection] = []
    public var stages: [PublicationStage] = []
    /// Art. 18: hashes only.
    public var reportNumbers: [PublishedReportNumber] = []
    public var inspectionDraws: [InspectionDraw] = []
    public var inspections: [InspectionOutcome] = []
    /// Filed name changes only (Art. 7).
    public var formerNames: [FormerName] = []

    public init() {}
}

/// What the registry keeps for the bureau alone.
public struct InternalRegistry: Sendable {
    public var contacts: [AgencyContact] = []
    public var keyPersonnel: [KeyPerson] = []
    /// Written notices and interviews (Art. 20); never published.
    public var nonPublicWarnings: [WarningRecord] = []
    public var objectors: [ObjectorIdentity] = []
    public var infoChanges: [InfoChange] = []
    /// The numbers themselves, for `gongshi check`; the public side has their hashes.
    public var reportNumbers: [ReportNumber] = []
    public var inspectors: [Inspector] = []

    public init() {}
}

/// The whole registry: what may be published, and what may not, kept apart by type.
public struct RegistryData: Sendable {
    public var published: PublicRegistry
    public var internalOnly: InternalRegistry

    public init(published: PublicRegistry = PublicRegistry(), internalOnly: InternalRegistry = InternalRegistry()) {
        self.published = published
        self.internalOnly = internalOnly
    }
}

/// Art. 14: one bundle sent to a recipient, and every record it carried (kept internal, for the next delta).
public struct BundleLogEntry: Sendable {
    public struct Record: Sendable, Equatable {
        public var digest: String
        /// The record's fields as a JSON array of strings, so a later delta can say what was withdrawn.
        public var rowJSON: String

        public init(digest: String, rowJSON: String) {
            self.digest = digest
            self.rowJSON = rowJSON
        }
    }

    public var recipient: String
    public var sequence: Int
    /// "full" or "delta".
    public var kind: String
    public var asOf: CivilDate
    public var fileName: String
    public var sha256: String
    /// Dataset → record key → record.
    public var records: [String: [String: Record]]

    public init(recipient: String, sequence: Int, kind: String, asOf: CivilDate, fileName: String, sha256: String,
                records: [String: [String: Record]]) {
        self.recipient = recipient; self.sequence = sequence; self.kind = kind; self.asOf = asOf
        self.fileName = fileName; self.sha256 = sha256; self.records = records
    }
}

extension Dictionary where Key == String, Value == Int {
    /// The same entries in storage of their own.
    package func ownCopy() -> [String: Int] { Dictionary(uniqueKeysWithValues: map { (String(decoding: Array($0.key.utf8), as: UTF8.self), $0.value) }) }
}
