import Accounts
import Foundation
import SesameTestSupport
import Storage
import Testing

@Suite struct EstablishmentChoiceStoreTests {
    func choice(_ uai: String, service: String = "saml:https://ent.example.org") -> EstablishmentChoice {
        EstablishmentChoice(service: service, serviceName: "ENT", uai: uai, chosenAt: Date())
    }

    @Test(arguments: TestDatabases.engines)
    func theSessionChoiceWinsOverTheRememberedOneAndEndsWithTheSession(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let account = try await store.createAccount(NewAccount(role: .guardian, state: .active, familyName: "A", firstName: "B"))
        let now = Date()
        try await store.createSession(Session(accountID: account.id, createdAt: now, expiresAt: now + 600, method: "password"), key: "k1")
        let session = EstablishmentChoice.Scope.session(key: "k1"), remembered = EstablishmentChoice.Scope.account(id: account.id)
        let service = "saml:https://ent.example.org"
        #expect(try await store.choice(service: service, scopes: [session, remembered]) == nil)
        try await store.saveChoice(choice("0861002X"), scope: remembered)
        #expect(try await store.choice(service: service, scopes: [session, remembered])?.uai == "0861002X")
        try await store.saveChoice(choice("0861003Y"), scope: session)
        #expect(try await store.choice(service: service, scopes: [session, remembered])?.uai == "0861003Y")
        #expect(try await store.choice(service: "cas:other", scopes: [session, remembered]) == nil)
        // Saving again replaces, never duplicates.
        try await store.saveChoice(choice("0861001W"), scope: remembered)
        #expect(try await store.choices(scope: remembered).map(\.uai) == ["0861001W"])
        try await store.deleteSession(key: "k1")
        #expect(try await store.choice(service: service, scopes: [session, remembered])?.uai == "0861001W")
        try await store.forgetChoice(service: service, scope: remembered)
        #expect(try await store.choices(scope: remembered).isEmpty)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func aTicketKeepsTheEstablishmentEntered(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let account = try await store.createAccount(NewAccount(role: .guardian, state: .active, familyName: "A", firstName: "B"))
        let now = Date()
        try await store.saveTicket(StoredTicket(id: "ST-e", service: "https://ent.example.org/", accountID: account.id, sessionKey: nil,
                                                fromNewLogin: false, establishment: "0861002X", issuedAt: now, expiresAt: now + 10))
        #expect(try await store.consumeTicket("ST-e")?.establishment == "0861002X")
        await store.database.shutdown()
    }
}
