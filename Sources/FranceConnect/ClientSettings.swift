import Foundation

/// JWS algorithms this relying party knows how to verify.
public enum SigningAlgorithm: String, Sendable, Hashable, CaseIterable {
    case rs256 = "RS256"
    case es256 = "ES256"
    /// FranceConnect v1: HMAC keyed with the client secret.
    case hs256 = "HS256"

    var isSymmetric: Bool { self == .hs256 }
}

/// Everything the relying party is configured with for one FranceConnect client.
public struct ClientSettings: Sendable, Equatable {
    public var clientID: String
    public var clientSecret: String
    public var redirectURI: String
    public var postLogoutRedirectURI: String?
    public var scopes: [String]
    /// Sent as `acr_values`; FranceConnect expects `eidas1`.
    public var acrValues: [String]
    /// Minimum eIDAS level accepted in the ID token's `acr`; nil skips the check.
    public var requiredACR: EIDASLevel?
    public var allowedAlgorithms: Set<SigningAlgorithm>
    public var clockSkew: TimeInterval
    public var tokenEndpointAuth: TokenEndpointAuth

    public static let defaultScopes = [
        "openid", "given_name", "family_name", "birthdate", "email",
        "preferred_username", "gender", "birthplace", "birthcountry",
    ]

    /// Throws when HS256 is mixed with asymmetric algorithms: accepting both is exactly
    /// what makes algorithm-confusion attacks possible.
    public init(
        clientID: String,
        clientSecret: String,
        redirectURI: String,
        postLogoutRedirectURI: String? = nil,
        scopes: [String] = ClientSettings.defaultScopes,
        acrValues: [String] = ["eidas1"],
        requiredACR: EIDASLevel? = .eidas1,
        allowedAlgorithms: Set<SigningAlgorithm> = [.es256, .rs256],
        clockSkew: TimeInterval = 60,
        tokenEndpointAuth: TokenEndpointAuth = .clientSecretPost
    ) throws {
        guard !clientID.isEmpty else { throw FranceConnectError.invalidConfiguration("empty client id") }
        guard !allowedAlgorithms.isEmpty else {
            throw FranceConnectError.invalidConfiguration("no signing algorithm allowed")
        }
        if allowedAlgorithms.contains(.hs256) && allowedAlgorithms.count > 1 {
            throw FranceConnectError.invalidConfiguration("HS256 cannot be combined with asymmetric algorithms")
        }
        if allowedAlgorithms.contains(.hs256) && clientSecret.isEmpty {
            throw FranceConnectError.invalidConfiguration("HS256 needs a client secret")
        }
        guard scopes.contains("openid") else {
            throw FranceConnectError.invalidConfiguration("scopes must include openid")
        }
        guard (0...600).contains(clockSkew) else {
            throw FranceConnectError.invalidConfiguration("clock skew must be between 0 and 600 seconds")
        }
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.redirectURI = redirectURI
        self.postLogoutRedirectURI = postLogoutRedirectURI
        self.scopes = scopes
        self.acrValues = acrValues
        self.requiredACR = requiredACR
        self.allowedAlgorithms = allowedAlgorithms
        self.clockSkew = clockSkew
        self.tokenEndpointAuth = tokenEndpointAuth
    }

    /// v1 FranceConnect: ID tokens are HS256 with the client secret.
    public var usesSharedSecret: Bool { allowedAlgorithms == [.hs256] }
}

/// How the client authenticates at the token endpoint.
public enum TokenEndpointAuth: String, Sendable, Equatable {
    case clientSecretPost = "client_secret_post"
    case clientSecretBasic = "client_secret_basic"
}

/// eIDAS assurance levels as FranceConnect names them in `acr`, ordered low to high.
public enum EIDASLevel: String, Sendable, Comparable, CaseIterable {
    case eidas1, eidas2, eidas3

    private var rank: Int {
        switch self {
        case .eidas1: 1
        case .eidas2: 2
        case .eidas3: 3
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rank < rhs.rank }
}
