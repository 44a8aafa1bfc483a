import GRDB
import Model

/// Inserts records row by row with prepared statements; runs inside `RegistryStore.replaceAll`'s transaction.
/// Rows are made as they are inserted (lazily), not as a second copy of each table. An entity's columns and
/// values come from its declaration (`Model/Entities/`).
struct RegistryWriter {
    let db: Database

    func insert<Rows: Sequence>(_ table: String, _ columns: [String], _ rows: Rows) throws where Rows.Element == [(any DatabaseValueConvertible)?] {
        try db.insertRows(try statement(table, columns), rows)
    }

    func insert<Row, Rows: Sequence>(_ entity: Entity<Row>, _ rows: Rows) throws where Rows.Element == Row {
        let fields = entity.storedFields
        try db.insertRows(try statement(entity.table, fields.map { $0.column! }), rows, values: fields.map(\.value))
    }

    func statement(_ table: String, _ columns: [String]) throws -> Statement {
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        return try db.cachedStatement(sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(marks))")
    }

    /// Rows numbered from 1 in file order, as the registry keeps tables without a key of their own.
    func numbered<Record: Sendable>(_ records: [Record]) -> some Sequence<Numbered<Record>> {
        records.enumerated().lazy.map { Numbered(id: $0.offset + 1, $0.element) }
    }

    func write(_ data: RegistryData) throws {
        let p = data.published, i = data.internalOnly
        try insert(CodeException.entity, p.codeExceptions)
        let contacts = Dictionary(i.contacts.map { ($0.agency, $0) }, uniquingKeysWith: { a, _ in a })
        try insert(Agency.entity, p.agencies.lazy.map { (agency: $0, contact: contacts[$0.code]) })
        try insert(Agency.serviceCategoryTable.name, Agency.serviceCategoryTable.columns.map(\.name),
                   p.agencies.lazy.flatMap { a in a.serviceCategories.map { [a.code.value, $0.rawValue] } })
        try insert(Filing.entity, p.filings)
        try insert(Qualification.entity, p.qualifications)
        try insert(ScopeItem.entity, numbered(p.scopeItems))
        try insert(KeyPerson.entity, numbered(i.keyPersonnel))
        try insert(EvaluationRecord.entity, p.evaluations)
        try insert(SeriousDishonestyEvent.entity, numbered(p.seriousDishonesty))
        try insert(BadRecord.entity, numbered(p.badRecords))
        try insert(WarningRecord.entity, numbered((p.publicCirculars + i.nonPublicWarnings).sorted { ($0.origin.line ?? 0) < ($1.origin.line ?? 0) }))
        let objectors = Dictionary(i.objectors.map { ($0.objectionID, $0) }, uniquingKeysWith: { a, _ in a })
        try insert(Objection.entity, p.objections.lazy.map { (objection: $0, objector: objectors[$0.id]) })
        try insert(InfoChange.entity, numbered(i.infoChanges))
        try insert(ReportNumber.entity, i.reportNumbers.lazy.map { (number: $0, digest: ReportNumber.digest(number: $0.number, code: $0.code)) })
        try insert(Inspector.entity, i.inspectors)
        try insert(InspectionDraw.entity, p.inspectionDraws)
        try insert(InspectionOutcome.entity, numbered(p.inspections))
        try insert(PublicationStage.entity, p.stages)
    }
}
