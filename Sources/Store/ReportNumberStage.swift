import Foundation
import GRDB
import GRDBSQLite
import Model

/// Art. 18: the report numbers an import read, held in a SQLite file of their own rather than in memory —
/// a national registry has tens of millions — until the import writes them into the registry.
///
/// Rows go in as they are read, in file order, with no index (appending is the cheap case). When the file is
/// done, two UNIQUE indexes (the number and the verification code, each in the form they are compared in)
/// find any duplicate: only when the database refuses one is it asked which rows share a key, and each
/// later row is reported against the first, by file and line (E119, E107), as the in-memory check did.
public final class ReportNumberStage: @unchecked Sendable {
    public let path: String
    let queue: DatabaseQueue
    private var insertStatement: Statement?
    /// Rows held, in file order.
    public private(set) var count = 0
    /// File and sheet of the rows (one data file holds the report numbers).
    private var file = "", sheet: String?
    private var columns: [String: Int]?

    /// A new, empty stage in `folder` (the system's temporary folder when nil); removed when this goes away.
    /// SQLite's own scratch files (the sort that builds the UNIQUE indexes) go to the temporary folder.
    public init(folder: String? = nil) throws {
        let base = folder ?? NSTemporaryDirectory()
        Self.removeLeftovers(in: base)
        path = (base as NSString).appendingPathComponent("\(Self.prefix)\(getpid())-\(UUID().uuidString).sqlite")
        var config = Configuration()
        config.journalMode = .default
        // One transaction from the first row to `finish`, across many accesses: appending row by row in
        // transactions of their own would cost a commit each.
        config.allowsUnsafeTransactions = true
        queue = try DatabaseQueue(path: path, configuration: config)
        try queue.writeWithoutTransaction { db in
            // A scratch file: nothing to recover after a crash, so no journal and no waiting on the disk. The rows
            // are appended (a small cache does); the UNIQUE indexes are sorted on every core, each sorter in 16 MB,
            // which at ten million numbers was both faster and smaller than one core with a larger sorter.
            try db.execute(sql: """
                PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -16384; PRAGMA temp_store = FILE;
                PRAGMA threads = \(min(ProcessInfo.processInfo.activeProcessorCount, 8));
                CREATE TABLE report_number (
                    line INTEGER PRIMARY KEY, number TEXT NOT NULL, verification_code TEXT NOT NULL, digest BLOB NOT NULL,
                    agency_code TEXT NOT NULL, issued_on TEXT NOT NULL, report_type TEXT NOT NULL,
                    number_key TEXT, code_key TEXT);
                BEGIN;
                """)
        }
    }

    /// Hidden: a stage may sit in the site's folder, beside the registry.
    static let prefix = ".gongshi-report-numbers-"

