import Accounts
import Foundation
import SQLKit

extension SQLStore: EstablishmentChoiceStore {
    public func saveChoice(_ c: EstablishmentChoice, scope: EstablishmentChoice.Scope) async throws {
        try await execute("""
            INSERT INTO establishment_choices (scope, service, service_name, uai, chosen_at)
            VALUES (\(bind: scope.storageKey), \(bind: c.service), \(bind: c.serviceName), \(bind: c.uai), \(bind: c.chosenAt.millis))
            ON CONFLICT (scope, service) DO UPDATE SET service_name = excluded.service_name, uai = excluded.uai, chosen_at = excluded.chosen_at
            """)
    }

    public func choice(service: String, scopes: [EstablishmentChoice.Scope]) async throws -> EstablishmentChoice? {
        guard !scopes.isEmpty else { return nil }
        let keys = scopes.map(\.storageKey)
        let rows = try await all("""
            SELECT scope, service, service_name, uai, chosen_at FROM establishment_choices
            WHERE service = \(bind: service) AND scope IN (\(binds: keys))
            """)
        let found = try Dictionary(rows.map { (try $0.string("scope"), try Self.choice(from: $0)) }, uniquingKeysWith: { a, _ in a })
        return keys.lazy.compactMap { found[$0] }.first
    }

    public func choices(scope: EstablishmentChoice.Scope) async throws -> [EstablishmentChoice] {
        try await all("""
            SELECT service, service_name, uai, chosen_at FROM establishment_choices
            WHERE scope = \(bind: scope.storageKey) ORDER BY service_name, service
            """).map(Self.choice(from:))
    }

    public func forgetChoice(service: String, scope: EstablishmentChoice.Scope) async throws {
        try await execute("DELETE FROM establishment_choices WHERE scope = \(bind: scope.storageKey) AND service = \(bind: service)")
    }

    static func choice(from row: any SQLRow) throws -> EstablishmentChoice {
        EstablishmentChoice(service: try row.string("service"), serviceName: try row.string("service_name"),
                            uai: try row.string("uai"), chosenAt: try row.date("chosen_at"))
    }
}
