import FranceConnect
import FranceConnectAsyncHTTPClient
import Foundation
import Testing

/// Against fc_jose_peer.py: tokens made by joserfc (or by hand when deliberately broken),
/// served over real HTTP on loopback.
@Suite struct JosePeerTests {
    /// Discovers the scenario's provider, authorizes (the peer redirects at once) and completes the login.
    func login(
        _ scenario: String, settings: ClientSettings? = nil, timeout: Duration = .seconds(3)
    ) async throws -> LoginResult {
        let peer = try await Fixtures.josePeer.value
        let issuer = "http://127.0.0.1:\(peer.port)/\(scenario)"
        let metadata = try await RelyingParty.discover(
            issuer: issuer, transport: Fixtures.transport, allowInsecureLoopback: true)
        let party = RelyingParty(
            settings: try settings ?? Fixtures.settings(), metadata: metadata, transport: Fixtures.transport,
            timeout: timeout)
        let request = party.makeAuthorizationRequest()
        let redirect = try await Fixtures.transport.get(request.url, headers: [:], timeout: .seconds(5))
        let query = try Fixtures.callbackQuery(from: redirect)
        return try await party.completeLogin(callbackQuery: query, pending: request.pending)
    }

    @Test func es256IDTokenAndSignedUserinfo() async throws {
        let result = try await login("es256", settings: Fixtures.settings(requiredACR: .eidas2))
        #expect(result.identity.subject == "fc-sub-4f2a9c")
        #expect(result.identity.givenName == "Élodie Marie")
        #expect(result.identity.familyName == "DURAND")
        #expect(result.identity.birthdate == CalendarDate(year: 1981, month: 6, day: 23))
        #expect(result.identity.gender == .female)
        #expect(result.identity.birthplace == "75107")
        #expect(result.identity.birthcountry == "99100")
        #expect(result.identity.acr == "eidas2")
    }

    @Test func rs256WithClientSecretBasic() async throws {
        let result = try await login("rs256", settings: Fixtures.settings(auth: .clientSecretBasic))
        #expect(result.identity.email == "elodie.durand@example.fr")
    }

    @Test func hs256VersionOneWithPlainUserinfo() async throws {
        let result = try await login("hs256", settings: Fixtures.settings(algorithms: [.hs256]))
        #expect(result.identity.subject == "fc-sub-4f2a9c")
        #expect(result.identity.birthdate?.description == "1981-06-23")
    }

    struct Hostile: Sendable, CustomTestStringConvertible {
        let scenario: String
        let expected: @Sendable (_ issuer: String) -> FranceConnectError
        var requiredACR: EIDASLevel = .eidas1
        var testDescription: String { scenario }
    }

    static let hostile: [Hostile] = [
        Hostile(scenario: "expired", expected: { _ in .tokenExpired }),
        Hostile(scenario: "wrong_nonce", expected: { _ in .nonceMismatch }),
        Hostile(scenario: "wrong_aud", expected: { _ in .audienceMismatch }),
        Hostile(scenario: "multi_aud", expected: { _ in .authorizedPartyMismatch }),
        Hostile(scenario: "wrong_iss", expected: { .issuerMismatch(expected: $0, actual: "https://evil.example") }),
        Hostile(scenario: "bad_sig", expected: { _ in .badSignature }),
        Hostile(scenario: "alg_none", expected: { _ in .unsignedToken }),
        Hostile(scenario: "alg_confusion", expected: { _ in .algorithmNotAllowed("HS256") }),
        Hostile(scenario: "unknown_kid", expected: { _ in .unknownKeyID("rotated-99") }),
        Hostile(
            scenario: "acr_low", expected: { _ in .acrTooLow(required: "eidas2", actual: "eidas1") },
            requiredACR: .eidas2),
        Hostile(scenario: "userinfo_sub_mismatch", expected: { _ in .subjectMismatch }),
        Hostile(scenario: "state_mismatch", expected: { _ in .stateMismatch }),
        Hostile(scenario: "denied", expected: { _ in .userCancelled }),
    ]

    @Test(arguments: hostile)
    func hostileProviderIsRefused(_ hostile: Hostile) async throws {
        let peer = try await Fixtures.josePeer.value
        let issuer = "http://127.0.0.1:\(peer.port)/\(hostile.scenario)"
        await #expect(throws: hostile.expected(issuer)) {
            _ = try await login(hostile.scenario, settings: Fixtures.settings(requiredACR: hostile.requiredACR))
        }
    }

    @Test func slowProviderTimesOut() async throws {
        let peer = try await Fixtures.josePeer.value
        await #expect(throws: FranceConnectError.timeout(endpoint: "http://127.0.0.1:\(peer.port)/slow/token")) {
            _ = try await login("slow", timeout: .seconds(1))
        }
    }

    @Test func providerDownIsUnreachable() async throws {
        // Nothing listens on port 1 of loopback, so the connection is refused.
        let error = await #expect(throws: FranceConnectError.self) {
            _ = try await RelyingParty.discover(
                issuer: "http://127.0.0.1:1", transport: Fixtures.transport, timeout: .seconds(3),
                allowInsecureLoopback: true)
        }
        guard case .providerUnreachable(let endpoint, _) = error else {
            Issue.record("expected providerUnreachable, got \(String(describing: error))")
            return
        }
        #expect(endpoint == "http://127.0.0.1:1/.well-known/openid-configuration")
        #expect(error?.userMessage == "FranceConnect ne répond pas. Réessayez plus tard ou connectez-vous avec votre identifiant.")
    }

    @Test func discoveryRefusesAnotherIssuer() async throws {
        let peer = try await Fixtures.josePeer.value
        // The es256 document says its issuer is .../es256, not .../rs256's URL we pretend to expect.
        let expected = "http://127.0.0.1:\(peer.port)/es256/"
        await #expect(throws: FranceConnectError.issuerMismatch(expected: expected, actual: String(expected.dropLast()))) {
            _ = try await RelyingParty.discover(issuer: expected, transport: Fixtures.transport, allowInsecureLoopback: true)
        }
    }
}
