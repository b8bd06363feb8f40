import Accounts
import Foundation
import SQLKit

extension SQLStore: AccountStore {
    static let accountColumns = "id, identifier, role, state, family_name, first_name, password_hash, provisional_until, email, email_validated, mobile, franceconnect_sub, created_at, last_login_at"

    public func createAccount(_ new: NewAccount) async throws -> Account {
        let stem = IdentifierFormat.stem(firstName: new.firstName, familyName: new.familyName)
        let now = Date()
        return try await database.transaction { db in
            let identifier = try await Self.reserveIdentifier(stem: stem, now: now, on: db)
            let row = try await db.raw("""
                INSERT INTO accounts (identifier, role, state, family_name, first_name, password_hash, email, mobile, created_at)
                VALUES (\(bind: identifier), \(bind: new.role.rawValue), \(bind: new.state.rawValue), \(bind: new.familyName),
                        \(bind: new.firstName), \(bind: new.passwordHash), \(bind: new.email), \(bind: new.mobile), \(bind: now.millis))
                RETURNING \(unsafeRaw: Self.accountColumns)
                """).first()
            guard let row else { throw StoreError.missingRow("accounts insert") }
            return try Self.account(from: row)
        }
    }

    /// Takes the first free number for the stem. INSERT … ON CONFLICT DO
    /// NOTHING is the arbiter: when another process took the same candidate
    /// first, no row comes back and the next number is tried.
    static func reserveIdentifier(stem: String, now: Date, on db: any SQLDatabase) async throws -> String {
        let taken = Set(try await db.raw("SELECT identifier FROM issued_identifiers WHERE identifier LIKE \(bind: stem + "%")").all()
            .map { try $0.decode(column: "identifier", as: String.self) })
        // 10–99 first; a very common name goes on to three digits and more.
        for attempt in 0..<100_000 {
            let candidate = IdentifierFormat.candidate(stem: stem, attempt: attempt)
            if taken.contains(candidate) { continue }
            let inserted = try await db.raw("""
                INSERT INTO issued_identifiers (identifier, issued_at) VALUES (\(bind: candidate), \(bind: now.millis))
                ON CONFLICT (identifier) DO NOTHING RETURNING identifier
                """).first()
            if inserted != nil { return candidate }
        }
        throw StoreError.identifierSpaceExhausted(stem)
    }

    public func account(identifier: String) async throws -> Account? {
        try await first("SELECT \(unsafeRaw: Self.accountColumns) FROM accounts WHERE identifier = \(bind: identifier)").map(Self.account(from:))
    }

    public func account(id: Int64) async throws -> Account? {
        try await first("SELECT \(unsafeRaw: Self.accountColumns) FROM accounts WHERE id = \(bind: id)").map(Self.account(from:))
    }

    public func accounts(matching filter: AccountFilter) async throws -> [Account] {
        var query: SQLQueryString = "SELECT \(unsafeRaw: Self.accountColumns) FROM accounts WHERE 1 = 1"
        if let role = filter.role { query += " AND role = \(bind: role.rawValue)" }
        if let state = filter.state { query += " AND state = \(bind: state.rawValue)" }
        if let uai = filter.establishment?.value {
            query += " AND (id IN (SELECT account_id FROM pupils WHERE uai = \(bind: uai)) OR id IN (SELECT account_id FROM guardians WHERE uai = \(bind: uai)))"
        }
        query += " ORDER BY identifier LIMIT \(bind: filter.limit)"
        return try await all(query).map(Self.account(from:))
    }

    public func setPasswordHash(_ hash: String, provisionalUntil: Date?, state: AccountState?, forAccount id: Int64) async throws {
        var query: SQLQueryString = "UPDATE accounts SET password_hash = \(bind: hash), provisional_until = \(bind: provisionalUntil?.millis)"
        if let state { query += ", state = \(bind: state.rawValue)" }
        query += " WHERE id = \(bind: id)"
        try await execute(query)
    }

    public func rehashPassword(from old: String, to new: String, forAccount id: Int64) async throws -> Bool {
        try await first("""
            UPDATE accounts SET password_hash = \(bind: new) WHERE id = \(bind: id) AND password_hash = \(bind: old) RETURNING id
            """) != nil
    }

    public func setState(_ state: AccountState, forAccount id: Int64) async throws {
        try await database.transaction { db in
            try await db.raw("UPDATE accounts SET state = \(bind: state.rawValue) WHERE id = \(bind: id)").run()
            // A disabled account keeps no open session anywhere.
            if state == .disabled {
                try await db.raw("DELETE FROM sessions WHERE account_id = \(bind: id)").run()
            }
        }
    }

    public func recordLogin(accountID: Int64, at: Date) async throws {
        try await execute("UPDATE accounts SET last_login_at = \(bind: at.millis) WHERE id = \(bind: accountID)")
    }

    static func account(from row: any SQLRow) throws -> Account {
        Account(id: try row.int64("id"), identifier: try row.string("identifier"),
                role: AccountRole(rawValue: try row.string("role")) ?? .pupil,
                state: AccountState(rawValue: try row.string("state")) ?? .disabled,
                familyName: try row.string("family_name"), firstName: try row.string("first_name"),
                passwordHash: try row.optionalString("password_hash"),
                provisionalUntil: try row.optionalDate("provisional_until"),
                email: try row.optionalString("email"), emailValidated: try row.bool("email_validated"),
                mobile: try row.optionalString("mobile"), franceConnectSubject: try row.optionalString("franceconnect_sub"),
                createdAt: try row.date("created_at"), lastLoginAt: try row.optionalDate("last_login_at"))
    }
}
