import Accounts
import Foundation
import SesameTestSupport
import Storage
import Testing

@Suite struct TicketStoreTests {
    func ticket(_ id: String, account: Int64, expires: Date, session: String? = "s1") -> StoredTicket {
        StoredTicket(id: id, service: "https://ent.example.org/", accountID: account, sessionKey: session, fromNewLogin: true,
                     proxies: ["https://p2.example.org/cb", "https://p1.example.org/cb"], grantingTicket: nil,
                     issuedAt: expires - 10, expiresAt: expires)
    }

    @Test(arguments: TestDatabases.engines)
    func aTicketIsUsedOnceAndNotAfterItsExpiry(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let account = try await store.createAccount(NewAccount(role: .pupil, state: .active, familyName: "A", firstName: "B"))
        let now = Date()
        try await store.saveTicket(ticket("ST-1", account: account.id, expires: now + 10))
        try await store.saveTicket(ticket("ST-2", account: account.id, expires: now - 1))
        try await store.saveTicket(ticket("ST-3", account: account.id, expires: now + 10))
        // Redeeming also names the holder, as the account is now.
        let first = try await store.redeemTicket("ST-1")
        #expect(first?.ticket.proxies == ["https://p2.example.org/cb", "https://p1.example.org/cb"])
        #expect(first?.ticket.fromNewLogin == true)
        #expect(first?.holderIdentifier == account.identifier)
        #expect(first?.holderState == .active)
        #expect(try await store.consumeTicket("ST-1") == nil)
        // Storage hands back what it held, expired or not: the CAS rules judge expiry.
        #expect(try await store.consumeTicket("ST-2").map { abs($0.expiresAt.timeIntervalSince(now - 1)) < 0.01 } == true)
        #expect(try await store.consumeTicket("ST-2") == nil, "consumed even when expired")
        #expect(try await store.consumeTicket("ST-unknown") == nil)
        try await store.setState(.disabled, forAccount: account.id)
        #expect(try await store.redeemTicket("ST-3")?.holderState == .disabled)
        await store.database.shutdown()
    }

    /// Two processes validating the same ticket at once: one wins.
    @Test(arguments: TestDatabases.engines)
    func concurrentValidationsYieldOneWinner(_ engine: Database.Engine) async throws {
        let url = try await TestDatabases.url(for: engine)
        let one = try await SQLStore.open(url: url), two = try await SQLStore.open(url: url)
        let account = try await one.createAccount(NewAccount(role: .pupil, state: .active, familyName: "A", firstName: "B"))
        let now = Date()
        for i in 0..<20 { try await one.saveTicket(ticket("ST-\(i)", account: account.id, expires: now + 10)) }
        let wins = try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<20 {
                for store in [one, two] {
                    group.addTask { try await store.consumeTicket("ST-\(i)") == nil ? 0 : 1 }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(wins == 20)
        await one.database.shutdown(); await two.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func grantingTicketsAreReusableAndEndWithTheirSession(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let account = try await store.createAccount(NewAccount(role: .pupil, state: .active, familyName: "A", firstName: "B"))
        let now = Date()
        try await store.saveTicket(ticket("PGT-1", account: account.id, expires: now + 3600, session: "s9"))
        #expect(try await store.ticket("PGT-1", now: now)?.id == "PGT-1")
        #expect(try await store.ticket("PGT-1", now: now)?.id == "PGT-1")
        try await store.recordParticipant(SessionParticipant(kind: .cas, service: "https://a.example.org/", reference: "ST-a"), sessionKey: "s9", now: now)
        try await store.recordParticipant(SessionParticipant(kind: .saml, service: "https://b.example.org/sp", reference: "{}"), sessionKey: "s9", now: now + 1)
        #expect(try await store.participants(sessionKey: "s9") == [SessionParticipant(kind: .cas, service: "https://a.example.org/", reference: "ST-a"),
                                                                  SessionParticipant(kind: .saml, service: "https://b.example.org/sp", reference: "{}")])
        try await store.deleteTickets(ofSession: "s9")
        #expect(try await store.ticket("PGT-1", now: now) == nil)
        try await store.deleteSession(key: "s9")
        #expect(try await store.participants(sessionKey: "s9").isEmpty)
        await store.database.shutdown()
    }
}
