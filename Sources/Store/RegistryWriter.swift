import GRDB
import Model

/// Inserts records row by row with prepared statements; runs inside `RegistryStore.replaceAll`'s transaction.
/// Rows are made as they are inserted (lazily), not as a second copy of each table.
struct RegistryWriter {
    let db: Database

    func insert<Rows: Sequence>(_ table: String, _ columns: [String], _ rows: Rows) throws where Rows.Element == [(any DatabaseValueConvertible)?] {
        let marks = Array(repeating: "?", count: columns.count).joined(separator: ", ")
        try db.insertRows(try db.cachedStatement(sql: "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(marks))"), rows)
    }

    func write(_ data: RegistryData) throws {
        let p = data.published, i = data.internalOnly
        try insert("code_exception", ["code", "explanation", "confirmed_on", "source_line"],
                   p.codeExceptions.lazy.map { [$0.code.value, $0.explanation, $0.confirmedOn.iso, $0.origin.line] })
        let contacts = Dictionary(i.contacts.map { ($0.agency, $0) }, uniquingKeysWith: { a, _ in a })
        try insert("agency", ["code", "name", "district", "address", "legal_nature", "legal_representative", "contact_person", "contact_phone", "source_line"],
                   p.agencies.lazy.map { [$0.code.value, $0.name, $0.district, $0.address, $0.legalNature, $0.legalRepresentative,
                                     contacts[$0.code]?.person, contacts[$0.code]?.phone, $0.origin.line] })
        try insert("agency_service_category", ["agency_code", "category"],
                   p.agencies.lazy.flatMap { a in a.serviceCategories.map { [a.code.value, $0.rawValue] } })
        try insert("filing", ["agency_code", "number", "filed_on", "status", "source_line"],
                   p.filings.lazy.map { [$0.agency.value, $0.number, $0.filedOn.iso, $0.status.rawValue, $0.origin.line] })
        try insert("qualification", ["certificate_number", "agency_code", "issuer", "issued_on", "valid_until", "source_line"],
                   p.qualifications.lazy.map { [$0.certificateNumber, $0.agency.value, $0.issuer, $0.issuedOn.iso, $0.validUntil.iso, $0.origin.line] })
        try insert("qualification_scope", ["id", "certificate_number", "element", "item", "method", "source_line"],
                   p.scopeItems.enumerated().lazy.map { [$0.offset + 1, $0.element.certificateNumber, $0.element.element, $0.element.item, $0.element.method, $0.element.origin.line] })
        try insert("key_person", ["id", "agency_code", "role", "name", "id_number", "phone", "source_line"],
                   i.keyPersonnel.enumerated().lazy.map { [$0.offset + 1, $0.element.agency.value, $0.element.role, $0.element.name, $0.element.idNumber, $0.element.phone, $0.element.origin.line] })
        try insert("evaluation", ["year", "agency_code", "in_scope", "basic_quality", "business_execution", "operation_management",
                                  "integrity_record", "total", "given_grade", "not_rated_reason", "source_line"],
                   p.evaluations.lazy.map { e in
                       [e.year, e.agency.value, e.inScope ? 1 : 0, e.subScores?.basicQuality.hundredths, e.subScores?.businessExecution.hundredths,
                        e.subScores?.operationManagement.hundredths, e.subScores?.integrityRecord.hundredths, e.total?.hundredths,
                        e.givenGrade?.letter, e.notRatedReason, e.origin.line]
                   })
        try insert("serious_dishonesty", ["id", "agency_code", "trigger", "verified_on", "document_number", "authority", "summary", "lifted_on", "source_line"],
                   p.seriousDishonesty.enumerated().lazy.map { n, e in
                       [n + 1, e.agency.value, e.trigger.rawValue, e.verifiedOn.iso, e.documentNumber, e.authority, e.summary, e.liftedOn?.iso, e.origin.line]
                   })
        try insert("bad_record", ["id", "agency_code", "kind", "document_number", "authority", "decided_on", "content", "disclosure_until", "repaired_on", "source_line",
                                  "violation_type", "facts", "basis", "penalty_kind", "penalty_content", "fine", "confiscation", "license",
                                  "valid_until", "authority_code", "source", "source_code"],
                   p.badRecords.enumerated().lazy.map { n, b in
                       let d = b.details
                       return [n + 1, b.agency.value, b.kind, b.documentNumber, b.authority, b.decidedOn.iso, b.content, b.disclosureUntil?.iso, b.repairedOn?.iso, b.origin.line,
                               d.violationType, d.facts, d.basis, d.penaltyKind, d.penaltyContent, d.fine, d.confiscation, d.license,
                               d.validUntil?.iso, d.authorityCode, d.source, d.sourceCode]
                   })
        let warnings = (p.publicCirculars + i.nonPublicWarnings).sorted { ($0.origin.line ?? 0) < ($1.origin.line ?? 0) }
        try insert("warning", ["id", "agency_code", "form", "issued_on", "document_number", "content", "source_line"],
                   warnings.enumerated().lazy.map { n, w in [n + 1, w.agency.value, w.form.rawValue, w.issuedOn.iso, w.documentNumber, w.content, w.origin.line] })
        let objectors = Dictionary(i.objectors.map { ($0.objectionID, $0) }, uniquingKeysWith: { a, _ in a })
        try insert("objection", ["id", "year", "agency_code", "objector", "objector_contact", "filed_on", "decision", "corrected_grade", "decided_on", "source_line", "accepted_late"],
                   p.objections.lazy.map { o in
                       [o.id, o.year, o.agency.value, objectors[o.id]?.objector ?? "", objectors[o.id]?.contact, o.filedOn.iso, o.decision.rawValue,
                        o.correctedGrade?.letter, o.decidedOn?.iso, o.origin.line, o.acceptedLate ? 1 : 0]
                   })
        try insert("info_change", ["id", "agency_code", "field", "changed_on", "filed_on", "source_line", "former_name"],
                   i.infoChanges.enumerated().lazy.map { n, c in [n + 1, c.agency.value, c.field, c.changedOn.iso, c.filedOn?.iso, c.origin.line, c.formerName] })
        try insert("report_number", ["number", "verification_code", "digest", "agency_code", "issued_on", "report_type", "source_line"],
                   i.reportNumbers.lazy.map { [$0.number, $0.code, ReportNumber.digest(number: $0.number, code: $0.code), $0.agency.value, $0.issuedOn.iso, $0.type, $0.origin.line] })
        try insert("inspector", ["badge", "name", "unit", "source_line"], i.inspectors.map { [$0.badge, $0.name, $0.unit, $0.origin.line] })
        try insert("inspection_draw", ["year", "seed", "announced_on", "drawn_on", "source_line"],
                   p.inspectionDraws.lazy.map { [$0.year, $0.seed, $0.announcedOn.iso, $0.drawnOn.iso, $0.origin.line] })
        try insert("inspection", ["id", "year", "agency_code", "inspected_on", "result", "circular", "source_line"],
                   p.inspections.enumerated().lazy.map { n, o in [n + 1, o.year, o.agency.value, o.inspectedOn.iso, o.result, o.circular, o.origin.line] })
        try insert("publication_stage", ["year", "notice_start", "notice_end", "final_on", "source_line"],
                   p.stages.lazy.map { [$0.year, $0.noticeStart.iso, $0.noticeEnd.iso, $0.finalOn.iso, $0.origin.line] })
    }
}
