import Accounts
import Foundation
import Storage
import Primitives

/// Real databases for tests: a fresh SQLite file, or a fresh database on
/// the PostgreSQL server that `scripts/test` starts. A missing server is a
/// failure with a clear message, never a silent skip.
public enum TestDatabases {
    public enum Failure: Error, CustomStringConvertible {
        case noPostgres
        public var description: String {
            "SESAME_TEST_POSTGRES_URL is not set. Run the tests with ./scripts/test, which starts a PostgreSQL server, or point the variable at one (postgres://user@127.0.0.1:PORT/postgres?sslmode=disable)."
        }
    }

    public static let engines: [Database.Engine] = [.sqlite, .postgres]

    public static func sqliteURL() -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sesame-tests-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return "sqlite:" + directory.appendingPathComponent("sesame.sqlite3").path
    }

    /// Creates an empty database on the test server and returns its URL.
    public static func postgresURL() async throws -> String {
        guard let admin = ProcessInfo.processInfo.environment["SESAME_TEST_POSTGRES_URL"], !admin.isEmpty else {
            throw Failure.noPostgres
        }
        let name = "t_" + Hex.encode(SecureRandom.bytes(8))
        let database = try Database.open(url: admin)
        do {
            try await database.run { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
        } catch {
            await database.shutdown()
            throw error
        }
        await database.shutdown()
        return replacingDatabase(in: admin, with: name)
    }

    public static func url(for engine: Database.Engine) async throws -> String {
        engine == .sqlite ? sqliteURL() : try await postgresURL()
    }

    /// A migrated, empty store on that engine.
    public static func store(_ engine: Database.Engine) async throws -> SQLStore {
        try await SQLStore.open(url: try await url(for: engine))
    }

    static func replacingDatabase(in url: String, with name: String) -> String {
        guard var components = URLComponents(string: url) else { return url }
        components.path = "/" + name
        return components.string ?? url
    }
}
