import GRDB
import Model

/// The registry holds a value gongshi cannot read (it was written by another tool, or edited by hand).
public struct RegistryReadError: Error, CustomStringConvertible {
    public var diagnostics: [Diagnostic]
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Reads registry rows back into records. Public records come only through `TableSpec.publicSelect`.
struct RegistryReader {
    let db: Database
    let display: String
    /// Where import read each data file's rows: data file → file shown and sheet.
    let origins: [String: Origin]

    init(db: Database, display: String) {
        self.db = db
        self.display = display
        var origins: [String: Origin] = [:]
        if (try? db.tableExists("import_origin")) == true, let rows = try? Row.fetchAll(db, sql: "SELECT data_file, file, sheet FROM import_origin") {
            for row in rows { origins[row["data_file"]] = Origin(file: row["file"], sheet: row["sheet"], line: nil) }
        }
        self.origins = origins
    }

    static let fileOfTable: [String: String] = [
        "agency": CSVFormat.agencies.file, "filing": CSVFormat.filings.file, "qualification": CSVFormat.qualifications.file,
        "qualification_scope": CSVFormat.qualificationScope.file, "key_person": CSVFormat.keyPersonnel.file,
        "evaluation": CSVFormat.evaluations.file, "serious_dishonesty": CSVFormat.seriousDishonesty.file,
        "bad_record": CSVFormat.badRecords.file, "warning": CSVFormat.warnings.file, "objection": CSVFormat.objections.file,
        "publication_stage": CSVFormat.publicationStages.file, "code_exception": CSVFormat.codeExceptions.file,
        "info_change": CSVFormat.infoChanges.file, "report_number": CSVFormat.reportNumbers.file, "inspector": CSVFormat.inspectors.file,
        "inspection_draw": CSVFormat.inspectionDraws.file, "inspection": CSVFormat.inspections.file,
    ]

    /// Typed access to one row; a value that does not decode becomes a diagnostic naming table and column.
    struct Fields: StoredRow {
        let row: Row
        let table: String
        let origin: Origin
        var problems: [Diagnostic] = []
        var acceptedCodes: Set<String> = []

        init(row: Row, table: String, display: String, origins: [String: Origin]) {
            self.row = row
            self.table = table
            let line: Int? = row.hasColumn("source_line") ? row["source_line"] : nil
            let dataFile = RegistryReader.fileOfTable[table] ?? table
            let place = origins[dataFile] ?? Origin(file: "data/" + dataFile, line: nil)
            origin = line != nil
                ? Origin(file: place.file, sheet: place.sheet, line: line)
                : Origin(file: "\(display) (table \(table))", line: nil)
        }

        /// `what`: the catalogue key saying what the column holds instead, with `value`.
        mutating func bad(_ column: String, _ what: String, _ value: String = "") {
            problems.append(Diagnostic(at: origin.at(column), "E300.badColumnValue",
                                       ["table": "\(table)", "column": "\(column)", "what": .phrase(what, ["value": "\(value)"])]))
        }
        /// Text from a registry another tool may have written: held to the rules import holds CSV cells to.
        mutating func string(_ c: String) -> String {
            let s: String = row[c] ?? ""
            if let problem = TextSafety.firstProblem(in: s) {
                problems.append(Diagnostic(at: origin.at(c), "E011.registry",
                                           ["table": "\(table)", "column": "\(c)", "problem": .message(TextSafety.message(problem))]))
            }
            return s
        }
        mutating func optionalString(_ c: String) -> String? {
            let s: String? = row[c]
            guard let s, !s.isEmpty else { return nil }
            return string(c)
        }
        func int(_ c: String) -> Int { row[c] ?? 0 }
        mutating func code(_ c: String = "agency_code") -> UnifiedSocialCreditCode {
            let s = string(c)
            if UnifiedSocialCreditCode(s) == nil && !acceptedCodes.contains(s) { bad(c, "registry.notACode", s) }
            return UnifiedSocialCreditCode(unchecked: s)
        }
        mutating func date(_ c: String) -> CivilDate {
            if optionalString(c) == nil { bad(c, "registry.noDate") }
            return optionalDate(c) ?? CivilDate(year: 1970, month: 1, day: 1)!
        }
        mutating func optionalDate(_ c: String) -> CivilDate? {
            guard let s = optionalString(c) else { return nil }
            guard let d = CivilDate(iso: s) else { bad(c, "registry.notADate", s); return nil }
            return d
        }
        func score(_ c: String) -> Score? { let v: Int? = row[c]; return v.map(Score.init(hundredths:)) }
        mutating func grade(_ c: String) -> Grade? {
            guard let s = optionalString(c) else { return nil }
            guard let g = Grade(letter: s) else { bad(c, "registry.notAGrade", s); return nil }
            return g
        }
        mutating func enumValue<T: RawRepresentable>(_ c: String, _ t: T.Type) -> T? where T.RawValue == String {
            let s = string(c)
            guard let v = T(rawValue: s) else { bad(c, "registry.unknownValue", s); return nil }
            return v
        }
    }

