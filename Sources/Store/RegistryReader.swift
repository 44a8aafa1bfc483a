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

    /// Each entity table's data file (`Entity.file`).
    static let fileOfTable = Dictionary(uniqueKeysWithValues: RegistrySchema.tables.compactMap { table in table.dataFile.map { (table.name, $0) } })

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
                        "E300.reportsWithoutCodes", ["reportsFile": .dataFile(CSVFormat.reportNumbers.file)]))
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

        problems += try rows(select("code_exception") + " ORDER BY code", "code_exception") { p.codeExceptions.append(CodeException.read(&$0)) }
        let accepted = Set(p.codeExceptions.map(\.code.value))
        var categories: [String: [ServiceCategory]] = [:]
        for row in try Row.fetchAll(db, sql: select("agency_service_category") + " ORDER BY agency_code, category") {
            let code: String = row["agency_code"]
            if let c = ServiceCategory(rawValue: row["category"]) { categories[code, default: []].append(c) }
        }
        // Each table's public rows, in a fixed order, each row read back as its entity's file says.
        func read(_ table: String, orderedBy order: String, _ each: (inout Fields) -> Void) throws {
            problems += try rows(select(table) + " ORDER BY " + order, table, accepting: accepted, each)
        }
        try read("agency", orderedBy: "source_line, code") { p.agencies.append(Agency.read(&$0, categories: categories)) }
        try read("filing", orderedBy: "source_line, agency_code, number") { f in Filing.read(&f).map { p.filings.append($0) } }
        try read("qualification", orderedBy: "source_line, certificate_number") { p.qualifications.append(Qualification.read(&$0)) }
        try read("qualification_scope", orderedBy: "id") { p.scopeItems.append(ScopeItem.read(&$0)) }
        try read("evaluation", orderedBy: "source_line, year, agency_code") { p.evaluations.append(EvaluationRecord.read(&$0)) }
        try read("serious_dishonesty", orderedBy: "id") { f in SeriousDishonestyEvent.read(&f).map { p.seriousDishonesty.append($0) } }
        try read("bad_record", orderedBy: "id") { p.badRecords.append(BadRecord.read(&$0)) }
        try read("warning", orderedBy: "id") { f in
            if let warning = WarningRecord.read(&f), warning.form.isPublic { p.publicCirculars.append(warning) }
        }
        try read("objection", orderedBy: "id") { f in Objection.read(&f).map { p.objections.append($0) } }
        try read("publication_stage", orderedBy: "year") { p.stages.append(PublicationStage.read(&$0)) }
        problems += try readReportNumbers(into: &p.reportNumbers, accepting: accepted)
        try read("inspection_draw", orderedBy: "year") { p.inspectionDraws.append(InspectionDraw.read(&$0)) }
        try read("inspection", orderedBy: "id") { p.inspections.append(InspectionOutcome.read(&$0)) }
        try read("info_change", orderedBy: "agency_code, changed_on") { p.formerNames.append(FormerName.read(&$0)) }
        guard problems.isEmpty else { throw RegistryReadError(diagnostics: problems) }
        return p
    }

    /// The internal registry, or only the named tables of it.
    func readInternal(tables: Set<String>? = nil) throws -> InternalRegistry {
        var i = InternalRegistry()
        func wanted(_ table: String) -> Bool { tables?.contains(table) ?? true }
        let accepted = Set(try String.fetchAll(db, sql: "SELECT code FROM code_exception"))
        var problems: [Diagnostic] = []
        func read(_ table: String, _ sql: String, accepting accepted: Set<String> = accepted, _ each: (inout Fields) -> Void) throws {
            if wanted(table) { problems += try rows(sql, table, accepting: accepted, each) }
        }
        try read("agency", "SELECT code, contact_person, contact_phone, source_line FROM agency "
                 + "WHERE contact_person IS NOT NULL OR contact_phone IS NOT NULL ORDER BY source_line") { i.contacts.append(AgencyContact.read(&$0)) }
        try read("key_person", "SELECT * FROM key_person ORDER BY id") { i.keyPersonnel.append(KeyPerson.read(&$0)) }
        try read("warning", "SELECT * FROM warning WHERE form <> '公开通报' ORDER BY id") { f in
            if let warning = WarningRecord.read(&f) { i.nonPublicWarnings.append(warning) }
        }
        try read("objection", "SELECT id, objector, objector_contact, source_line FROM objection ORDER BY id") { i.objectors.append(ObjectorIdentity.read(&$0)) }
        try read("info_change", "SELECT * FROM info_change ORDER BY id") { i.infoChanges.append(InfoChange.read(&$0)) }
        try read("report_number", "SELECT * FROM report_number ORDER BY source_line, number") { i.reportNumbers.append(ReportNumber.read(&$0)) }
        try read("inspector", "SELECT * FROM inspector ORDER BY badge", accepting: []) { i.inspectors.append(Inspector.read(&$0)) }
        guard problems.isEmpty else { throw RegistryReadError(diagnostics: problems) }
        return i
    }
}
