import Foundation
import GRDB
import Model

/// The registry: one SQLite file (WAL), created and upgraded by `RegistrySchema.migrations`.
public final class RegistryStore: Sendable {
    public let path: String
    let pool: any DatabaseWriter

    /// `readOnly`: for a command that only reads (build, diff, a dry run, draw, reports): the file is opened read
    /// only, so that its bytes and times stay as they were — opening it for writing moves SQLite's change counter
    /// and schema cookie. A registry an older gongshi wrote is upgraded first, the one write such a command makes.
    public init(path: String, readOnly: Bool = false) throws {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        // Another gongshi may hold SQLite's write lock for a moment (a bundle logging itself): wait, do not fail.
        config.busyMode = .timeout(30)
        config.prepareDatabase { db in
            db.add(function: ReportNumber.digestFunction)
            db.add(function: ReportNumber.numberAndCodeDigestFunction)
        }
        var migrator = DatabaseMigrator()
        for migration in RegistrySchema.migrations {
            migrator.registerMigration(migration.id) { db in try db.execute(sql: migration.sql) }
        }
        if readOnly, FileManager.default.fileExists(atPath: path) {
            var reading = config
            reading.readonly = true
            let queue = try DatabaseQueue(path: path, configuration: reading)
            if try queue.read({ try migrator.hasCompletedMigrations($0) }) {
                pool = queue
                return
            }
            try queue.close()
        }
        let pool = try DatabasePool(path: path, configuration: config)
        try migrator.migrate(pool)
        self.pool = pool
    }

    /// The columns each table really has, for the test that keeps `RegistrySchema` complete.
    public func columns(of table: String) throws -> [String] {
        try pool.read { db in try db.columns(in: table).map(\.name) }
    }