    func rows(_ sql: String, _ table: String, accepting accepted: Set<String> = [], _ each: (inout Fields) -> Void) throws -> [Diagnostic] {
        var problems: [Diagnostic] = []
        let cursor = try Row.fetchCursor(db, sql: sql)
        while let row = try cursor.next() {
            var fields = Fields(row: row, table: table, display: display, origins: origins)
            fields.acceptedCodes = accepted
            each(&fields)
            problems += fields.problems
        }
        return problems
    }

    /// Art. 18: the public side never holds a report number, only the hash of its normalized form.
    /// Ten million rows at national scale: read by column position, each distinct code, date and type
    /// checked and stored once; a row that fails a check goes through `Fields` for its diagnostic.
    func readReportNumbers(into numbers: inout [PublishedReportNumber], accepting accepted: Set<String>) throws -> [Diagnostic] {
        let table = "report_number"
        let origin = Origin(file: "data/" + (Self.fileOfTable[table] ?? table), line: nil)
        var codes: [String: UnifiedSocialCreditCode] = [:], dates: [String: CivilDate] = [:], types: [String] = []
        var problems: [Diagnostic] = []
        var withoutCode = 0
        let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM report_number") ?? 0
        numbers.reserveCapacity(count)
        // Rowid order is the order of the CSV file (import inserts line by line).
        let cursor = try Row.fetchCursor(db, sql: "SELECT digest, agency_code, issued_on, report_type, source_line FROM report_number ORDER BY rowid")
        while let row = try cursor.next() {
            let digest: String = row[0] ?? "", codeText: String = row[1] ?? "", dateText: String = row[2] ?? "", typeText: String = row[3] ?? ""
            let code = codes[codeText] ?? (UnifiedSocialCreditCode(codeText) ?? (accepted.contains(codeText) ? UnifiedSocialCreditCode(unchecked: codeText) : nil))
            let date = dates[dateText] ?? CivilDate(iso: dateText)
            guard digest.utf8.count == 64, let code, let date else {
                var f = Fields(row: row, table: table, display: display, origins: origins)
                f.acceptedCodes = accepted
                if digest.isEmpty {
                    withoutCode += 1
                    if withoutCode > 1 { continue }
                    f.problems.append(Diagnostic(at: Origin(file: origin.file, line: nil).at("验证码"),
                        "E300.reportsWithoutCodes"))
                } else if digest.utf8.count != 64 { f.bad("digest", "registry.notADigest", digest) }
                _ = (f.code(), f.date("issued_on"))
                problems += f.problems
                continue
            }
            codes[codeText] = code
            dates[dateText] = date
            // Few types, in Chinese: compared, not hashed (hashing normalizes each one first).
            let type: String
            if let known = types.first(where: { $0 == typeText }) { type = known } else { type = typeText; types.append(typeText) }
            var o = origin
            o.line = row[4]
            numbers.append(PublishedReportNumber(origin: o, digest: digest, agency: code, issuedOn: date, type: type))
        }
        return problems
    }