    /// Stages of imports that were killed (their process is gone): each may be gigabytes.
    static func removeLeftovers(in folder: String) {
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] where name.hasPrefix(prefix) {
            guard let pid = Int32(name.dropFirst(prefix.count).prefix { $0 != "-" }), pid != getpid(), kill(pid, 0) != 0 else { continue }
            unlink((folder as NSString).appendingPathComponent(name))
        }
    }

    deinit {
        insertStatement = nil
        try? queue.close()
        for suffix in ["", "-journal", "-wal", "-shm"] { unlink(path + suffix) }
    }

    /// Appends the records of one piece of the file, in order (`batch`), on a thread of the stage's own, beside
    /// the checking of the next pieces (SQLite's part was a fifth of the import); two pieces at most wait. The
    /// first failure is kept for `finish`.
    public func appendLater(_ batch: Batch) {
        if columns == nil, let origin = batch.origin { (file, sheet, columns) = (origin.file, origin.sheet, origin.columns) }
        waiting.wait()
        writer.async { [self] in
            defer { waiting.signal() }
            guard appendFailure == nil else { return }
            do { try insert(batch) } catch { appendFailure = error }
        }
    }

    /// Rows as the stage takes them, as one block of bytes: per row the digest's 32 bytes, then the line, number,
    /// code, agency, date, type, and the number and code as compared, each ended by NUL (no cell holds one: the
    /// decoder refuses it); a compared form is left empty when it is the cell as written (the usual case).
    /// One block, not the records, goes to the stage's thread: records freed on another thread than made them
    /// fragment glibc's heap.
    public struct Batch: Sendable {
        var bytes: [UInt8] = []
        var rows = 0
        /// Where the first row is from: the file, sheet and columns the messages of `finish` name.
        var origin: Origin?

        package init(capacity: Int) { bytes.reserveCapacity(capacity * 112) }

        package mutating func append(_ n: ReportNumber, numberKey: String, codeKey: String) {
            if origin == nil { origin = n.origin }
            bytes += ReportNumber.digest(numberKey: numberKey, codeKey: codeKey)
            func put(_ text: String) {
                bytes += text.utf8
                bytes.append(0)
            }
            put(String(n.origin.line ?? 0)); put(n.number); put(n.code); put(n.agency.value); put(n.issuedOn.iso); put(n.type)
            put(numberKey == n.number ? "" : numberKey); put(codeKey == n.code ? "" : codeKey)
            rows += 1
        }
    }

    private func insert(_ batch: Batch) throws {
        guard batch.rows > 0 else { return }
        try queue.writeWithoutTransaction { db in
            if insertStatement == nil {
                insertStatement = try db.makeStatement(sql: """
                    INSERT INTO report_number (line, number, verification_code, digest, agency_code, issued_on, report_type, number_key, code_key)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            }
            let statement = insertStatement!.sqliteStatement
            try batch.bytes.withUnsafeBufferPointer { bytes in
                var at = 0
                func field() -> UnsafeBufferPointer<UInt8> {
                    var end = at
                    while bytes[end] != 0 { end += 1 }
                    defer { at = end + 1 }
                    return UnsafeBufferPointer(rebasing: bytes[at..<end])
                }
                func bind(_ index: Int32, _ text: UnsafeBufferPointer<UInt8>) {
                    if let base = text.baseAddress, !text.isEmpty {
                        _ = sqlite3_bind_text(statement, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(text.count), SQLiteRows.transient)
                    } else {
                        _ = sqlite3_bind_text(statement, index, "", 0, SQLiteRows.transient)
                    }
                }
                for _ in 0..<batch.rows {
                    _ = sqlite3_bind_blob(statement, 4, bytes.baseAddress! + at, 32, SQLiteRows.transient)
                    at += 32
                    let line = field()
                    sqlite3_bind_int64(statement, 1, Int64(String(decoding: line, as: UTF8.self)) ?? 0)
                    bind(2, field())
                    bind(3, field())
                    for index in Int32(5)...7 { bind(index, field()) }
                    for index in Int32(8)...9 {
                        let key = field()
                        if key.isEmpty { sqlite3_bind_null(statement, index) } else { bind(index, key) }
                    }
                    let step = sqlite3_step(statement)
                    sqlite3_reset(statement)
                    guard step == SQLITE_DONE else { throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(db.sqliteConnection))) }
                }
            }
        }
        count += batch.rows
    }

    private let writer = DispatchQueue(label: "gongshi.report-number-stage")
    private let waiting = DispatchSemaphore(value: 2)
    private var appendFailure: Error?

    /// The rows are all in: commits them and finds duplicates (E119 for the number, E107 for the code).
    public func finish() throws -> [Diagnostic] {
        writer.sync {}
        if let appendFailure { throw appendFailure }
        insertStatement = nil
        return try queue.writeWithoutTransaction { db in
            try db.execute(sql: "COMMIT")
            var found: [Diagnostic] = []
            for (index, compared, cell) in [("number_once", "number_key", "number"), ("code_once", "code_key", "verification_code")] {
                // A compared form is stored only where it is not the cell as written.
                let key = { (table: String) in "coalesce(\(table)\(compared), \(table)\(cell))" }
                do {
                    try db.execute(sql: "CREATE UNIQUE INDEX \(index) ON report_number(\(key("")))")
                    continue
                } catch let error as DatabaseError where error.resultCode == .SQLITE_CONSTRAINT {}
                let rows = try Row.fetchCursor(db, sql: """
                    SELECT r.line, r.number, d.first FROM report_number r
                    JOIN (SELECT \(key("")) AS k, MIN(line) AS first FROM report_number GROUP BY \(key("")) HAVING COUNT(*) > 1) d ON \(key("r.")) = d.k
                    WHERE r.line > d.first ORDER BY r.line
                    """)
                while let row = try rows.next() {
                    let at = Origin(file: file, sheet: sheet, line: row["line"], columns: columns ?? [:])
                    let first = Origin(file: file, sheet: sheet, line: row["first"], columns: columns ?? [:]).location
                    found.append(index == "number_once"
                        ? Diagnostic(.error, at: at.at("报告编号"), "E119", ["first": .at(first)])
                        : Diagnostic(.error, at: at.at("验证码"), "E107", ["first": .at(first)]))
                }
            }
            return found
        }
    }
}
