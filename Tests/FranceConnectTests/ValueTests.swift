import FranceConnect
import Foundation
import Testing
import Primitives

/// The value-level pieces, without any network.
@Suite struct ValueTests {
    let metadata = try! ProviderMetadata(
        issuer: "https://fc.example.gouv.fr/api/v2",
        authorizationEndpoint: "https://fc.example.gouv.fr/api/v2/authorize",
        tokenEndpoint: "https://fc.example.gouv.fr/api/v2/token",
        userinfoEndpoint: "https://fc.example.gouv.fr/api/v2/userinfo",
        endSessionEndpoint: "https://fc.example.gouv.fr/api/v2/session/end",
        jwksURI: "https://fc.example.gouv.fr/api/v2/jwks")

    func parameters(_ url: String) -> [String: String] {
        let query = String(url.split(separator: "?", maxSplits: 1)[1])
        return Dictionary(PercentEncoding.decodeForm(query)!, uniquingKeysWith: { first, _ in first })
    }

    @Test func authorizeURLCarriesEncodedParameters() throws {
        let request = AuthorizationRequest(settings: try Fixtures.settings(), metadata: metadata)
        #expect(request.url.hasPrefix("https://fc.example.gouv.fr/api/v2/authorize?response_type=code&"))
        // Spaces and slashes are percent-encoded, never left raw or turned into '+'.
        #expect(request.url.contains("scope=openid%20given_name%20family_name"))
        #expect(request.url.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fauth%2Ffranceconnect%2Fcallback"))
        let values = parameters(request.url)
        #expect(values["acr_values"] == "eidas1")
        #expect(values["client_id"] == Fixtures.clientID)
        #expect(values["state"] == request.pending.state)
        #expect(values["nonce"] == request.pending.nonce)
    }

