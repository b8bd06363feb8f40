import FranceConnect
import Foundation
import SesameTestSupport
import Testing

/// Serves a stale JWKS first, then the current one, and counts JWKS fetches.
actor RotatingJWKSTransport: OpenIDTransport {
    let inner: DemoTransport
    let stale: [UInt8]
    private(set) var jwksFetches = 0

    init(inner: DemoTransport, stale: [UInt8]) {
        self.inner = inner
        self.stale = stale
    }

    func get(_ url: String, headers: [String: String], timeout: Duration) async throws -> HTTPReply {
        if url == inner.provider.jwksURI {
            jwksFetches += 1
            if jwksFetches == 1 { return HTTPReply(status: 200, headers: ["content-type": "application/json"], body: stale) }
        }
        return try await inner.get(url, headers: headers, timeout: timeout)
    }

    func postForm(_ url: String, body: String, headers: [String: String], timeout: Duration) async throws -> HTTPReply {
        try await inner.postForm(url, body: body, headers: headers, timeout: timeout)
    }
}

@Suite struct KeyRotationTests {
    @Test func unknownKidTriggersOneJWKSRefetch() async throws {
        let issuer = "http://localhost:8080/demo-fc"
        let provider = await DemoProvider(
            baseURL: issuer, clientID: Fixtures.clientID, clientSecret: Fixtures.clientSecret, keyID: "key-2026")
        let retired = await DemoProvider(
            baseURL: issuer, clientID: Fixtures.clientID, clientSecret: Fixtures.clientSecret, keyID: "key-2025")
        let transport = RotatingJWKSTransport(inner: DemoTransport(provider: provider), stale: retired.jwksDocument())
        let metadata = try await RelyingParty.discover(issuer: issuer, transport: transport, allowInsecureLoopback: true)
        let party = RelyingParty(settings: try Fixtures.settings(), metadata: metadata, transport: transport)

        let request = party.makeAuthorizationRequest()
        let redirect = try await provider.authorize(
            identityID: "demo-karim-benali", clientID: Fixtures.clientID, redirectURI: Fixtures.redirectURI,
            state: request.pending.state, nonce: request.pending.nonce)
        let result = try await party.completeLogin(
            callbackQuery: String(redirect.split(separator: "?")[1]), pending: request.pending)
        #expect(result.identity.subject == "demo-karim-benali")
        // Stale set, then one refetch; the userinfo JWT reuses the refreshed cache.
        #expect(await transport.jwksFetches == 2)
    }
}
