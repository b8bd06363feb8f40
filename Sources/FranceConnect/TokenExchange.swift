import Primitives

/// The back-channel code exchange as a plain value: the caller (or `RelyingParty`) sends it.
public struct TokenExchangeRequest: Sendable, Equatable {
    public let url: String
    public let body: String
    public let headers: [String: String]

    public init(code: String, settings: ClientSettings, metadata: ProviderMetadata) {
        var form: [(String, String)] = [
            ("grant_type", "authorization_code"),
            ("code", code),
            ("redirect_uri", settings.redirectURI),
        ]
        var headers = [
            "Content-Type": "application/x-www-form-urlencoded",
            "Accept": "application/json",
        ]
        switch settings.tokenEndpointAuth {
        case .clientSecretPost:
            form.append(("client_id", settings.clientID))
            form.append(("client_secret", settings.clientSecret))
        case .clientSecretBasic:
            // RFC 6749 §2.3.1: id and secret are form-encoded before being joined.
            let credentials = PercentEncoding.encode(settings.clientID) + ":"
                + PercentEncoding.encode(settings.clientSecret)
            headers["Authorization"] = "Basic " + Base64.encode(Array(credentials.utf8))
        }
        self.url = metadata.tokenEndpoint
        self.body = PercentEncoding.form(form)
        self.headers = headers
    }
}

/// A successful token endpoint answer. Parsing is strict: Bearer only, an ID token is required.
public struct TokenResponse: Sendable, Equatable {
    public let accessToken: String
    public let idToken: String
    public let expiresIn: Int?
    public let scope: String?

    public init(reply: HTTPReply, endpoint: String) throws {
        // A reused, expired or forged code (RFC 6749 §5.2): the person's
        // link is stale, the provider is fine.
        if reply.status == 400, let error = try? JSONObject(reply.body, endpoint: endpoint), (try? error.string("error")) == "invalid_grant" {
            throw FranceConnectError.invalidGrant((try? error.string("error_description")) ?? "invalid_grant")
        }
        guard reply.status == 200 else {
            throw FranceConnectError.unexpectedStatus(
                endpoint: endpoint, status: reply.status, body: String(decoding: reply.body.prefix(500), as: UTF8.self))
        }
        let object = try JSONObject(reply.body, endpoint: endpoint)
        guard let accessToken = try object.string("access_token"), !accessToken.isEmpty else {
            throw FranceConnectError.invalidResponse(endpoint: endpoint, reason: "missing access_token")
        }
        guard let tokenType = try object.string("token_type"), tokenType.lowercased() == "bearer" else {
            throw FranceConnectError.invalidResponse(endpoint: endpoint, reason: "token_type must be Bearer")
        }
        guard let idToken = try object.string("id_token"), !idToken.isEmpty else {
            throw FranceConnectError.invalidResponse(endpoint: endpoint, reason: "missing id_token")
        }
        self.accessToken = accessToken
        self.idToken = idToken
        self.expiresIn = try object.int("expires_in")
        self.scope = try object.string("scope")
    }
}
