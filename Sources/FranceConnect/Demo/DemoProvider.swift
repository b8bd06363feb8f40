import Foundation
import JWTKit
import Primitives

/// A tiny FranceConnect-like provider for demo mode. It holds the protocol logic only;
/// the web app adds the pages (identity picker) and routes requests to these methods.
/// Codes and access tokens live in memory and codes are single-use.
public actor DemoProvider {
    public nonisolated let issuer: String
    public nonisolated let clientID: String
    private let clientSecret: String
    public nonisolated let identities: [DemoIdentity]
    private let keyID: String
    private let publicJWK: (x: String, y: String)
    private let signer: JWTKeyCollection
    private let lifetime: TimeInterval = 60

    private struct Grant {
        let identity: DemoIdentity
        let redirectURI: String
        let nonce: String
        let acr: String
        let expiresAt: Date
    }
    private var codes: [String: Grant] = [:]
    private var accessTokens: [String: (identity: DemoIdentity, expiresAt: Date)] = [:]

    public init(
        baseURL: String, clientID: String, clientSecret: String,
        identities: [DemoIdentity] = DemoIdentity.samples,
        signingKey: ES256PrivateKey = ES256PrivateKey(), keyID: String = "demo-es256"
    ) async {
        self.issuer = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.identities = identities
        self.keyID = keyID
        self.publicJWK = signingKey.parameters!
        self.signer = JWTKeyCollection()
        await signer.add(ecdsa: signingKey, kid: JWKIdentifier(string: keyID))
    }

    public nonisolated var authorizationEndpoint: String { issuer + "/authorize" }
    public nonisolated var tokenEndpoint: String { issuer + "/token" }
    public nonisolated var userinfoEndpoint: String { issuer + "/userinfo" }
    public nonisolated var endSessionEndpoint: String { issuer + "/logout" }
    public nonisolated var jwksURI: String { issuer + "/jwks" }

    public nonisolated func discoveryDocument() -> [UInt8] {
        json([
            "issuer": issuer,
            "authorization_endpoint": authorizationEndpoint,
            "token_endpoint": tokenEndpoint,
            "userinfo_endpoint": userinfoEndpoint,
            "end_session_endpoint": endSessionEndpoint,
            "jwks_uri": jwksURI,
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["ES256"],
            "userinfo_signing_alg_values_supported": ["ES256"],
            "acr_values_supported": ["eidas1"],
            "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
        ])
    }

    public nonisolated func jwksDocument() -> [UInt8] {
        json(["keys": [["kty": "EC", "crv": "P-256", "use": "sig", "alg": "ES256", "kid": keyID,
                        "x": publicJWK.x, "y": publicJWK.y]]])
    }

    /// After the person picked `identityID` on the demo page: returns the redirect URL with a code.
    public func authorize(
        identityID: String, clientID: String, redirectURI: String, state: String, nonce: String,
        acr: String = "eidas1", now: Date = Date()
    ) throws -> String {
        guard clientID == self.clientID else { throw FranceConnectError.invalidGrant("unknown client") }
        guard let identity = identities.first(where: { $0.id == identityID }) else {
            throw FranceConnectError.invalidGrant("unknown demo identity")
        }
        let code = SecureRandom.token()
        codes[code] = Grant(
            identity: identity, redirectURI: redirectURI, nonce: nonce, acr: acr,
            expiresAt: now.addingTimeInterval(lifetime))
        return PercentEncoding.appending([("code", code), ("state", state)], to: redirectURI)
    }

    /// The redirect when the person clicks "cancel" on the demo page.
    public nonisolated func cancelURL(redirectURI: String, state: String) -> String {
        PercentEncoding.appending([("error", "access_denied"), ("error_description", "User cancelled"), ("state", state)], to: redirectURI)
    }

    /// Token endpoint: takes the raw form body and `Authorization` header, answers like a provider.
    public func token(formBody: String, authorization: String?, now: Date = Date()) async throws -> HTTPReply {
        let form = Dictionary((PercentEncoding.decodeForm(formBody) ?? []), uniquingKeysWith: { first, _ in first })
        guard authenticated(form: form, authorization: authorization) else {
            return errorReply(401, "invalid_client")
        }
        guard form["grant_type"] == "authorization_code", let code = form["code"] else {
            return errorReply(400, "unsupported_grant_type")
        }
        // Removed before any check so a code can never be tried twice.
        guard let grant = codes.removeValue(forKey: code), grant.expiresAt > now,
            grant.redirectURI == form["redirect_uri"]
        else {
            return errorReply(400, "invalid_grant")
        }
        var claims = grant.identity.claims
        claims.iss = issuer
        claims.aud = .single(clientID)
        claims.iat = now.timeIntervalSince1970.rounded(.down)
        claims.exp = claims.iat! + lifetime
        claims.nonce = grant.nonce
        claims.acr = grant.acr
        let idToken = try await signer.sign(claims, kid: JWKIdentifier(string: keyID))
        let accessToken = SecureRandom.token()
        accessTokens[accessToken] = (grant.identity, now.addingTimeInterval(lifetime))
        return HTTPReply(
            status: 200, headers: ["Content-Type": "application/json", "Cache-Control": "no-store"],
            body: json(["access_token": accessToken, "token_type": "Bearer", "expires_in": Int(lifetime),
                        "id_token": idToken, "scope": ClientSettings.defaultScopes.joined(separator: " ")]))
    }

    /// Userinfo endpoint: a signed JWT, as FranceConnect v2 answers.
    public func userinfo(authorization: String?, now: Date = Date()) async throws -> HTTPReply {
        guard let header = authorization, header.hasPrefix("Bearer "),
            let entry = accessTokens[String(header.dropFirst("Bearer ".count))], entry.expiresAt > now
        else {
            return HTTPReply(status: 401, headers: ["WWW-Authenticate": "Bearer error=\"invalid_token\""], body: [])
        }
        var claims = entry.identity.claims
        claims.iss = issuer
        claims.aud = .single(clientID)
        claims.iat = now.timeIntervalSince1970.rounded(.down)
        let jwt = try await signer.sign(claims, kid: JWKIdentifier(string: keyID))
        return HTTPReply(status: 200, headers: ["Content-Type": "application/jwt"], body: Array(jwt.utf8))
    }

    private func authenticated(form: [String: String], authorization: String?) -> Bool {
        if let header = authorization, header.hasPrefix("Basic "),
            let decoded = Data(base64Encoded: String(header.dropFirst(6))).map({ String(decoding: $0, as: UTF8.self) })
        {
            let parts = decoded.split(separator: ":", maxSplits: 1).map { String($0).removingPercentEncoding ?? "" }
            return parts.count == 2 && parts[0] == clientID && ConstantTime.equal(parts[1], clientSecret)
        }
        return form["client_id"] == clientID && ConstantTime.equal(form["client_secret"] ?? "", clientSecret)
    }

    private nonisolated func errorReply(_ status: Int, _ code: String) -> HTTPReply {
        HTTPReply(status: status, headers: ["Content-Type": "application/json"], body: json(["error": code]))
    }

    private nonisolated func json(_ object: [String: Any]) -> [UInt8] {
        // Sorted keys keep documents stable across runs (cache-friendly, diffable).
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data())
    }
}
