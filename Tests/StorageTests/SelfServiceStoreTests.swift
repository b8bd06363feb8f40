import Accounts
import Foundation
import SesameTestSupport
import Storage
import Testing
import Primitives

@Suite struct SelfServiceStoreTests {
    @Test(arguments: TestDatabases.engines)
    func aCodeAllowsFiveTriesBeforeItsExpiryAndServesOnce(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let secrets = VerificationSecrets(key: Array("k".utf8))
        let now = Date()
        let code = "123456"
        let v = Verification(handle: "h1", purpose: .registration, accountID: nil, secretHash: secrets.hash(code, handle: "h1"),
                             maxAttempts: Verification.codeTries, expiresAt: now + Verification.codeLifetime, payload: "{}")
        try await store.saveVerification(v)
        for attempt in 1...5 {
            let counted = try #require(try await store.attemptVerification(handle: "h1", purpose: .registration, now: now))
            #expect(counted.attempts == attempt)
            #expect(secrets.matches(" 123 456 ", counted) == true)
            #expect(secrets.matches("654321", counted) == false)
        }
        #expect(try await store.attemptVerification(handle: "h1", purpose: .registration, now: now) == nil, "five tries, not six")
        #expect(try await store.attemptVerification(handle: "h1", purpose: .recovery, now: now) == nil, "another purpose")
        #expect(try await store.verification(handle: "h1", purpose: .registration, now: now + Verification.codeLifetime + 1) == nil, "expired")
        try await store.updateVerificationPayload(handle: "h1", payload: #"{"step":2}"#)
        #expect(try await store.verification(handle: "h1", purpose: .registration, now: now)?.payload == #"{"step":2}"#)
        #expect(try await store.consumeVerification(handle: "h1"))
        #expect(try await store.consumeVerification(handle: "h1") == false)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func guardiansAreFoundByTheirMobileInAnySpelling(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let fixture = try await DirectoryFixture.build(in: store)
        for typed in ["06 11 22 33 44", "+33 6 11 22 33 44", "0033611223344", "06.11.22.33.44", "+33 (0)6 11 22 33 44"] {
            let found = try await store.guardians(mobile: try #require(MobileNumber(typed)))
            #expect(found.count == 2, "\(typed)")
            #expect(found.allSatisfy { $0.accountID == fixture.guardian.id })
        }
        #expect(try await store.guardians(mobile: try #require(MobileNumber("0700000000"))).isEmpty)

        try await store.setEmail("Paul.Durand@example.org", validated: true, forAccount: fixture.guardian.id)
        #expect(try await store.accounts(validatedEmail: "paul.durand@EXAMPLE.org").map(\.id) == [fixture.guardian.id])
        try await store.setEmail("paul.durand@example.org", validated: false, forAccount: fixture.guardian.id)
        #expect(try await store.accounts(validatedEmail: "paul.durand@example.org").isEmpty, "only validated addresses")

        let ticket = try await store.openTicket(AssistanceTicket(openedAt: Date(), kind: .notLegalGuardian, accountID: fixture.guardian.id,
                                                                 pupilID: 1, uai: "0861002X", detail: "Léa"))
        #expect(ticket.id > 0)
        #expect(try await store.tickets(openOnly: true).map(\.detail) == ["Léa"])
        await store.database.shutdown()
    }

    @Test func mobileNumbersAreReadInTheUsualFrenchSpellings() {
        #expect(MobileNumber("06 11 22 33 44")?.key == "611223344")
        #expect(MobileNumber("07-11-22-33-44")?.display == "07 11 22 33 44")
        #expect(MobileNumber("0611223344")?.masked == "06 ** ** ** 44")
        for bad in ["01 23 45 67 89", "0611", "06 11 22 33 44 55", "+44 7911 123456", "06a1223344", "", "611223344"] {
            #expect(MobileNumber(bad) == nil, "\(bad)")
        }
    }
}
