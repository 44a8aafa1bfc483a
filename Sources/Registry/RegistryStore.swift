import Foundation
import GRDB

/// The registry: one SQLite file (WAL), created and upgraded by `RegistrySchema.migrations`.
public final class RegistryStore: Sendable {
    public let path: String
    let pool: DatabasePool

    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        pool = try DatabasePool(path: path, configuration: config)
        var migrator = DatabaseMigrator()
        for migration in RegistrySchema.migrations {
            migrator.registerMigration(migration.id) { db in try db.execute(sql: migration.sql) }
        }
        try migrator.migrate(pool)
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
    public func replaceAll(with data: RegistryData) throws {
        try pool.write { db in
            for table in RegistrySchema.tables.reversed() {
                try db.execute(sql: "DELETE FROM \(table.name)")
            }
            try RegistryWriter(db: db).write(data)
        }
    }

    /// Everything, public and internal, for `gongshi check`. The publication path uses `.published` only.
    public func loadAll() throws -> RegistryData {
        try pool.read { db in
            let reader = RegistryReader(db: db, display: (path as NSString).lastPathComponent)
            return RegistryData(published: try reader.readPublic(), internalOnly: try reader.readInternal())
        }
    }

    /// Only public columns of public rows, as `TableSpec.publicSelect` states them.
    public func loadPublic() throws -> PublicRegistry {
        try pool.read { db in try RegistryReader(db: db, display: (path as NSString).lastPathComponent).readPublic() }
    }

    public func counts() throws -> [(table: String, rows: Int)] {
        try pool.read { db in
            try RegistrySchema.tables.map { ($0.name, try Int.fetchOne(db, sql: "SELECT count(*) FROM \($0.name)") ?? 0) }
        }
    }
}
