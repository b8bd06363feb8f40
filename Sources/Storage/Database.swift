import AsyncKit
import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit
import Synchronization

/// One SQL database, SQLite or PostgreSQL, behind SQLKit: the same queries
/// run on both. Work goes through `run` (one pooled connection) or
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
        let pool = EventLoopGroupConnectionPool(source: SQLiteSource(path: path),
                                                maxConnectionsPerEventLoop: SQLiteSource.connectionsPerLoop, logger: logger, on: group)
        return Database(engine: .sqlite, runner: PoolRunner(pool: pool) { $0.sql(queryLogLevel: nil) })
    }

    public func run<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await runner.withConnection(body)
    }

    /// Runs `body` in one transaction. SQLite takes the write lock at once
    /// (BEGIN IMMEDIATE) so two writers wait instead of failing midway.
    public func transaction<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let begin = engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN"
        return try await runner.withConnection { db in
            try await db.raw(SQLQueryString(begin)).run()
            do {
                let result = try await body(db)
                try await db.raw("COMMIT").run()
                return result
            } catch {
                try? await db.raw("ROLLBACK").run()
                throw error
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
            connection.eventLoop.makeFutureWithTask { try await body(makeSQL(connection)) }
        }.get()
    }

    func shutdown() async throws { try await pool.shutdownAsync() }
    func shutdownInBackground() { pool.shutdownGracefully { _ in } }
}

extension EventLoopGroupConnectionPool: @retroactive @unchecked Sendable {}

/// SQLite connections with write-ahead logging (readers never block the
/// writer), a busy timeout so concurrent writers wait, and foreign keys on.
struct SQLiteSource: ConnectionPoolSource {
    let path: String

    /// SQLite calls block a thread, including while a writer waits for the
    /// lock (busy timeout). With more threads than pooled connections, the
    /// transaction holding the lock always has a thread to finish on.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 2 * connectionsPerLoop * System.coreCount)
        pool.start()
        return pool
    }()
    static let connectionsPerLoop = 4

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        SQLiteConnection.open(storage: .file(path: path), threadPool: Self.threads, logger: logger, on: eventLoop)
            .flatMap { conn in
                conn.query("PRAGMA busy_timeout = 10000")
                    .flatMap { _ in conn.query("PRAGMA journal_mode = WAL") }
                    .flatMap { _ in conn.query("PRAGMA synchronous = NORMAL") }
                    .flatMap { _ in conn.query("PRAGMA foreign_keys = ON") }
                    .map { _ in conn }
            }
    }
}