    @Test func stateAndNonceAreFreshAndLongEnough() throws {
        let settings = try Fixtures.settings()
        let first = AuthorizationRequest(settings: settings, metadata: metadata)
        let second = AuthorizationRequest(settings: settings, metadata: metadata)
        #expect(first.pending.state != second.pending.state)
        #expect(first.pending.nonce != second.pending.nonce)
        #expect(first.pending.state != first.pending.nonce)
        for value in [first.pending.state, first.pending.nonce] {
            // 43 base64url characters = 256 bits; URL-safe alphabet only.
            #expect(value.count >= 22)
            #expect(value.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        }
    }

    @Test func callbackParsing() throws {
        #expect(try AuthorizationCallback(query: "?code=abc%2F1&state=xyz", expectedState: "xyz").code == "abc/1")
        #expect(throws: FranceConnectError.stateMismatch) {
            try AuthorizationCallback(query: "code=abc&state=xyy", expectedState: "xyz")
        }
        #expect(throws: FranceConnectError.userCancelled) {
            try AuthorizationCallback(query: "error=access_denied&state=xyz", expectedState: "xyz")
        }
        #expect(throws: FranceConnectError.providerError(code: "invalid_scope", description: "bad scope")) {
            try AuthorizationCallback(query: "error=invalid_scope&error_description=bad+scope", expectedState: "xyz")
        }
        #expect(throws: FranceConnectError.invalidCallback("missing code")) {
            try AuthorizationCallback(query: "state=xyz", expectedState: "xyz")
        }
        #expect(throws: FranceConnectError.invalidCallback("repeated parameter code")) {
            try AuthorizationCallback(query: "code=a&code=b&state=xyz", expectedState: "xyz")
        }
    }

    @Test func tokenRequestAuthStyles() throws {
        let post = TokenExchangeRequest(code: "c 1", settings: try Fixtures.settings(), metadata: metadata)
        #expect(post.url == metadata.tokenEndpoint)
        #expect(post.headers["Authorization"] == nil)
        let form = Dictionary(try #require(PercentEncoding.decodeForm(post.body)), uniquingKeysWith: { first, _ in first })
        #expect(form["code"] == "c 1")
        #expect(form["client_secret"] == Fixtures.clientSecret)
        #expect(form["grant_type"] == "authorization_code")

        let basic = TokenExchangeRequest(code: "c", settings: try Fixtures.settings(auth: .clientSecretBasic), metadata: metadata)
        #expect(!basic.body.contains("client_secret"))
        let encoded = try #require(basic.headers["Authorization"]?.dropFirst("Basic ".count))
        let decoded = String(decoding: try #require(Data(base64Encoded: String(encoded))), as: UTF8.self)
        #expect(decoded == "sesame-test-client:s3same-test-secret%2Fwith%2Breserved%26chars%3D0123456789")
    }

    @Test func tokenResponseIsStrict() throws {
        func reply(_ json: String, status: Int = 200) -> HTTPReply { HTTPReply(status: status, body: Array(json.utf8)) }
        let ok = try TokenResponse(reply: reply(#"{"access_token":"a","token_type":"bearer","id_token":"x.y.z","expires_in":60}"#), endpoint: "t")
        #expect(ok.idToken == "x.y.z" && ok.expiresIn == 60)
        #expect(throws: FranceConnectError.invalidResponse(endpoint: "t", reason: "missing id_token")) {
            try TokenResponse(reply: reply(#"{"access_token":"a","token_type":"Bearer"}"#), endpoint: "t")
        }
        #expect(throws: FranceConnectError.invalidResponse(endpoint: "t", reason: "token_type must be Bearer")) {
            try TokenResponse(reply: reply(#"{"access_token":"a","token_type":"MAC","id_token":"x"}"#), endpoint: "t")
        }
        #expect(throws: FranceConnectError.invalidResponse(endpoint: "t", reason: "body is not a JSON object")) {
            try TokenResponse(reply: reply("<html>"), endpoint: "t")
        }
        // A reused or forged code is said as such, not as the provider being down.
        #expect(throws: FranceConnectError.invalidGrant("invalid_grant")) {
            try TokenResponse(reply: reply(#"{"error":"invalid_grant"}"#, status: 400), endpoint: "t")
        }
        #expect(FranceConnectError.invalidGrant("x").userMessage.contains("plus valable"))
        #expect(throws: FranceConnectError.unexpectedStatus(endpoint: "t", status: 400, body: #"{"error":"invalid_client"}"#)) {
            try TokenResponse(reply: reply(#"{"error":"invalid_client"}"#, status: 400), endpoint: "t")
        }
    }

    @Test func metadataEndpointsMustBeHTTPS() throws {
        let document = Array(#"{"issuer":"http://10.0.0.5","authorization_endpoint":"http://10.0.0.5/a","token_endpoint":"http://10.0.0.5/t"}"#.utf8)
        #expect(throws: FranceConnectError.insecureEndpoint("http://10.0.0.5")) {
            try ProviderMetadata(discoveryDocument: document, expectedIssuer: "http://10.0.0.5", allowInsecureLoopback: true)
        }
        let loopback = Array(#"{"issuer":"http://127.0.0.1:9","authorization_endpoint":"http://127.0.0.1:9/a","token_endpoint":"http://127.0.0.1:9/t"}"#.utf8)
        #expect(throws: FranceConnectError.insecureEndpoint("http://127.0.0.1:9")) {
            try ProviderMetadata(discoveryDocument: loopback, expectedIssuer: "http://127.0.0.1:9")
        }
        let allowed = try ProviderMetadata(discoveryDocument: loopback, expectedIssuer: "http://127.0.0.1:9", allowInsecureLoopback: true)
        #expect(allowed.tokenEndpoint == "http://127.0.0.1:9/t" && allowed.jwksURI == nil)
        #expect(throws: FranceConnectError.issuerMismatch(expected: "http://127.0.0.1:8", actual: "http://127.0.0.1:9")) {
            try ProviderMetadata(discoveryDocument: loopback, expectedIssuer: "http://127.0.0.1:8", allowInsecureLoopback: true)
        }
    }

    @Test func settingsRefuseMixingSharedSecretAndPublicKeys() {
        #expect(throws: FranceConnectError.invalidConfiguration("HS256 cannot be combined with asymmetric algorithms")) {
            try Fixtures.settings(algorithms: [.hs256, .rs256])
        }
    }

    @Test func birthdatesAreStrictCalendarDates() {
        #expect(CalendarDate(iso8601: "2012-02-29")?.description == "2012-02-29")
        #expect(CalendarDate(iso8601: "2013-02-29") == nil)
        #expect(CalendarDate(iso8601: "1980-00-00") == nil)
        #expect(CalendarDate(iso8601: "80-01-01") == nil)
        #expect(CalendarDate(iso8601: "1980-1-01") == nil)
    }

    @Test func endSessionURL() throws {
        let request = try EndSessionRequest(
            settings: try Fixtures.settings(), metadata: metadata, idToken: "h.p.s", state: "st")
        #expect(request.url == "https://fc.example.gouv.fr/api/v2/session/end?id_token_hint=h.p.s&state=st"
            + "&post_logout_redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2F")
    }

    @Test func constantTimeComparison() {
        #expect(ConstantTime.equal("abc", "abc"))
        #expect(!ConstantTime.equal("abc", "abd"))
        #expect(!ConstantTime.equal("abc", "abcd"))
        #expect(!ConstantTime.equal("", "a"))
    }

    @Test func messagesAreFrenchForPeopleAndEnglishForLogs() {
        #expect(FranceConnectError.userCancelled.userMessage == "La connexion avec FranceConnect a été annulée.")
        #expect(FranceConnectError.timeout(endpoint: "https://x/token").userMessage
            == "FranceConnect ne répond pas. Réessayez plus tard ou connectez-vous avec votre identifiant.")
        #expect(FranceConnectError.timeout(endpoint: "https://x/token").logMessage == "timed out calling https://x/token")
        // Technical detail must never leak into what people see.
        #expect(!FranceConnectError.badSignature.userMessage.contains("signature"))
        #expect(!FranceConnectError.unknownKeyID("k1").userMessage.contains("k1"))
    }
}
