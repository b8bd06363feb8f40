import Foundation
import Primitives

/// An ID token whose signature and claims passed every check.
public struct VerifiedIDToken: Sendable, Equatable {
    /// Kept for `id_token_hint` at logout.
    public let raw: String
    public let claims: IdentityClaims
    public let expiresAt: Date
}

/// Verifies FranceConnect ID tokens (OpenID Connect Core §3.1.3.7).
public struct IDTokenVerifier: Sendable {
    public let settings: ClientSettings
    public let metadata: ProviderMetadata
    public let keys: ProviderKeySet

    public init(settings: ClientSettings, metadata: ProviderMetadata, keys: ProviderKeySet) {
        self.settings = settings
        self.metadata = metadata
        self.keys = keys
    }

    /// Throws `unknownKeyID` when the token names a key we do not have: the caller
    /// should refetch the JWKS once and retry (providers rotate keys).
    public func verify(_ idToken: String, expectedNonce: String, now: Date = Date()) async throws -> VerifiedIDToken {
        let claims = try await JWSVerifier(settings: settings, keys: keys).verify(idToken)
        let checks = ClaimChecks(settings: settings, metadata: metadata, now: now)
        try checks.issuer(claims)
        try checks.audience(claims)
        let expiry = try checks.lifetime(claims, expiryRequired: true)
        guard let iat = claims.iat else { throw FranceConnectError.missingClaim("iat") }
        if Date(timeIntervalSince1970: iat) > now.addingTimeInterval(settings.clockSkew) {
            throw FranceConnectError.tokenNotYetValid
        }
        guard let nonce = claims.nonce, ConstantTime.equal(nonce, expectedNonce) else {
            throw FranceConnectError.nonceMismatch
        }
        try checks.acr(claims)
        let subject = try checks.subject(claims)
        return VerifiedIDToken(
            raw: idToken,
            claims: try IdentityClaims(subject: subject, from: claims),
            expiresAt: expiry ?? now
        )
    }
}

/// Claim checks shared by the ID token and the signed userinfo answer.
struct ClaimChecks {
    let settings: ClientSettings
    let metadata: ProviderMetadata
    let now: Date

    func issuer(_ claims: TokenClaims) throws {
        guard claims.iss == metadata.issuer else {
            throw FranceConnectError.issuerMismatch(expected: metadata.issuer, actual: claims.iss)
        }
    }

    /// With several audiences, `azp` must name us so a token minted for another client
    /// that merely lists us cannot be replayed here.
    func audience(_ claims: TokenClaims) throws {
        guard let audiences = claims.aud?.values, audiences.contains(settings.clientID) else {
            throw FranceConnectError.audienceMismatch
        }
        if audiences.count > 1 || claims.azp != nil {
            guard claims.azp == settings.clientID else { throw FranceConnectError.authorizedPartyMismatch }
        }
    }

    /// Returns the expiry. Skew is applied in the lenient direction on both ends.
    func lifetime(_ claims: TokenClaims, expiryRequired: Bool) throws -> Date? {
        var expiry: Date?
        if let exp = claims.exp {
            expiry = Date(timeIntervalSince1970: exp)
            if now >= expiry!.addingTimeInterval(settings.clockSkew) { throw FranceConnectError.tokenExpired }
        } else if expiryRequired {
            throw FranceConnectError.missingClaim("exp")
        }
        if let nbf = claims.nbf, Date(timeIntervalSince1970: nbf) > now.addingTimeInterval(settings.clockSkew) {
            throw FranceConnectError.tokenNotYetValid
        }
        return expiry
    }

    /// Unknown `acr` values count as too low: we cannot rank what we do not know.
    func acr(_ claims: TokenClaims) throws {
        guard let required = settings.requiredACR else { return }
        guard let value = claims.acr, let level = EIDASLevel(rawValue: value), level >= required else {
            throw FranceConnectError.acrTooLow(required: required.rawValue, actual: claims.acr)
        }
    }

    func subject(_ claims: TokenClaims) throws -> String {
        guard let sub = claims.sub, !sub.isEmpty else { throw FranceConnectError.missingClaim("sub") }
        return sub
    }
}
