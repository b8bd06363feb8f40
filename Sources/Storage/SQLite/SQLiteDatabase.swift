import CSQLite3
import Logging
import NIOCore
import NIOPosix
import SQLKit
import Synchronization

/// The stores' SQLKit queries on the one SQLite connection of the process.
/// Whoever passed the gate runs statements on its own thread: a statement
/// costs what SQLite costs, with no hand-off to a database thread.
struct SQLiteDatabase: SQLDatabase {
    let connection: SQLiteConnection
    let logger: Logger
    var eventLoop: any EventLoop { MultiThreadedEventLoopGroup.singleton.any() }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { SQLiteSyntax() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        let binds = try serializer.binds.map(SQLValue.init(bind:))
        // Statements run on the shared pool's threads and never suspend: a
        // long transaction (an import) lets other tasks through now and then.
        if connection.shouldYield() { await Task.yield() }
        // Another process holds the write lock: wait for it without holding
        // a thread, as long as SQLite's usual busy timeout would have.
        var deadline: ContinuousClock.Instant?
        var pause = Duration.milliseconds(1)
        while true {
            do {
                return try connection.run(serializer.sql, binds) { onRow($0) }
            } catch let failure as SQLiteFailure where failure.isBusy && connection.isAutocommit {
                // The clock is read only once the file is found busy.
                let until = deadline ?? ContinuousClock.now + Self.busyTimeout
                guard ContinuousClock.now < until else { throw failure }
                deadline = until
                try await Task.sleep(for: pause)
                pause = min(pause * 2, .milliseconds(50))
            }
        }
    }

    static let busyTimeout = Duration.seconds(10)

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }
}

/// SQLite's spelling of what SQLKit serializes: numbered `?` placeholders,
/// double-quoted identifiers.
struct SQLiteSyntax: SQLDialect {
    var name: String { "sqlite" }
    var identifierQuote: any SQLExpression { SQLRaw("\"") }
    var literalStringQuote: any SQLExpression { SQLRaw("'") }
    func bindPlaceholder(at position: Int) -> any SQLExpression { SQLRaw("?\(position)") }
    func literalBoolean(_ value: Bool) -> any SQLExpression { SQLRaw(value ? "1" : "0") }
    var literalDefault: any SQLExpression { SQLLiteral.null }
    var supportsAutoIncrement: Bool { false }
    var autoIncrementClause: any SQLExpression { SQLRaw("AUTOINCREMENT") }
    var upsertSyntax: SQLUpsertSyntax { .standard }
    var supportsReturning: Bool { true }
}

/// Exclusive use of the connection, first come first served, across
/// suspension points (a transaction's body may await between statements).
final class SQLiteGate: Sendable {
    private struct State {
        var held = false
        var waiting: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())

    func enter() async {
        let entered = state.withLock { state in
            if state.held { return false }
            state.held = true
            return true
        }
        if entered { return }
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.held {
                    state.waiting.append(continuation)
                    return false
                }
                state.held = true
                return true
            }
            if now { continuation.resume() }
        }
    }

    /// Hands the connection to the next in line, or frees it.
    func leave() {
        let next = state.withLock { state -> CheckedContinuation<Void, Never>? in
            if state.waiting.isEmpty {
                state.held = false
                return nil
            }
            return state.waiting.removeFirst()
        }
        next?.resume()
    }
}

/// One SQLite connection per process: SQLite takes one writer at a time
/// anyway, and a single connection never waits on a lock held by a sibling.
/// Other processes on the same file wait through the busy timeout;
/// write-ahead logging lets their readers proceed.
final class SQLiteRunner: ConnectionRunner {
    private let connection: SQLiteConnection
    private let database: SQLiteDatabase
    private let gate = SQLiteGate()

    init(path: String, logger: Logger) {
        connection = SQLiteConnection(path: path)
        database = SQLiteDatabase(connection: connection, logger: logger)
    }

    func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        await gate.enter()
        defer { gate.leave() }
        connection.taken()
        return try await body(database)
    }

    func shutdown() async throws {
        await gate.enter()
        connection.close()
        gate.leave()
    }

    func shutdownInBackground() {
        Task { try? await shutdown() }
    }
}
