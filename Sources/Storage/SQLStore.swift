import Accounts
import Foundation
import SQLKit

/// The domain's stores on one SQL database (SQLite or PostgreSQL).
/// Each public call is one statement or one transaction, committed before
/// it returns.
public struct SQLStore: Sendable {
    public let database: Database

    public init(database: Database) { self.database = database }

    /// Opens the database and brings its schema up to date.
    public static func open(url: String) async throws -> SQLStore {
        let database = try Database.open(url: url)
        let store = SQLStore(database: database)
        do {
            try await Migrations.run(on: database)
            try await store.fillMobileKeys()
        } catch {
            await database.shutdown()
            throw error
        }
        return store
    }

    func all(_ query: SQLQueryString) async throws -> [any SQLRow] {
        try await database.run { try await $0.raw(query).all() }
    }

    func first(_ query: SQLQueryString) async throws -> (any SQLRow)? {
        try await database.run { try await $0.raw(query).first() }
    }

    func execute(_ query: SQLQueryString) async throws {
        try await database.run { try await $0.raw(query).run() }
    }
}

extension SQLStore: SettingsStore {
    public func setting(_ name: String, orInsert make: @Sendable () -> String) async throws -> String {
        let candidate = make()
        try await execute("INSERT INTO settings (name, value) VALUES (\(bind: name), \(bind: candidate)) ON CONFLICT (name) DO NOTHING")
        guard let row = try await first("SELECT value FROM settings WHERE name = \(bind: name)") else {
            throw StoreError.missingRow("settings.\(name)")
        }
        return try row.decode(column: "value", as: String.self)
    }

    public func existingSetting(_ name: String) async throws -> String? {
        try await first("SELECT value FROM settings WHERE name = \(bind: name)").map { try $0.decode(column: "value", as: String.self) }
    }

    public func removeSetting(_ name: String) async throws {
        try await execute("DELETE FROM settings WHERE name = \(bind: name)")
    }

    public func ping() async throws {
        _ = try await first("SELECT 1 AS one")
    }
}

public enum StoreError: Error, CustomStringConvertible {
    case missingRow(String)
    case identifierSpaceExhausted(String)
    public var description: String {
        switch self {
        case .missingRow(let what): "expected row missing: \(what)"
        case .identifierSpaceExhausted(let stem): "no free identifier left for \(stem)"
        }
    }
}

extension SQLRow {
    func string(_ column: String) throws -> String { try decode(column: column, as: String.self) }
    func optionalString(_ column: String) throws -> String? { try decodeNil(column: column) ? nil : decode(column: column, as: String.self) }
    func int64(_ column: String) throws -> Int64 { try decode(column: column, as: Int64.self) }
    func optionalInt64(_ column: String) throws -> Int64? { try decodeNil(column: column) ? nil : decode(column: column, as: Int64.self) }
    func date(_ column: String) throws -> Date { Date(millis: try int64(column)) }
    func optionalDate(_ column: String) throws -> Date? { try optionalInt64(column).map(Date.init(millis:)) }
    func bool(_ column: String) throws -> Bool { try int64(column) != 0 }
}
