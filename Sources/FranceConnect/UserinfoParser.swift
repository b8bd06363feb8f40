import Foundation
import Primitives

/// Reads the userinfo answer: a signed JWT (FranceConnect v2, `application/jwt`) or plain
/// JSON (v1). Either way `sub` must equal the ID token's, or the answer is about someone else.
public struct UserinfoParser: Sendable {
    public let settings: ClientSettings
    public let metadata: ProviderMetadata
    public let keys: ProviderKeySet

    public init(settings: ClientSettings, metadata: ProviderMetadata, keys: ProviderKeySet) {
        self.settings = settings
        self.metadata = metadata
        self.keys = keys
    }

    public func parse(_ reply: HTTPReply, expectedSubject: String, now: Date = Date()) async throws -> IdentityClaims {
        let endpoint = metadata.userinfoEndpoint ?? "userinfo"
        guard reply.status == 200 else {
            throw FranceConnectError.unexpectedStatus(
                endpoint: endpoint, status: reply.status, body: String(decoding: reply.body.prefix(500), as: UTF8.self))
        }
        let claims: TokenClaims
        switch reply.mediaType {
        case "application/jwt":
            let token = String(decoding: reply.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            claims = try await JWSVerifier(settings: settings, keys: keys).verify(token)
            let checks = ClaimChecks(settings: settings, metadata: metadata, now: now)
            try checks.issuer(claims)
            try checks.audience(claims)
            _ = try checks.lifetime(claims, expiryRequired: false)
        case "application/json":
            do {
                claims = try JSONDecoder().decode(TokenClaims.self, from: Data(reply.body))
            } catch {
                throw FranceConnectError.invalidResponse(endpoint: endpoint, reason: "userinfo JSON: \(error)")
            }
        default:
            throw FranceConnectError.invalidResponse(
                endpoint: endpoint, reason: "unexpected content type \(reply.mediaType ?? "<none>")")
        }
        guard let sub = claims.sub else { throw FranceConnectError.missingClaim("sub") }
        guard ConstantTime.equal(sub, expectedSubject) else { throw FranceConnectError.subjectMismatch }
        return try IdentityClaims(subject: sub, from: claims)
    }
}
