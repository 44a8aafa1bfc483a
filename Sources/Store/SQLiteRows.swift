import GRDB
import GRDBSQLite
import Model

extension Database {
    /// Runs a prepared INSERT once per row, each value bound straight to SQLite. GRDB's `StatementArguments`
    /// box and check every value again, a large part of writing a national registry (the commit that made
    /// this has the measure). Rows may be a lazy sequence, so a table is never held twice in memory.
    public func insertRows<Rows: Sequence>(_ statement: Statement, _ rows: Rows) throws
    where Rows.Element == [(any DatabaseValueConvertible)?] {
        try insertEach(statement, rows) { handle, row in
            for (offset, value) in row.enumerated() {
                let index = Int32(offset + 1)
                switch value?.databaseValue.storage ?? .null {
                case .null: sqlite3_bind_null(handle, index)
                case .int64(let number): sqlite3_bind_int64(handle, index, number)
                case .double(let number): sqlite3_bind_double(handle, index, number)
                case .string(var text): SQLiteRows.bind(&text, handle, index)
                case .blob(let data):
                    data.withUnsafeBytes { bytes in
                        _ = sqlite3_bind_blob(handle, index, bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(bytes.count), SQLiteRows.transient)
                    }
                }
            }
        }
    }

    /// The same for the records of an entity: each column's value is taken from the record by its field
    /// (`EntityField.value`) and bound as it is made, with no row of values in between.
    public func insertRows<Rows: Sequence>(_ statement: Statement, _ rows: Rows, values: [@Sendable (Rows.Element) -> StoredValue]) throws {
        try insertEach(statement, rows) { handle, row in
            for (offset, value) in values.enumerated() {
                let index = Int32(offset + 1)
                switch value(row) {
                case .null: sqlite3_bind_null(handle, index)
                case .integer(let number): sqlite3_bind_int64(handle, index, Int64(number))
                case .text(var text): SQLiteRows.bind(&text, handle, index)
                }
            }
        }
    }

    /// Binds each row (`bind`) and runs the statement once for it; the statement is left reset and unbound.
    private func insertEach<Rows: Sequence>(_ statement: Statement, _ rows: Rows, bind: (OpaquePointer, Rows.Element) -> Void) throws {
        let handle = statement.sqliteStatement
        defer { sqlite3_reset(handle); sqlite3_clear_bindings(handle) }
        for row in rows {
            bind(handle, row)
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

    static func bind(_ text: inout String, _ handle: OpaquePointer, _ index: Int32) {
        text.withUTF8 { bytes in
            if let base = bytes.baseAddress {
                _ = sqlite3_bind_text(handle, index, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(bytes.count), transient)
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, transient)
            }
        }
    }
}
