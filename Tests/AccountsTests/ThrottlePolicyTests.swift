import Testing
@testable import Accounts

@Suite struct ThrottlePolicyTests {
    @Test func delaysGrowAfterTheFreeFailuresAndAreCapped() {
        let p = ThrottlePolicy.identifier
        #expect((0...3).map(p.delay(afterFailures:)) == [0, 0, 0, 0])
        #expect(p.delay(afterFailures: 4) == 2)
        #expect(p.delay(afterFailures: 5) == 4)
        #expect(p.delay(afterFailures: 6) == 8)
        #expect(p.delay(afterFailures: 40) == 15 * 60)
        #expect(p.delay(afterFailures: 10_000) == 15 * 60, "never a permanent lock")
    }

    @Test func addressesAreMoreLenientThanIdentifiers() {
        #expect(ThrottlePolicy.address.freeFailures > ThrottlePolicy.identifier.freeFailures)
        #expect(ThrottlePolicy.address.delay(afterFailures: 10) == 0)
    }

    @Test func refusalMessagesAreFrenchAndRevealNothing() {
        let message = LoginService.Refusal.invalidCredentials.userMessage
        #expect(message.contains("Identifiant ou mot de passe incorrect"))
        #expect(LoginService.Refusal.throttled(retryAfter: 1).userMessage.contains("1 seconde"))
        #expect(LoginService.Refusal.throttled(retryAfter: 30).userMessage.contains("30 secondes"))
        #expect(LoginService.Refusal.throttled(retryAfter: 61).userMessage.contains("2 minutes"))
    }
}
