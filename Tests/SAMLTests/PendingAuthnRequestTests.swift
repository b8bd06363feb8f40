import Foundation
import Testing
@testable import SAML

/// The request the web layer parks while the person logs in.
@Suite struct PendingAuthnRequestTests {
    func received(_ extra: String = "") throws -> AuthnRequest {
        try Fixture.idp().receiveAuthnRequest(Fixture.post(Fixture.authnRequestXML(extraAttributes: extra)), lookup: Fixture.lookup, now: Fixture.now)
    }

    @Test func parkedAndReadBackItAnswersTheSameRecipient() throws {
        let request = try received()
        let pending = PendingAuthnRequest(request, at: Fixture.now)
        let again = try JSONDecoder().decode(PendingAuthnRequest.self, from: try JSONEncoder().encode(pending))
        #expect(again == pending)
        #expect(again.recipient == ResponseRecipient(request: request))
    }

    /// Threat: a session opened before a ForceAuthn request answers it without a new login.
    @Test func forceAuthnIsAnsweredOnlyByALoginAfterTheRequest() throws {
        let pending = PendingAuthnRequest(try received(#" ForceAuthn="true""#), at: Fixture.now)
        #expect(pending.forceAuthn)
        #expect(!pending.isAnswered(bySessionStartedAt: Fixture.now - 1))
        #expect(pending.isAnswered(bySessionStartedAt: Fixture.now))
        #expect(PendingAuthnRequest(try received(), at: Fixture.now).isAnswered(bySessionStartedAt: Fixture.now - 3600))
    }

    @Test func unsolicitedHasNoInResponseTo() throws {
        let recipient = try ResponseRecipient.unsolicited(sp: Fixture.sp())
        let pending = PendingAuthnRequest(unsolicited: recipient, at: Fixture.now)
        #expect(pending.requestID == nil && pending.recipient == recipient && !pending.forceAuthn)
    }
}
