import Foundation
import GRDB

/// The workbench's accounts (Art. 19: who did what), in `accounts.sqlite` beside the registry: users with their
/// role and Argon2id password hash (never the password), open sessions (only a hash of each token is kept), and
/// failed logins per account and per address for the growing delay.
public final class AccountStore: Sendable {
    public let path: String
    let queue: DatabaseQueue

    /// 录入员, 审核人, 管理员: who may do what in the workbench.
    public enum Role: String, Sendable, CaseIterable, Codable {
        case clerk, reviewer, admin
    }

    public struct User: Sendable, Equatable {
        public var name: String
        public var role: Role
        public var passwordHash: String
        public var disabled: Bool
    }

    public struct Session: Sendable, Equatable {
        public var id: String
        public var user: String
        public var created: Int64
        public var lastSeen: Int64
        public var address: String
    }

    static let migrations: [(id: String, sql: String)] = [
        ("1-accounts", """
        CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0,
                            created INTEGER NOT NULL);
        CREATE TABLE sessions (id TEXT PRIMARY KEY, token_hash TEXT NOT NULL UNIQUE, user TEXT NOT NULL REFERENCES users(name),
                               created INTEGER NOT NULL, last_seen INTEGER NOT NULL, address TEXT NOT NULL);
        CREATE TABLE login_failures (key TEXT PRIMARY KEY, count INTEGER NOT NULL, last INTEGER NOT NULL);
        """),
        ("2-audit", """
        CREATE TABLE audit (seq INTEGER PRIMARY KEY, at INTEGER NOT NULL, user TEXT NOT NULL, address TEXT NOT NULL,
                            action TEXT NOT NULL, detail TEXT NOT NULL, input_sha256 TEXT NOT NULL, output_sha256 TEXT NOT NULL,
                            previous TEXT NOT NULL, hash TEXT NOT NULL);
        """),
    ]

    public init(path: String) throws {
        self.path = path
        var config = Configuration()
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(10)
        queue = try DatabaseQueue(path: path, configuration: config)
        var migrator = DatabaseMigrator()
        for migration in Self.migrations + [Self.requestsMigration] { migrator.registerMigration(migration.id) { db in try db.execute(sql: migration.sql) } }
        try migrator.migrate(queue)
        chmod(path, 0o600)
    }

    /// Whether any account exists: the workbench asks for a login only then.
    public static func hasAccounts(at path: String) -> Bool {
        guard FileManager.default.fileExists(atPath: path), let store = try? AccountStore(path: path) else { return false }
        return ((try? store.users()) ?? []).contains { !$0.disabled }
    }

