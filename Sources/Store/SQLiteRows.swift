import GRDB
import GRDBSQLite
import Model

extension Database {
    /// Runs a prepared INSERT once per row, each value bound straight to SQLite. GRDB's `StatementArguments`
    /// box and check every value again; for the 2.4 million rows of a national import that was a third of
    /// writing the registry. Rows may be a lazy sequence, so a table is never held twice in memory.
    public func insertRows<Rows: Sequence>(_ statement: Statement, _ rows: Rows) throws
    where Rows.Element == [(any DatabaseValueConvertible)?] {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle); sqlite3_clear_bindings(handle) }
        for row in rows {
            for (offset, value) in row.enumerated() {
                let index = Int32(offset + 1)
                switch value?.databaseValue.storage ?? .null {
                case .null: sqlite3_bind_null(handle, index)
                case .int64(let number): sqlite3_bind_int64(handle, index, number)
                case .double(let number): sqlite3_bind_double(handle, index, number)
                case .string(var text):
                    text.withUTF8 { bytes in
                        if let base = bytes.baseAddress {
                            _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), SQLiteRows.transient)
                        } else {
                            _ = sqlite3_bind_text(handle, index, "", 0, SQLiteRows.transient)
                        }
                    }
                case .blob(let data):
                    data.withUnsafeBytes { bytes in
                        _ = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), SQLiteRows.transient)
                    }
                }
            }
            let step = sqlite3_step(handle)
            sqlite3_reset(handle)
            guard step == SQLITE_DONE else {
                throw DatabaseError(resultCode: ResultCode(rawValue: step), message: String(cString: sqlite3_errmsg(sqliteConnection)))
            }
        }
    }
}

enum SQLiteRows {
    /// SQLite copies each bound value (SQLITE_TRANSIENT): the Swift buffers live only for the call.
    static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
