import FranceConnect
import Foundation
import JWTKit
import SesameTestSupport
import Testing

@Suite struct DemoProviderTests {
    func makeParty(auth: TokenEndpointAuth = .clientSecretPost) async throws -> (DemoProvider, RelyingParty) {
        let provider = await DemoProvider(
            baseURL: "http://localhost:8080/demo-fc/", clientID: Fixtures.clientID, clientSecret: Fixtures.clientSecret)
        let transport = DemoTransport(provider: provider)
        let metadata = try await RelyingParty.discover(
            issuer: "http://localhost:8080/demo-fc", transport: transport, allowInsecureLoopback: true)
        let party = RelyingParty(settings: try Fixtures.settings(auth: auth), metadata: metadata, transport: transport)
        return (provider, party)
    }

    @Test(arguments: [TokenEndpointAuth.clientSecretPost, .clientSecretBasic])
    func demoLoginVerifies(auth: TokenEndpointAuth) async throws {
        let (provider, party) = try await makeParty(auth: auth)
        let request = party.makeAuthorizationRequest()
        let redirect = try await provider.authorize(
            identityID: "demo-lan-nguyen", clientID: Fixtures.clientID, redirectURI: Fixtures.redirectURI,
            state: request.pending.state, nonce: request.pending.nonce)
        let query = String(redirect.split(separator: "?", maxSplits: 1)[1])
        let result = try await party.completeLogin(callbackQuery: query, pending: request.pending)
        #expect(result.identity.subject == "demo-lan-nguyen")
        #expect(result.identity.familyName == "NGUYEN")
        #expect(result.identity.preferredUsername == "LEFEBVRE")
        #expect(result.identity.birthcountry == "99243")
        #expect(result.identity.birthdate == CalendarDate(year: 1990, month: 7, day: 25))
        #expect(result.identity.acr == "eidas1")
    }

    @Test func demoCodesAreSingleUse() async throws {
        let (provider, party) = try await makeParty()
        let redirect = try await provider.authorize(
            identityID: "demo-karim-benali", clientID: Fixtures.clientID, redirectURI: Fixtures.redirectURI,
            state: "s", nonce: "n")
        let code = try AuthorizationCallback(query: String(redirect.split(separator: "?")[1]), expectedState: "s").code
        _ = try await party.exchangeCode(code)
        // A reused code is a stale link for the person, not a provider down.
        await #expect(throws: FranceConnectError.invalidGrant("invalid_grant")) {
            _ = try await party.exchangeCode(code)
        }
    }

    @Test func demoRefusesWrongClientSecret() async throws {
        let provider = await DemoProvider(baseURL: "http://localhost:8080/demo-fc", clientID: "c", clientSecret: "right")
        let reply = try await provider.token(
            formBody: "grant_type=authorization_code&code=x&client_id=c&client_secret=wrong", authorization: nil)
        #expect(reply.status == 401)
    }

    @Test func demoIDTokenVerifiesAndNonceIsChecked() async throws {
        let (provider, party) = try await makeParty()
        let redirect = try await provider.authorize(
            identityID: "demo-camille-martin", clientID: Fixtures.clientID, redirectURI: Fixtures.redirectURI,
            state: "s", nonce: "expected-nonce")
        let code = try AuthorizationCallback(query: String(redirect.split(separator: "?")[1]), expectedState: "s").code
        let tokens = try await party.exchangeCode(code)
        let keys = try ProviderKeySet(jwksDocument: provider.jwksDocument())
        let verifier = IDTokenVerifier(settings: party.settings, metadata: party.metadata, keys: keys)
        let verified = try await verifier.verify(tokens.idToken, expectedNonce: "expected-nonce")
        #expect(verified.claims.givenName == "Camille Hélène")
        #expect(verified.claims.gender == .female)
        await #expect(throws: FranceConnectError.nonceMismatch) {
            _ = try await verifier.verify(tokens.idToken, expectedNonce: "another-nonce")
        }
        // Two minutes later (60 s lifetime + 60 s skew) the same token is expired.
        await #expect(throws: FranceConnectError.tokenExpired) {
            _ = try await verifier.verify(tokens.idToken, expectedNonce: "expected-nonce", now: Date().addingTimeInterval(121))
        }
    }

    @Test func demoTokensFailUnderAnotherProvidersKeys() async throws {
        let (provider, party) = try await makeParty()
        let other = await DemoProvider(baseURL: provider.issuer, clientID: Fixtures.clientID, clientSecret: "x")
        let redirect = try await provider.authorize(
            identityID: "demo-camille-martin", clientID: Fixtures.clientID, redirectURI: Fixtures.redirectURI,
            state: "s", nonce: "n")
        let code = try AuthorizationCallback(query: String(redirect.split(separator: "?")[1]), expectedState: "s").code
        let tokens = try await party.exchangeCode(code)
        let verifier = IDTokenVerifier(
            settings: party.settings, metadata: party.metadata, keys: try ProviderKeySet(jwksDocument: other.jwksDocument()))
        await #expect(throws: FranceConnectError.badSignature) {
            _ = try await verifier.verify(tokens.idToken, expectedNonce: "n")
        }
    }
}
