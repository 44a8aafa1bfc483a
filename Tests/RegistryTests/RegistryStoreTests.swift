@testable import Cryptography
import Foundation
import GRDB
@testable import Import
@testable import Store
import Testing
@testable import Model

@Suite("The registry in SQLite")
struct RegistryStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gongshi-test-\(UUID().uuidString).sqlite").path
    }

    @Test("Every column of every table is declared public, internal or provenance, and none is missing")
    func catalogueMatchesDatabase() throws {
        let store = try RegistryStore(path: temporaryPath())
        #expect(try store.tableNames() == RegistrySchema.tables.map(\.name).sorted())
        for table in RegistrySchema.tables {
            #expect(try store.columns(of: table.name) == table.columns.map(\.name), "\(table.name)")
        }
    }

    @Test("Key personnel, contacts and objectors are internal; only public circulars are public rows")
    func internalColumns() {
        #expect(RegistrySchema.table("key_person").publicColumns.isEmpty)
        #expect(!RegistrySchema.table("objection").publicSelect.contains("objector"))
        #expect(!RegistrySchema.table("agency").publicSelect.contains("contact"))
        #expect(RegistrySchema.table("warning").publicSelect.hasSuffix("WHERE form = '公开通报'"))
    }

    @Test("Imported data reads back the same, and the public load holds no internal row")
    func roundTrip() throws {
        let imported = CSVImporter(rules: .ningbo).importDirectory(Fixtures.data("small-site")).data
        let store = try RegistryStore(path: temporaryPath())
        try store.replaceAll(with: imported)
        let all = try store.loadAll()
        #expect(all.published.agencies.map(\.code) == imported.published.agencies.map(\.code))
        #expect(all.published.evaluations.map(\.total) == imported.published.evaluations.map(\.total))
        #expect(all.published.agencies.map(\.serviceCategories) == imported.published.agencies.map(\.serviceCategories))
        #expect(all.internalOnly.keyPersonnel.map(\.idNumber) == imported.internalOnly.keyPersonnel.map(\.idNumber))
        #expect(all.internalOnly.objectors.map(\.objector) == ["异议人标记OB7", "异议人标记OB8"])
        let published = try store.loadPublic()
        #expect(published.publicCirculars.count == 1)
        #expect(published.evaluations.first?.origin.file == "data/evaluations.csv")
        #expect(published.evaluations.first?.origin.line == 2)
    }

    @Test("Art. 18: report numbers are stored with the digest of number and code; an older registry's number-only digests are dropped")
    func reportDigests() throws {
        var data = CSVImporter(rules: .ningbo).importDirectory(Fixtures.data("small-site")).data
        let agency = data.published.agencies[0].code
        data.internalOnly.reportNumbers = [ReportNumber(origin: Origin(file: "data/report-numbers.csv", line: 2), number: "nb-jc 2025-001",
                                                        code: "k7q2-m9x4-w3r8", agency: agency, issuedOn: CivilDate(iso: "2025-03-01")!, type: "监测报告")]
        let path = temporaryPath()
        try RegistryStore(path: path).replaceAll(with: data)
        let expected = Digest.sha256(Array("gongshi-report-v3\nNBJC2025001\nK7Q2M9X4W3R8".utf8)).hex
        #expect(ReportNumber.digest(number: "NB-JC2025-001", code: "K7Q2M9X4W3R8") == expected)
        #expect(ReportNumber.digest(number: "nbjc2025001", code: "K7Q2M9X4W3R8") == expected)
        #expect(try RegistryStore(path: path).loadPublic().reportNumbers.map(\.digest) == [expected])
        // As a registry written before migration v8: digests of the numbers alone, which the migration drops,
        // so that reading it asks for a new import instead of publishing reversible hashes.
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: "UPDATE report_number SET digest = ?", arguments: [ReportNumber.legacyDigest(of: "NB-JC2025-001")])
            try db.execute(sql: "ALTER TABLE report_number DROP COLUMN verification_code")
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v8-report-verification-code'")
        }
        try queue.close()
        let failure = try #require(throws: RegistryReadError.self) { try RegistryStore(path: path).loadPublic() }
        #expect(failure.diagnostics.map(\.code) == ["E300"] && failure.description.contains("验证码"))
    }

    /// A registry as an older gongshi left it: every migration before `migration`, none from it on.
    static func registry(at path: String, migratedUpTo migration: String) throws -> DatabaseQueue {
        var config = Configuration()
        config.foreignKeysEnabled = false
        config.prepareDatabase { db in db.add(function: ReportNumber.digestFunction) }
        let older = try DatabaseQueue(path: path, configuration: config)
        var migrator = DatabaseMigrator()
        for step in RegistrySchema.migrations.prefix(while: { $0.id != migration }) {
            migrator.registerMigration(step.id) { db in try db.execute(sql: step.sql) }
        }
        try migrator.migrate(older)
        return older
    }

    @Test("Art. 18: migration v12 keeps an older registry's report numbers, in their order, without the key and reference that slowed the copy")
    func reportNumbersWithoutKey() throws {
        let path = temporaryPath()
        let older = try Self.registry(at: path, migratedUpTo: "v12-report-number-rows")
        try older.write { db in
            for (number, line) in [("NB-9", 2), ("NB-1", 3), ("NB-5", 4)] {
                try db.execute(sql: """
                    INSERT INTO report_number (number, agency_code, issued_on, report_type, source_line, digest, verification_code)
                    VALUES (?, '91330212MA2H0A1B0F', '2025-01-10', '监测报告', ?, ?, 'A7C9918F918AC924')
                    """, arguments: [number, line, ReportNumber.digest(number: number, code: "A7C9918F918AC924")])
            }
        }
        let keyed = try older.read { db in try Row.fetchAll(db, sql: "PRAGMA index_list(report_number)").count }
        #expect(keyed == 1)
        try older.close()
        let store = try RegistryStore(path: path)
        let (numbers, indexes, references) = try store.pool.read { db in
            (try String.fetchAll(db, sql: "SELECT number FROM report_number ORDER BY rowid"),
             try Row.fetchAll(db, sql: "PRAGMA index_list(report_number)").count, try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(report_number)").count)
        }
        #expect(numbers == ["NB-9", "NB-1", "NB-5"])
        #expect(indexes == 0 && references == 0)
        #expect(try store.loadPublic().reportNumbers.map(\.origin.line) == [2, 3, 4])
        #expect(try store.columns(of: "report_number") == RegistrySchema.table("report_number").columns.map(\.name))
    }

    @Test("Art. 18: migration v13 makes each digest again from its number without dashes, so the verify page finds a number typed without them")
    func digestsWithoutDashes() throws {
        let path = temporaryPath()
        let older = try Self.registry(at: path, migratedUpTo: "v13-report-number-without-dashes")
        // As v12 stored it: the v2 digest, of the number with its dashes.
        let v2 = Digest.sha256(Array("gongshi-report-v2\nNB-JC2025-001\nK7Q2M9X4W3R8".utf8)).hex
        try older.write { db in
            try db.execute(sql: """
                INSERT INTO report_number (number, agency_code, issued_on, report_type, source_line, digest, verification_code)
                VALUES ('NB-JC2025-001', '91330212MA2H0A1B0F', '2025-01-10', '监测报告', 2, ?, 'K7Q2-M9X4-W3R8')
                """, arguments: [v2])
        }
        try older.close()
        let digests = try RegistryStore(path: path).pool.read { db in try String.fetchAll(db, sql: "SELECT digest FROM report_number") }
        #expect(digests == [ReportNumber.digest(number: "NBJC2025001", code: "K7Q2M9X4W3R8")] && digests != [v2])
    }

    @Test("An import that fails part-way leaves the registry exactly as it was")
    func allOrNothing() throws {
        let good = CSVImporter(rules: .ningbo).importDirectory(Fixtures.data("small-site")).data
        let store = try RegistryStore(path: temporaryPath())
        try store.replaceAll(with: good)
        let before = try store.counts().map(\.rows)
        var bad = good
        bad.published.agencies = Array(good.published.agencies.prefix(3))
        bad.published.agencies.append(good.published.agencies[0])  // duplicate primary key: the insert fails
        #expect(throws: (any Error).self) { try store.replaceAll(with: bad) }
        #expect(try store.counts().map(\.rows) == before)
    }

    @Test("A registry written by another tool with a value gongshi cannot read is reported, not guessed")
    func unreadableValue() throws {
        let path = temporaryPath()
        let store = try RegistryStore(path: path)
        try store.replaceAll(with: CSVImporter(rules: .ningbo).importDirectory(Fixtures.data("small-site")).data)
        try store.pool.write { db in try db.execute(sql: "UPDATE evaluation SET total = total, given_grade = 'A' WHERE rowid = 1; UPDATE filing SET filed_on = '2021-02-30'") }
        let error = try #require(throws: RegistryReadError.self) { try store.loadPublic() }
        #expect(error.diagnostics.map(\.code) == ["E300", "E300"])
        #expect(error.description.contains("filing.filed_on holds '2021-02-30'"))
    }

    @Test("A code exception whose date gongshi cannot read is reported like any other row, not skipped")
    func unreadableCodeException() throws {
        let path = temporaryPath()
        let store = try RegistryStore(path: path)
        try store.replaceAll(with: CSVImporter(rules: .ningbo).importDirectory(Fixtures.data("small-site")).data)
        try store.pool.write { db in
            try db.execute(sql: "INSERT INTO code_exception (code, explanation, confirmed_on, source_line) VALUES ('91330200MA2H4X123X', '历史代码', '2025-13-01', 2)")
        }
        let error = try #require(throws: RegistryReadError.self) { try store.loadPublic() }
        #expect(error.diagnostics.map(\.code) == ["E300"])
        #expect(error.description.contains("code_exception.confirmed_on holds '2025-13-01'"))
    }
}