    func readPublic() throws -> PublicRegistry {
        var p = PublicRegistry()
        var problems: [Diagnostic] = []
        func select(_ table: String) -> String { RegistrySchema.table(table).publicSelect }

        for row in try Row.fetchAll(db, sql: select("code_exception") + " ORDER BY code") {
            guard let date = CivilDate(iso: row["confirmed_on"]) else { continue }
            let line: Int? = row["source_line"]
            p.codeExceptions.append(CodeException(origin: Origin(file: "data/" + CSVFormat.codeExceptions.file, line: line),
                                                  code: UnifiedSocialCreditCode(unchecked: row["code"]), explanation: row["explanation"], confirmedOn: date))
        }
        let accepted = Set(p.codeExceptions.map(\.code.value))
        var categories: [String: [ServiceCategory]] = [:]
        for row in try Row.fetchAll(db, sql: select("agency_service_category") + " ORDER BY agency_code, category") {
            let code: String = row["agency_code"]
            if let c = ServiceCategory(rawValue: row["category"]) { categories[code, default: []].append(c) }
        }
        problems += try rows(select("agency") + " ORDER BY source_line, code", "agency", accepting: accepted) { f in
            p.agencies.append(Agency.read(&f, categories: categories))
        }
        problems += try rows(select("filing") + " ORDER BY source_line, agency_code, number", "filing", accepting: accepted) { f in
            if let filing = Filing.read(&f) { p.filings.append(filing) }
        }
        problems += try rows(select("qualification") + " ORDER BY source_line, certificate_number", "qualification", accepting: accepted) { f in
            p.qualifications.append(Qualification.read(&f))
        }
        problems += try rows(select("qualification_scope") + " ORDER BY id", "qualification_scope", accepting: accepted) { f in
            p.scopeItems.append(ScopeItem.read(&f))
        }
        problems += try rows(select("evaluation") + " ORDER BY source_line, year, agency_code", "evaluation", accepting: accepted) { f in
            p.evaluations.append(EvaluationRecord.read(&f))
        }
        problems += try rows(select("serious_dishonesty") + " ORDER BY id", "serious_dishonesty", accepting: accepted) { f in
            if let event = SeriousDishonestyEvent.read(&f) { p.seriousDishonesty.append(event) }
        }
        problems += try rows(select("bad_record") + " ORDER BY id", "bad_record", accepting: accepted) { f in
            p.badRecords.append(BadRecord.read(&f))
        }
        problems += try rows(select("warning") + " ORDER BY id", "warning", accepting: accepted) { f in
            if let warning = WarningRecord.read(&f), warning.form.isPublic { p.publicCirculars.append(warning) }
        }
        problems += try rows(select("objection") + " ORDER BY id", "objection", accepting: accepted) { f in
            if let objection = Objection.read(&f) { p.objections.append(objection) }
        }
        problems += try rows(select("publication_stage") + " ORDER BY year", "publication_stage", accepting: accepted) { f in
            p.stages.append(PublicationStage.read(&f))
        }
        problems += try readReportNumbers(into: &p.reportNumbers, accepting: accepted)
        problems += try rows(select("inspection_draw") + " ORDER BY year", "inspection_draw", accepting: accepted) { f in
            p.inspectionDraws.append(InspectionDraw.read(&f))
        }
        problems += try rows(select("inspection") + " ORDER BY id", "inspection", accepting: accepted) { f in
            p.inspections.append(InspectionOutcome.read(&f))
        }
        problems += try rows(select("info_change") + " ORDER BY agency_code, changed_on", "info_change", accepting: accepted) { f in
            p.formerNames.append(FormerName.read(&f))
        }
        guard problems.isEmpty else { throw RegistryReadError(diagnostics: problems) }
        return p
    }

    /// The internal registry, or only the named tables of it.
    func readInternal(tables: Set<String>? = nil) throws -> InternalRegistry {
        var i = InternalRegistry()
        func wanted(_ table: String) -> Bool { tables?.contains(table) ?? true }
        let accepted = Set(try String.fetchAll(db, sql: "SELECT code FROM code_exception"))
        var problems: [Diagnostic] = []
        if wanted("agency") {
            problems += try rows("SELECT code, contact_person, contact_phone, source_line FROM agency WHERE contact_person IS NOT NULL OR contact_phone IS NOT NULL ORDER BY source_line", "agency", accepting: accepted) { f in
                i.contacts.append(AgencyContact.read(&f))
            }
        }
        if wanted("key_person") {
            problems += try rows("SELECT * FROM key_person ORDER BY id", "key_person", accepting: accepted) { f in i.keyPersonnel.append(KeyPerson.read(&f)) }
        }
        if wanted("warning") {
            problems += try rows("SELECT * FROM warning WHERE form <> '公开通报' ORDER BY id", "warning", accepting: accepted) { f in
                if let warning = WarningRecord.read(&f) { i.nonPublicWarnings.append(warning) }
            }
        }
        if wanted("objection") {
            problems += try rows("SELECT id, objector, objector_contact, source_line FROM objection ORDER BY id", "objection", accepting: accepted) { f in
                i.objectors.append(ObjectorIdentity.read(&f))
            }
        }
        if wanted("info_change") {
            problems += try rows("SELECT * FROM info_change ORDER BY id", "info_change", accepting: accepted) { f in i.infoChanges.append(InfoChange.read(&f)) }
        }
        if wanted("report_number") {
            problems += try rows("SELECT * FROM report_number ORDER BY source_line, number", "report_number", accepting: accepted) { f in
                i.reportNumbers.append(ReportNumber.read(&f))
            }
        }
        if wanted("inspector") {
            problems += try rows("SELECT * FROM inspector ORDER BY badge", "inspector") { f in i.inspectors.append(Inspector.read(&f)) }
        }
        guard problems.isEmpty else { throw RegistryReadError(diagnostics: problems) }
        return i
    }
}