    public func tableNames() throws -> [String] {
        try pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'grdb_%' ORDER BY name")
        }
    }

    /// Replaces every imported row in one transaction: the registry holds either all of the new data or none of it.
    /// `sources`: the data files the rows come from, recorded in the same transaction; `origins`: where in
    /// them each data file's rows were (`data/登记册.xlsx`, sheet 机构), for messages about registry rows.
    /// `reportNumbers`: report numbers staged by the import (Art. 18), copied in by SQLite itself.
    public func replaceAll(with data: RegistryData, sources: [ImportSource] = [], origins: [String: Origin] = [:],
                           reportNumbers: ReportNumberStage? = nil) throws {
        try pool.writeWithoutTransaction { db in
            // ATTACH cannot run inside a transaction; the stage is read-only here and detached whatever happens.
            if let reportNumbers { try db.execute(sql: "ATTACH DATABASE ? AS stage", arguments: [reportNumbers.path]) }
            defer { if reportNumbers != nil { try? db.execute(sql: "DETACH DATABASE stage") } }
            // The whole registry is rewritten in one transaction: with SQLite's 2 MB page cache its dirty pages
            // spill to the WAL and are read back for every insert. 256 MB at most, taken only as pages are used.
            try db.execute(sql: "PRAGMA cache_size = -262144")
            defer { try? db.execute(sql: "PRAGMA cache_size = -2000") }
            try db.inTransaction {
                for table in RegistrySchema.tables.reversed() where table.isImported {
                    try db.execute(sql: "DELETE FROM \(table.name)")
                }
                try RegistryWriter(db: db).write(data)
                if reportNumbers != nil {
                    try db.execute(sql: """
                        INSERT INTO report_number (number, verification_code, digest, agency_code, issued_on, report_type, source_line)
                        SELECT number, verification_code, lower(hex(digest)), agency_code, issued_on, report_type, line FROM stage.report_number ORDER BY line
                        """)
                }
                try RegistryWriter(db: db).insert("import_source", ["file", "sha256", "bytes"], sources.map { [$0.file, $0.sha256, $0.bytes] })
                try RegistryWriter(db: db).insert("import_origin", ["data_file", "file", "sheet"],
                                                  origins.keys.sorted().map { [$0, origins[$0]!.file, origins[$0]!.sheet] })
                return .commit
            }
        }
    }

    /// The data files the registry was last imported from (empty for a registry no import wrote).
    public func importSources() throws -> [ImportSource] {
        try pool.read { db in
            try Row.fetchAll(db, sql: "SELECT file, sha256, bytes FROM import_source ORDER BY file").map {
                ImportSource(file: $0["file"], sha256: $0["sha256"], bytes: $0["bytes"])
            }
        }
    }

    /// Where the last import read each data file (CSV name → file and sheet), for messages that name one.
    public func importOrigins() throws -> [String: Origin] {
        try pool.read { db in RegistryReader(db: db, display: (path as NSString).lastPathComponent).origins }
    }

    /// Everything, public and internal, for `gongshi check`. The publication path uses `.published` only.
    public func loadAll() throws -> RegistryData {
        try pool.read { db in
            let reader = RegistryReader(db: db, display: (path as NSString).lastPathComponent)
            return RegistryData(published: try reader.readPublic(), internalOnly: try reader.readInternal())
        }
    }

    /// What a build needs: the public registry, and of the internal one only the inspector pool (which a
    /// site may choose to publish, Art. 19). Internal rows were checked when imported, and the database's
    /// keys and references hold them since; reading a million report numbers again would only cost.
    public func loadForPublication() throws -> RegistryData {
        try pool.read { db in
            let reader = RegistryReader(db: db, display: (path as NSString).lastPathComponent)
            var internalOnly = InternalRegistry()
            internalOnly.inspectors = try reader.readInternal(tables: ["inspector"]).inspectors
            return RegistryData(published: try reader.readPublic(), internalOnly: internalOnly)
        }
    }

    /// Only public columns of public rows, as `TableSpec.publicSelect` states them.
    public func loadPublic() throws -> PublicRegistry {
        try pool.read { db in try RegistryReader(db: db, display: (path as NSString).lastPathComponent).readPublic() }
    }

    /// Art. 14: the newest bundle sent to a recipient, with every record it carried.
    public func lastBundle(to recipient: String) throws -> BundleLogEntry? {
        try pool.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM bundle WHERE recipient = ? ORDER BY sequence DESC LIMIT 1", arguments: [recipient]) else {
                return nil
            }
            let sequence: Int = row["sequence"]
            var records: [String: [String: BundleLogEntry.Record]] = [:]
            for r in try Row.fetchAll(db, sql: "SELECT dataset, record_key, digest, row_json FROM bundle_record WHERE recipient = ? AND sequence = ? ORDER BY dataset, record_key",
                                      arguments: [recipient, sequence]) {
                records[r["dataset"], default: [:]][r["record_key"]] = BundleLogEntry.Record(digest: r["digest"], rowJSON: r["row_json"])
            }
            return BundleLogEntry(recipient: recipient, sequence: sequence, kind: row["kind"], asOf: CivilDate(iso: row["as_of"]) ?? CivilDate(year: 1970, month: 1, day: 1)!,
                                  fileName: row["file_name"], sha256: row["sha256"], records: records)
        }
    }

    /// Every bundle sent, oldest first per recipient: what `bundle --log` exports. The log is the registry's
    /// own record (import never replaces it), since the sequence is part of the record with the recipient.
    public func bundleLog(recipient: String? = nil) throws -> [[String]] {
        try pool.read { db in
            let sql = """
                SELECT b.recipient, b.sequence, b.kind, b.as_of, b.previous_as_of, b.file_name, b.sha256,
                       (SELECT count(*) FROM bundle_record r WHERE r.recipient = b.recipient AND r.sequence = b.sequence) AS records
                FROM bundle b \(recipient == nil ? "" : "WHERE b.recipient = ?") ORDER BY b.recipient, b.sequence
                """
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(recipient.map { [$0] } ?? [])).map { row in
                [row["recipient"], String(row["sequence"] as Int), row["kind"], row["as_of"], (row["previous_as_of"] as String?) ?? "",
                 row["file_name"], row["sha256"], String(row["records"] as Int)]
            }
        }
    }

    /// Records a bundle and the full state it carried, in one transaction.
    public func recordBundle(_ entry: BundleLogEntry, previousAsOf: CivilDate?) throws {
        try pool.write { db in
            try db.execute(sql: "INSERT INTO bundle (recipient, sequence, kind, as_of, previous_as_of, file_name, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           arguments: [entry.recipient, entry.sequence, entry.kind, entry.asOf.iso, previousAsOf?.iso, entry.fileName, entry.sha256])
            let statement = try db.makeStatement(sql: "INSERT INTO bundle_record (recipient, sequence, dataset, record_key, digest, row_json) VALUES (?, ?, ?, ?, ?, ?)")
            for (dataset, records) in entry.records.sorted(by: { $0.key < $1.key }) {
                for (key, record) in records.sorted(by: { $0.key < $1.key }) {
                    try statement.execute(arguments: [entry.recipient, entry.sequence, dataset, key, record.digest, record.rowJSON])
                }
            }
        }
    }

    public func counts() throws -> [(table: String, rows: Int)] {
        try pool.read { db in
            try RegistrySchema.tables.map { ($0.name, try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0.name)") ?? 0) }
        }
    }
}

extension ReportNumber {
    /// `gongshi_report_digest(number)` in SQL, for the migration that adds the digest to older registries.
    static let digestFunction = DatabaseFunction("gongshi_report_digest", argumentCount: 1, pure: true) { values in
        String.fromDatabaseValue(values[0]).map(ReportNumber.legacyDigest(of:))
    }

    /// `gongshi_report_digest_v3(number, code)` in SQL: today's digest, for the migration that makes it again.
    static let numberAndCodeDigestFunction = DatabaseFunction("gongshi_report_digest_v3", argumentCount: 2, pure: true) { values in
        guard let number = String.fromDatabaseValue(values[0]), let code = String.fromDatabaseValue(values[1]) else { return nil }
        return ReportNumber.digest(number: number, code: code)
    }
}
