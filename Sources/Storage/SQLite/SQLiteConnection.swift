import CSQLite3

/// One SQLite connection on the C API, driven synchronously by whoever holds
/// its `SQLiteGate`: a statement runs on the caller's thread, with no hop to
/// another thread and no compile, since each statement text is prepared once
/// and kept.
final class SQLiteConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    private var statements: [String: Prepared] = [:]
    /// Statement texts are fixed in the stores; a few are built per call
    /// (IN lists of varying length). Past this many the cache starts over.
    private let cacheLimit = 256

    private struct Prepared {
        let statement: OpaquePointer
        let columns: [String]
    }

    private let path: String
    private var closed = false

    /// The file is opened at the first statement, as the pool did before:
    /// a command may create the data folder after opening the database.
    init(path: String) {
        self.path = path
    }

    private func open() throws -> OpaquePointer {
        if let handle { return handle }
        guard !closed else { throw SQLiteFailure(code: SQLITE_MISUSE, message: "connection closed", sql: nil) }
        let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        var opened: OpaquePointer?
        let status = sqlite3_open_v2(path, &opened, flags, nil)
        guard status == SQLITE_OK, let opened else {
            let failure = SQLiteFailure(code: status, message: opened.map { String(cString: sqlite3_errmsg($0)) } ?? "open", sql: nil)
            sqlite3_close_v2(opened)
            throw failure
        }
        handle = opened
        sqlite3_extended_result_codes(opened, 1)
        // No busy wait inside SQLite: it would put a thread of the shared
        // pool to sleep while another process holds the lock. The caller
        // waits without a thread instead (`SQLiteDatabase.execute`).
        sqlite3_busy_timeout(opened, 0)
        do {
            // WAL is a property of the file: when another process is switching
            // it at this very moment, it will be WAL anyway.
            try? run("PRAGMA journal_mode = WAL")
            try run("PRAGMA synchronous = NORMAL")
            try run("PRAGMA foreign_keys = ON")
        } catch {
            close()
            closed = false
            throw error
        }
        return opened
    }

    private var heldSince = ContinuousClock.now

    /// Called by whoever takes the connection.
    func taken() { heldSince = ContinuousClock.now }

    /// True once per couple of milliseconds that one holder keeps running
    /// statements (a request's few statements never get there).
    func shouldYield() -> Bool {
        let now = ContinuousClock.now
        guard now - heldSince > .milliseconds(2) else { return false }
        heldSince = now
        return true
    }

    /// True outside an explicit transaction: a statement refused as busy
    /// then changed nothing and may simply be run again.
    var isAutocommit: Bool { handle.map { sqlite3_get_autocommit($0) != 0 } ?? true }

    /// Runs one statement, calling `onRow` for each row it yields.
    func run(_ sql: String, _ binds: [SQLValue] = [], onRow: (SQLValueRow) -> Void = { _ in }) throws {
        let prepared = try prepare(sql)
        let statement = prepared.statement
        defer {
            sqlite3_reset(statement)
            sqlite3_clear_bindings(statement)
        }
        for (offset, value) in binds.enumerated() {
            try check(value.bind(to: statement, at: Int32(offset + 1)), sql)
        }
        while true {
            let status = sqlite3_step(statement)
            if status == SQLITE_DONE { return }
            guard status == SQLITE_ROW else { throw failure(status, sql) }
            var values: [SQLValue] = []
            values.reserveCapacity(prepared.columns.count)
            for column in 0..<Int32(prepared.columns.count) {
                values.append(SQLValue(statement, column: column))
            }
            onRow(SQLValueRow(columns: prepared.columns, values: values))
        }
    }

    private func prepare(_ sql: String) throws -> Prepared {
        if let prepared = statements[sql] { return prepared }
        let handle = try open()
        var statement: OpaquePointer?
        var tail: UnsafePointer<CChar>?
        let status = sql.withCString { sqlite3_prepare_v3(handle, $0, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, &tail) }
        guard status == SQLITE_OK, let statement else { throw failure(status, sql) }
        // One statement per call: a second one would silently not run.
        if let tail, !String(cString: tail).allSatisfy(\.isWhitespace) {
            sqlite3_finalize(statement)
            throw SQLiteFailure(code: SQLITE_MISUSE, message: "more than one statement", sql: sql)
        }
        let columns = (0..<sqlite3_column_count(statement)).map { String(cString: sqlite3_column_name(statement, $0)) }
        if statements.count >= cacheLimit { finalizeAll() }
        let prepared = Prepared(statement: statement, columns: columns)
        statements[sql] = prepared
        return prepared
    }

    private func check(_ status: Int32, _ sql: String) throws {
        if status != SQLITE_OK { throw failure(status, sql) }
    }

    private func failure(_ status: Int32, _ sql: String) -> SQLiteFailure {
        SQLiteFailure(code: status, message: handle.map { String(cString: sqlite3_errmsg($0)) } ?? "closed", sql: sql)
    }

    private func finalizeAll() {
        for prepared in statements.values { sqlite3_finalize(prepared.statement) }
        statements.removeAll()
    }

    func close() {
        finalizeAll()
        if let handle { sqlite3_close_v2(handle) }
        handle = nil
        closed = true
    }

    deinit { close() }
}

/// A refusal from SQLite: its (extended) result code and message.
public struct SQLiteFailure: Error, CustomStringConvertible {
    public let code: Int32
    public let message: String
    let sql: String?

    /// Another connection holds the lock past the busy timeout.
    var isBusy: Bool { code & 0xFF == SQLITE_BUSY || code & 0xFF == SQLITE_LOCKED }
    /// The disk (or the quota) is full.
    var isFull: Bool { code & 0xFF == SQLITE_FULL }

    public var description: String { "SQLite error \(code): \(message)" + (sql.map { " in \($0.prefix(120))" } ?? "") }
}