    public func users() throws -> [User] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT name, role, password_hash, disabled FROM users ORDER BY name").map {
                User(name: $0["name"], role: Role(rawValue: $0["role"]) ?? .clerk, passwordHash: $0["password_hash"], disabled: $0["disabled"])
            }
        }
    }

    public func user(_ name: String) throws -> User? { try users().first { $0.name == name } }

    /// False when the name is taken.
    public func add(_ name: String, role: Role, passwordHash: String, at time: Int64) throws -> Bool {
        try queue.write { db in
            guard try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM users WHERE name = ?", arguments: [name]) == 0 else { return false }
            try db.execute(sql: "INSERT INTO users (name, role, password_hash, created) VALUES (?, ?, ?, ?)",
                           arguments: [name, role.rawValue, passwordHash, time])
            return true
        }
    }

    /// A new password ends every session of the account.
    public func setPassword(_ name: String, hash: String) throws -> Bool {
        try queue.write { db in
            try db.execute(sql: "UPDATE users SET password_hash = ?, disabled = 0 WHERE name = ?", arguments: [hash, name])
            let changed = db.changesCount > 0
            try db.execute(sql: "DELETE FROM sessions WHERE user = ?", arguments: [name])
            return changed
        }
    }

    /// A disabled account cannot log in, and its sessions end now.
    public func disable(_ name: String) throws -> Bool {
        try queue.write { db in
            try db.execute(sql: "UPDATE users SET disabled = 1 WHERE name = ?", arguments: [name])
            let changed = db.changesCount > 0
            try db.execute(sql: "DELETE FROM sessions WHERE user = ?", arguments: [name])
            return changed
        }
    }

    // MARK: Sessions

    public func openSession(id: String, tokenHash: String, user: String, address: String, at time: Int64) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO sessions (id, token_hash, user, created, last_seen, address) VALUES (?, ?, ?, ?, ?, ?)",
                           arguments: [id, tokenHash, user, time, time, address])
        }
    }

    /// The session of a token's hash, if open and used within `idle` seconds of `time`; its last use becomes `time`.
    /// An expired one is closed here.
    public func touch(tokenHash: String, at time: Int64, idle: Int64) throws -> (Session, User)? {
        try queue.write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT id, user, created, last_seen, address FROM sessions WHERE token_hash = ?", arguments: [tokenHash]) else { return nil }
            let session = Session(id: row["id"], user: row["user"], created: row["created"], lastSeen: row["last_seen"], address: row["address"])
            guard time - session.lastSeen <= idle,
                  let userRow = try Row.fetchOne(db, sql: "SELECT name, role, password_hash, disabled FROM users WHERE name = ?", arguments: [session.user]),
                  !(userRow["disabled"] as Bool) else {
                try db.execute(sql: "DELETE FROM sessions WHERE id = ?", arguments: [session.id])
                return nil
            }
            try db.execute(sql: "UPDATE sessions SET last_seen = ? WHERE id = ?", arguments: [time, session.id])
            let user = User(name: userRow["name"], role: Role(rawValue: userRow["role"]) ?? .clerk, passwordHash: userRow["password_hash"], disabled: false)
            return (session, user)
        }
    }

    public func sessions(of user: String) throws -> [Session] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT id, user, created, last_seen, address FROM sessions WHERE user = ? ORDER BY created", arguments: [user]).map {
                Session(id: $0["id"], user: $0["user"], created: $0["created"], lastSeen: $0["last_seen"], address: $0["address"])
            }
        }
    }

    /// Ends a session of `user` (never another user's).
    public func endSession(id: String, of user: String) throws {
        try queue.write { db in try db.execute(sql: "DELETE FROM sessions WHERE id = ? AND user = ?", arguments: [id, user]) }
    }

    // MARK: Failed logins

    public func failures(_ key: String) throws -> (count: Int, last: Int64) {
        try queue.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT count, last FROM login_failures WHERE key = ?", arguments: [key]) else { return (0, 0) }
            return (row["count"], row["last"])
        }
    }

    public func recordFailure(_ key: String, at time: Int64) throws {
        try queue.write { db in
            try db.execute(sql: "INSERT INTO login_failures (key, count, last) VALUES (?, 1, ?) ON CONFLICT(key) DO UPDATE SET count = count + 1, last = excluded.last",
                           arguments: [key, time])
        }
    }

    public func clearFailures(_ key: String) throws {
        try queue.write { db in try db.execute(sql: "DELETE FROM login_failures WHERE key = ?", arguments: [key]) }
    }

    // MARK: Audit trail (Art. 19)

    /// One step of the trail: who, when, from where, what, and the SHA-256 of what went in and came out.
    public struct AuditEntry: Sendable, Equatable {
        public var seq: Int64
        public var at: Int64
        public var user: String
        public var address: String
        public var action: String
        public var detail: String
        public var input: String
        public var output: String
        public var previous: String
        public var hash: String

        /// What the hash covers, field by field (lengths first, so no two entries share a text).
        static func text(seq: Int64, at: Int64, user: String, address: String, action: String, detail: String,
                         input: String, output: String, previous: String) -> String {
            [String(seq), String(at), user, address, action, detail, input, output, previous].map { "\($0.utf8.count):\($0)" }.joined(separator: "|")
        }
    }

    /// Appends an entry chained to the one before (its hash covers the previous entry's hash): an entry edited or
    /// removed later no longer matches, and `verifyAudit` names it. The hash function is the caller's (SHA-256).
    @discardableResult
    public func appendAudit(at: Int64, user: String, address: String, action: String, detail: String, input: String = "",
                            output: String = "", hash: (String) -> String) throws -> AuditEntry {
        try queue.write { db in
            let last = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")
            let seq: Int64 = (last?["seq"] ?? 0) + 1
            let previous: String = last?["hash"] ?? String(repeating: "0", count: 64)
            let digest = hash(AuditEntry.text(seq: seq, at: at, user: user, address: address, action: action, detail: detail,
                                              input: input, output: output, previous: previous))
            try db.execute(sql: """
                INSERT INTO audit (seq, at, user, address, action, detail, input_sha256, output_sha256, previous, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [seq, at, user, address, action, detail, input, output, previous, digest])
            return AuditEntry(seq: seq, at: at, user: user, address: address, action: action, detail: detail, input: input,
                              output: output, previous: previous, hash: digest)
        }
    }

    public func auditEntries() throws -> [AuditEntry] {
        try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit ORDER BY seq").map {
                AuditEntry(seq: $0["seq"], at: $0["at"], user: $0["user"], address: $0["address"], action: $0["action"],
                           detail: $0["detail"], input: $0["input_sha256"], output: $0["output_sha256"],
                           previous: $0["previous"], hash: $0["hash"])
            }
        }
    }

    /// The first entry that breaks the chain (a number skipped, a link to the wrong entry, a hash that does not match
    /// its fields), or nil with the number of entries and the last hash when the trail is whole.
    public func verifyAudit(hash: (String) -> String) throws -> (broken: Int64?, count: Int, head: String) {
        var previous = String(repeating: "0", count: 64)
        var expected: Int64 = 1
        let entries = try auditEntries()
        for entry in entries {
            let digest = hash(AuditEntry.text(seq: entry.seq, at: entry.at, user: entry.user, address: entry.address, action: entry.action,
                                              detail: entry.detail, input: entry.input, output: entry.output, previous: entry.previous))
            guard entry.seq == expected, entry.previous == previous, entry.hash == digest else { return (entry.seq, entries.count, previous) }
            previous = entry.hash
            expected += 1
        }
        return (nil, entries.count, previous)
    }
}
