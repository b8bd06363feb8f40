import Foundation
import Logging
import NIOCore
import NIOSSL
import PostgresNIO
import SQLKit
import Synchronization

/// The stores' SQLKit queries on postgres-nio's own async pool
/// (`PostgresClient`): binds go straight into postgres-nio's bindings and
/// rows are read by position into plain values, with no per-column decoder
/// and no hop from a future to a task per statement.
final class PostgresRunner: ConnectionRunner {
    private let client: PostgresClient
    private let running: Task<Void, Never>
    private let logger: Logger

    init(url: String, logger: Logger) throws {
        var configuration = try Self.configuration(url: url)
        // Two connections per core: enough to keep the server's cores busy
        // while others wait on the network, few enough not to thrash it.
        configuration.options.maximumConnections = max(4, 2 * ProcessInfo.processInfo.activeProcessorCount)
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        self.client = client
        self.logger = logger
        running = Task { await client.run() }
    }

    /// How long a request waits for a connection. postgres-nio's pool keeps
    /// a request waiting while it retries a server that is down; past this,
    /// the request fails (a 503 page) instead of hanging.
    static let leaseTimeout = Duration.seconds(10)

    func withConnection<T: Sendable>(_ body: @escaping @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let logger = logger, client = client
        let leased = LeaseFlag()
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                try await client.withConnection { connection in
                    leased.set()
                    return try await body(PostgresSession(connection: connection, logger: logger))
                }
            }
            // Only the wait for a connection is bounded, never the work done with it.
            group.addTask {
                try? await Task.sleep(for: Self.leaseTimeout)
                if !leased.isSet { throw DatabaseUnavailable() }
                return nil
            }
            while let result = try await group.next() {
                if let value = result {
                    group.cancelAll()
                    return value
                }
            }
            throw DatabaseUnavailable()
        }
    }

    func shutdown() async throws {
        running.cancel()
        await running.value
    }

    func shutdownInBackground() { running.cancel() }

    /// `postgres://user:password@host:port/database?sslmode=disable|prefer|require`.
    static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let parts = URLComponents(string: url), let host = parts.host, !host.isEmpty,
              let user = parts.percentEncodedUser.flatMap({ $0.removingPercentEncoding }), !user.isEmpty else {
            throw Database.OpenError.unsupportedURL(url)
        }
        let password = parts.percentEncodedPassword.flatMap { $0.removingPercentEncoding }
        let path = parts.path.hasPrefix("/") ? String(parts.path.dropFirst()) : parts.path
        let mode = parts.queryItems?.first { $0.name == "sslmode" || $0.name == "tlsmode" }?.value ?? "prefer"
        let tls: PostgresClient.Configuration.TLS
        switch mode {
        case "disable": tls = .disable
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: tls = .prefer(.makeClientConfiguration())
        }
        return PostgresClient.Configuration(host: host, port: parts.port ?? 5432, username: user, password: password,
                                            database: path.isEmpty ? nil : path, tls: tls)
    }
}

/// Set once a request holds a connection.
private final class LeaseFlag: Sendable {
    private let state = Mutex(false)
    func set() { state.withLock { $0 = true } }
    var isSet: Bool { state.withLock { $0 } }
}

/// No connection to PostgreSQL within `PostgresRunner.leaseTimeout`.
struct DatabaseUnavailable: Error, CustomStringConvertible {
    var description: String { "PostgreSQL: no connection within \(PostgresRunner.leaseTimeout)" }
}

/// One leased connection, as SQLKit's stores see it.
struct PostgresSession: SQLDatabase {
    let connection: PostgresConnection
    let logger: Logger
    var eventLoop: any EventLoop { connection.eventLoop }
    var version: (any SQLDatabaseReportedVersion)? { nil }
    var dialect: any SQLDialect { PostgresSyntax() }
    var queryLogLevel: Logger.Level? { nil }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) async throws {
        var serializer = SQLSerializer(database: self)
        query.serialize(to: &serializer)
        var bindings = PostgresBindings(capacity: serializer.binds.count)
        for bind in serializer.binds { try SQLValue(bind: bind).append(to: &bindings) }
        let rows = try await connection.query(PostgresQuery(unsafeSQL: serializer.sql, binds: bindings), logger: logger)
        var columns: [String]?
        for try await row in rows {
            var values: [SQLValue] = []
            var names: [String] = []
            for cell in row {
                values.append(try SQLValue(cell: cell))
                if columns == nil { names.append(cell.columnName) }
            }
            if columns == nil { columns = names }
            onRow(SQLValueRow(columns: columns ?? names, values: values))
        }
    }

    func execute(sql query: any SQLExpression, _ onRow: @escaping @Sendable (any SQLRow) -> ()) -> EventLoopFuture<Void> {
        eventLoop.makeFutureWithTask { try await self.execute(sql: query, onRow) }
    }
}

/// PostgreSQL's spelling of what SQLKit serializes: `$n` placeholders.
struct PostgresSyntax: SQLDialect {
    var name: String { "postgresql" }
    var identifierQuote: any SQLExpression { SQLRaw("\"") }
    var literalStringQuote: any SQLExpression { SQLRaw("'") }
    func bindPlaceholder(at position: Int) -> any SQLExpression { SQLRaw("$\(position)") }
    func literalBoolean(_ value: Bool) -> any SQLExpression { SQLRaw(value ? "true" : "false") }
    var literalDefault: any SQLExpression { SQLRaw("DEFAULT") }
    var supportsAutoIncrement: Bool { false }
    var autoIncrementClause: any SQLExpression { SQLRaw("GENERATED BY DEFAULT AS IDENTITY") }
    var upsertSyntax: SQLUpsertSyntax { .standard }
    var supportsReturning: Bool { true }
}

extension SQLValue {
    /// A cell of the types the schema uses (integers, text; booleans and
    /// reals from expressions), read as SQLite would hand it back.
    init(cell: PostgresCell) throws {
        guard cell.bytes != nil else {
            self = .null
            return
        }
        switch cell.dataType {
        case .int2, .int4, .int8: self = .integer(try cell.decode(Int64.self))
        case .bool: self = .integer(try cell.decode(Bool.self) ? 1 : 0)
        case .float4, .float8: self = .real(try cell.decode(Double.self))
        case .bytea: self = .blob(Array(buffer: try cell.decode(ByteBuffer.self)))
        default: self = .text(try cell.decode(String.self))
        }
    }

    func append(to bindings: inout PostgresBindings) {
        switch self {
        case .null: bindings.appendNull()
        case .integer(let value): bindings.append(value)
        case .real(let value): bindings.append(value)
        case .text(let value): bindings.append(value)
        case .blob(let value): bindings.append(ByteBuffer(bytes: value))
        }
    }
}
