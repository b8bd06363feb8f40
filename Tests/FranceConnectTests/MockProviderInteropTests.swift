import FranceConnect
import FranceConnectAsyncHTTPClient
import Foundation
import Testing

/// Full code flow against oidc-provider-mock (authlib-based), an OpenID provider we did not write.
@Suite struct MockProviderInteropTests {
    @Test(arguments: [TokenEndpointAuth.clientSecretPost, .clientSecretBasic])
    func fullCodeFlow(auth: TokenEndpointAuth) async throws {
        let peer = try await Fixtures.mockPeer.value
        let issuer = "http://127.0.0.1:\(peer.port)"
        let transport = Fixtures.transport
        let metadata = try await RelyingParty.discover(issuer: issuer, transport: transport, allowInsecureLoopback: true)
        #expect(metadata.jwksURI == issuer + "/jwks")

        // The mock knows the standard scopes only and sends no acr.
        let settings = try Fixtures.settings(
            scopes: ["openid", "profile", "email"], acrValues: [], requiredACR: nil, auth: auth)
        let party = RelyingParty(settings: settings, metadata: metadata, transport: transport)
        let request = party.makeAuthorizationRequest()

        // The mock's consent page is a form: choosing the user POSTs `sub` to the same URL.
        let page = try await transport.get(request.url, headers: [:], timeout: .seconds(5))
        #expect(page.status == 200)
        let redirect = try await transport.postForm(
            request.url, body: "sub=mock-user-1",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], timeout: .seconds(5))
        let query = try Fixtures.callbackQuery(from: redirect)

        let result = try await party.completeLogin(callbackQuery: query, pending: request.pending)
        #expect(result.identity.subject == "mock-user-1")
        #expect(result.identity.givenName == "Jeanne")
        #expect(result.identity.familyName == "LEROY")
        #expect(result.identity.birthdate == CalendarDate(year: 1975, month: 1, day: 31))
        #expect(result.identity.birthplace == "33063")
        #expect(!result.accessToken.isEmpty)

        let logout = try party.makeEndSessionRequest(idToken: result.idToken.raw)
        #expect(logout.url.hasPrefix(issuer + "/oauth2/end_session?id_token_hint="))
    }

    @Test func cancelAtMockIsUserCancelled() async throws {
        let peer = try await Fixtures.mockPeer.value
        let metadata = try await RelyingParty.discover(
            issuer: "http://127.0.0.1:\(peer.port)", transport: Fixtures.transport, allowInsecureLoopback: true)
        let settings = try Fixtures.settings(scopes: ["openid", "profile"], acrValues: [], requiredACR: nil)
        let party = RelyingParty(settings: settings, metadata: metadata, transport: Fixtures.transport)
        let request = party.makeAuthorizationRequest()
        let redirect = try await Fixtures.transport.postForm(
            request.url, body: "action=deny",
            headers: ["Content-Type": "application/x-www-form-urlencoded"], timeout: .seconds(5))
        let query = try Fixtures.callbackQuery(from: redirect)
        await #expect(throws: FranceConnectError.userCancelled) {
            _ = try await party.completeLogin(callbackQuery: query, pending: request.pending)
        }
    }
}
