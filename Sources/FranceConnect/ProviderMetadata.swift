import Foundation

/// The provider endpoints and capabilities, from discovery or configuration.
/// Construction validates: a bad endpoint is refused once here rather than at each use.
public struct ProviderMetadata: Sendable, Equatable {
    public let issuer: String
    public let authorizationEndpoint: String
    public let tokenEndpoint: String
    public let userinfoEndpoint: String?
    public let endSessionEndpoint: String?
    /// Absent for FranceConnect v1, which had no JWKS.
    public let jwksURI: String?
    public let idTokenSigningAlgorithms: [String]
    public let userinfoSigningAlgorithms: [String]

    /// - Parameter allowInsecureLoopback: accept `http://` on 127.0.0.0/8, ::1 and localhost
    ///   only (tests and demo mode); everything else must be https.
    public init(
        issuer: String,
        authorizationEndpoint: String,
        tokenEndpoint: String,
        userinfoEndpoint: String?,
        endSessionEndpoint: String?,
        jwksURI: String?,
        idTokenSigningAlgorithms: [String] = [],
        userinfoSigningAlgorithms: [String] = [],
        allowInsecureLoopback: Bool = false
    ) throws {
        for url in [issuer, authorizationEndpoint, tokenEndpoint]
            + [userinfoEndpoint, endSessionEndpoint, jwksURI].compactMap({ $0 })
        {
            try Self.checkEndpoint(url, allowInsecureLoopback: allowInsecureLoopback)
        }
        self.issuer = issuer
        self.authorizationEndpoint = authorizationEndpoint
        self.tokenEndpoint = tokenEndpoint
        self.userinfoEndpoint = userinfoEndpoint
        self.endSessionEndpoint = endSessionEndpoint
        self.jwksURI = jwksURI
        self.idTokenSigningAlgorithms = idTokenSigningAlgorithms
        self.userinfoSigningAlgorithms = userinfoSigningAlgorithms
    }

    /// Parses a `/.well-known/openid-configuration` document. The issuer inside must equal
    /// `expectedIssuer` exactly (OpenID Connect Discovery §4.3), which stops a mix-up
    /// where one provider's document points at another's endpoints.
    public init(discoveryDocument body: [UInt8], expectedIssuer: String, allowInsecureLoopback: Bool = false) throws {
        struct Document: Decodable {
            let issuer: String
            let authorization_endpoint: String
            let token_endpoint: String
            let userinfo_endpoint: String?
            let end_session_endpoint: String?
            let jwks_uri: String?
            let id_token_signing_alg_values_supported: [String]?
            let userinfo_signing_alg_values_supported: [String]?
        }
        let document: Document
        do {
            document = try JSONDecoder().decode(Document.self, from: Data(body))
        } catch {
            throw FranceConnectError.invalidMetadata("discovery document is not valid: \(error)")
        }
        guard document.issuer == expectedIssuer else {
            throw FranceConnectError.issuerMismatch(expected: expectedIssuer, actual: document.issuer)
        }
        try self.init(
            issuer: document.issuer,
            authorizationEndpoint: document.authorization_endpoint,
            tokenEndpoint: document.token_endpoint,
            userinfoEndpoint: document.userinfo_endpoint,
            endSessionEndpoint: document.end_session_endpoint,
            jwksURI: document.jwks_uri,
            idTokenSigningAlgorithms: document.id_token_signing_alg_values_supported ?? [],
            userinfoSigningAlgorithms: document.userinfo_signing_alg_values_supported ?? [],
            allowInsecureLoopback: allowInsecureLoopback
        )
    }

    /// Where discovery lives for an issuer (trailing slash tolerated, as in the spec).
    public static func discoveryURL(forIssuer issuer: String) -> String {
        (issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer) + "/.well-known/openid-configuration"
    }

    static func checkEndpoint(_ url: String, allowInsecureLoopback: Bool) throws {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
            let host = components.host, !host.isEmpty, components.fragment == nil
        else {
            throw FranceConnectError.invalidMetadata("not an absolute URL: \(url)")
        }
        if scheme == "https" { return }
        if scheme == "http" && allowInsecureLoopback && isLoopback(host) { return }
        throw FranceConnectError.insecureEndpoint(url)
    }

    static func isLoopback(_ host: String) -> Bool {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")).lowercased()
        return bare == "localhost" || bare == "::1" || bare.hasPrefix("127.")
            && bare.split(separator: ".").count == 4 && bare.split(separator: ".").allSatisfy { UInt8($0) != nil }
    }
}
