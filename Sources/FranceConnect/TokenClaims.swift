import JWTKit

/// `aud` may be one string or an array (RFC 7519 §4.1.3).
public enum Audience: Codable, Sendable, Equatable {
    case single(String)
    case several([String])

    public var values: [String] {
        switch self {
        case .single(let value): [value]
        case .several(let values): values
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(String.self) {
            self = .single(value)
        } else {
            self = .several(try container.decode([String].self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .single(let value): try container.encode(value)
        case .several(let values): try container.encode(values)
        }
    }
}

/// The raw claims of an ID token or userinfo answer, before any check. Types are strict:
/// a wrongly typed claim makes decoding fail, which surfaces as `malformedToken`.
public struct TokenClaims: JWTPayload, Equatable {
    public var iss: String?
    public var sub: String?
    public var aud: Audience?
    public var azp: String?
    public var exp: Double?
    public var iat: Double?
    public var nbf: Double?
    public var nonce: String?
    public var acr: String?
    public var given_name: String?
    public var family_name: String?
    public var birthdate: String?
    public var gender: String?
    public var birthplace: String?
    public var birthcountry: String?
    public var email: String?
    public var preferred_username: String?

    public init() {}

    /// Claim checks need the settings and the time, so they happen in the verifiers instead.
    public func verify(using algorithm: some JWTAlgorithm) async throws {}
}
