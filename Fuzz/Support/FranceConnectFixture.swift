import FranceConnect
import Foundation
import Primitives

/// The FranceConnect client as Sesame configures it, twice: with HS256 and
/// the client secret (FranceConnect v1), and with RS256/ES256 and a key set
/// holding the demo key of certs/ (FranceConnect v2).
public enum FranceConnectFixture {
    public static let secret = "fuzz-client-secret-0123456789abcdef"
    public static let nonce = "nonce-fuzz-0123456789"
    public static let subject = "sub-fuzz-0123456789"
    public static let now = FuzzClock.now

    public static let metadata = try! ProviderMetadata(
        issuer: "https://fc.fuzz.invalid/api/v2", authorizationEndpoint: "https://fc.fuzz.invalid/api/v2/authorize",
        tokenEndpoint: "https://fc.fuzz.invalid/api/v2/token", userinfoEndpoint: "https://fc.fuzz.invalid/api/v2/userinfo",
        endSessionEndpoint: "https://fc.fuzz.invalid/api/v2/session/end", jwksURI: "https://fc.fuzz.invalid/api/v2/jwks")

    public static let jwks = #"{"keys":[{"kty":"RSA","kid":"demo-fuzz","use":"sig","alg":"RS256","e":"AQAB","n":"1uUAS2TXWrG8GfFF-OtlQ7YCJlNYF6LqxjVVmlNjWpcjLTxa-WPF22O1WlF11D1INvsX_w-6LDGfjF6xeyIJ5e11FbreKf7R7c6OL9KcxnEzQbFB9XvuRnnD4WVuxyb7G8L9nvwwFQ_9RRKDAhYElmnVYiP_FWL3bC5GyHrJN2FAmTAh6WwFSb9ZiDVMGm2pDM7M95-SZFsedJE6oI0vJtcQ_YpQCOKwJHQ9KQ80hrA9k3oZzpq7BeYmUak4XVJKx6aw6PD523ZOa0pcIeMYItxhODV7ydm1w9a6RMU4rcgjypsaMNQFVK0_nJN233Re5peiE2ZTFPyLDuF0Yn8y2Q"}]}"#

    static func settings(_ algorithms: Set<SigningAlgorithm>) -> ClientSettings {
        try! ClientSettings(clientID: "fuzz-client", clientSecret: secret, redirectURI: "https://sesame.fuzz.invalid/auth/franceconnect/callback",
                            allowedAlgorithms: algorithms)
    }

    public static let symmetric = IDTokenVerifier(settings: settings([.hs256]), metadata: metadata, keys: try! ProviderKeySet(jwksDocument: Array(#"{"keys":[]}"#.utf8)))
    public static let asymmetric = IDTokenVerifier(settings: settings([.rs256, .es256]), metadata: metadata,
                                                   keys: try! ProviderKeySet(jwksDocument: Array(jwks.utf8)))

    /// header.payload signed with the client secret, as FranceConnect v1 signs.
    public static func signedHS256(header: [UInt8], payload: [UInt8]) -> String {
        let input = Base64.base64URL(header) + "." + Base64.base64URL(payload)
        return input + "." + Base64.base64URL(Digest.hmacSHA256(key: Array(secret.utf8), message: Array(input.utf8)))
    }
}
