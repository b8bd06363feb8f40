import Accounts
import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import Synchronization

/// One SQL database, SQLite or PostgreSQL, behind SQLKit: the same queries
/// run on both (SQLite on its C API, see `SQLiteRunner`). Work goes through `run` (one pooled connection) or
/// `transaction` (one connection, committed before returning).
public final class Database: Sendable {
    public enum Engine: String, Sendable { case sqlite, postgres }

    public enum OpenError: Error, CustomStringConvertible {
        case unsupportedURL(String)
        public var description: String {
            switch self {
            case .unsupportedURL(let url): "unsupported database URL \(url): use postgres://… or a SQLite file path"
            }
        }
    }

    public let engine: Engine
    let runner: any ConnectionRunner
    private let closed = Mutex(false)

    init(engine: Engine, runner: any ConnectionRunner) {
        self.engine = engine; self.runner = runner
    }

    /// A database dropped without `shutdown()` still closes its connections.
    deinit {
        if !closed.withLock({ $0 }) { runner.shutdownInBackground() }
    }

    /// Opens `postgres://…`/`postgresql://…`, `sqlite:PATH` or a plain file path.
    public static func open(url: String, logger: Logger = Logger(label: "sesame.db")) throws -> Database {
        let group = MultiThreadedEventLoopGroup.singleton
        if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            let config = try SQLPostgresConfiguration(url: url)
            let pool = EventLoopGroupConnectionPool(source: PostgresConnectionSource(sqlConfiguration: config),
                                                    maxConnectionsPerEventLoop: 4, logger: logger, on: group)
            return Database(engine: .postgres, runner: PoolRunner(pool: pool) { $0.sql(queryLogLevel: nil) })
        }
        var path = url
        if path.hasPrefix("sqlite://") { path.removeFirst("sqlite://".count) }
        else if path.hasPrefix("sqlite:") { path.removeFirst("sqlite:".count) }
        guard !path.isEmpty, !path.contains("://") else { throw OpenError.unsupportedURL(url) }
        return Database(engine: .sqlite, runner: SQLiteRunner(path: path, logger: logger))
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await runner.withConnection(body)
    }

    /// Runs `body` in one transaction. SQLite takes the write lock at once
    /// (BEGIN IMMEDIATE) so two writers wait instead of failing midway.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        guard engine == .sqlite else { return try await once(body, begin: "BEGIN") }
        // Another process may hold the file's write lock past the busy
        // timeout; nothing was committed, so the whole transaction is retried.
        for attempt in 1... {
            do { return try await once(body, begin: "BEGIN IMMEDIATE") } catch let error as SQLiteFailure where attempt < 4 && error.isBusy {
                try await Task.sleep(for: .milliseconds(50 * attempt))
            }
        }
        fatalError("unreachable")
    }

    private func once<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T, begin: String) async throws -> T {
        try await runner.withConnection { db in
            try await db.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                // Said in the stores' own words, so callers need not know the engine.
                throw Self.isDiskFull(error) ? StoreFailure.diskFull : error
            }
        }
    }

    public func shutdown() async {
        let first = closed.withLock { wasClosed in
            defer { wasClosed = true }
            return !wasClosed
        }
        if first { try? await runner.shutdown() }
    }
}

protocol ConnectionRunner: Sendable {
    func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T
    func shutdown() async throws
    func shutdownInBackground()
}

struct PoolRunner<Source: ConnectionPoolSource>: ConnectionRunner {
    let pool: EventLoopGroupConnectionPool<Source>
    let makeSQL: @Sendable (Source.Connection) -> any SQLDatabase

    func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await pool.withConnection { connection in
            // Made here, so that the task captures only Sendable values.
            let database = makeSQL(connection)
            return connection.eventLoop.makeFutureWithTask { try await body(database) }
        }.get()
    }

    func shutdown() async throws {
        try await pool.shutdownAsync()
    }

    func shutdownInBackground() {
        pool.shutdownGracefully { _ in }
    }
}

extension EventLoopGroupConnectionPool: @retroactive @unchecked Sendable {}

extension Database {
    /// A write refused for lack of disk space (SQLite's SQLITE_FULL,
    /// PostgreSQL's disk_full 53100): the transaction was rolled back whole.
    public static func isDiskFull(_ error: any Error) -> Bool {
        if let sqlite = error as? SQLiteFailure, sqlite.isFull { return true }
        if let postgres = error as? PSQLError, postgres.serverInfo?[.sqlState] == "53100" { return true }
        return false
    }
}
