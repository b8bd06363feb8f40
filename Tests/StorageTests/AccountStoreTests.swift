import Accounts
import Foundation
import SesameTestSupport
import Storage
import Testing

@Suite struct AccountStoreTests {
    @Test(arguments: TestDatabases.engines)
    func identifiersFollowTheFormatAndCountUp(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let a = try await store.createAccount(NewAccount(role: .guardian, familyName: "Dupont", firstName: "Pierre"))
        let b = try await store.createAccount(NewAccount(role: .guardian, familyName: "Du Pont", firstName: "Paul"))
        let c = try await store.createAccount(NewAccount(role: .pupil, familyName: "Lefèvre", firstName: "Élodie"))
        #expect([a.identifier, b.identifier, c.identifier] == ["p.dupont10", "p.dupont11", "e.lefevre10"])
        #expect(a.state == .created)
        #expect(try await store.account(identifier: "p.dupont11")?.firstName == "Paul")
        #expect(try await store.account(id: c.id)?.identifier == "e.lefevre10")
        await store.database.shutdown()
    }

    /// Two processes creating accounts for the same name at once never
    /// produce the same identifier: two pools on one database stand for them.
    @Test(arguments: TestDatabases.engines)
    func identifiersStayUniqueUnderConcurrency(_ engine: Database.Engine) async throws {
        let url = try await TestDatabases.url(for: engine)
        let one = try await SQLStore.open(url: url), two = try await SQLStore.open(url: url)
        let identifiers = try await withThrowingTaskGroup(of: String.self) { group in
            for i in 0..<40 {
                let store = i.isMultiple(of: 2) ? one : two
                group.addTask { try await store.createAccount(NewAccount(role: .guardian, familyName: "Martin", firstName: "Marie")).identifier }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(identifiers.count == 40)
        #expect(Set(identifiers).count == 40)
        #expect(Set(identifiers) == Set((0..<40).map { "m.martin\(10 + $0)" }))
        await one.database.shutdown(); await two.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func anIssuedIdentifierIsNeverGivenAgain(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let first = try await store.createAccount(NewAccount(role: .pupil, familyName: "Roux", firstName: "Manon"))
        // Even if the account row disappears, the identifier stays taken.
        try await store.database.run { db in
            try await db.raw("DELETE FROM accounts WHERE id = \(bind: first.id)").run()
        }
        let second = try await store.createAccount(NewAccount(role: .pupil, familyName: "Roux", firstName: "Mathis"))
        #expect(first.identifier == "m.roux10")
        #expect(second.identifier == "m.roux11")
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func passwordStateAndLoginAreStored(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let account = try await store.createAccount(NewAccount(role: .pupil, familyName: "Petit", firstName: "Louis"))
        let until = Date(timeIntervalSince1970: 1_900_000_000)
        try await store.setPasswordHash("$scrypt$x", provisionalUntil: until, state: .notified, forAccount: account.id)
        var saved = try #require(try await store.account(id: account.id))
        #expect(saved.passwordHash == "$scrypt$x")
        #expect(saved.provisionalUntil == until)
        #expect(saved.state == .notified)
        let when = Date(timeIntervalSince1970: 1_800_000_000.123)
        try await store.recordLogin(accountID: account.id, at: when)
        saved = try #require(try await store.account(id: account.id))
        #expect(abs(saved.lastLoginAt!.timeIntervalSince(when)) < 0.001)
        #expect(try await store.accounts(matching: AccountFilter(state: .notified)).map(\.id) == [account.id])
        #expect(try await store.accounts(matching: AccountFilter(role: .guardian)).isEmpty)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func disablingClosesEverySession(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let account = try await store.createAccount(NewAccount(role: .pupil, state: .active, familyName: "Robin", firstName: "Mila"))
        let now = Date()
        try await store.createSession(Session(accountID: account.id, createdAt: now, expiresAt: now + 60, method: "password"), key: "k1")
        try await store.setState(.disabled, forAccount: account.id)
        #expect(try await store.session(key: "k1", now: now) == nil)
        #expect(try await store.account(id: account.id)?.state == .disabled)
        await store.database.shutdown()
    }
}
