import Foundation
import XMLDSig

/// Settings of this IdP. URLs derive from `baseURL` unless set explicitly.
public struct IdPConfiguration: Sendable {
    /// e.g. "https://sesame.ac-exemple.fr" (no trailing slash needed).
    public var baseURL: String
    public var entityID: String
    public var singleSignOnURL: String
    public var singleLogoutURL: String
    public var signingKey: PrivateKey
    public var signingCertificate: Certificate
    /// Published in metadata ahead of a key rollover.
    public var nextSigningCertificate: Certificate?
    public var signatureAlgorithm: SignatureAlgorithm?
    /// Published as WantAuthnRequestsSigned; when true, unsigned AuthnRequests are refused.
    public var wantAuthnRequestsSigned = false
    /// Allowed difference between our clock and the SP's (default 3 minutes).
    public var clockSkew: TimeInterval = 180
    /// Oldest IssueInstant accepted for a request (default 10 minutes).
    public var maxRequestAge: TimeInterval = 600
    /// SAML bindings §3.4.3 says 80 bytes; real SPs send more, so bounded leniency.
    public var maxRelayStateBytes = 1024
    /// Largest inflated or base64-decoded XML message accepted.
    public var maxMessageBytes = Inflate.defaultOutputLimit
    /// Refuse an unsigned LogoutRequest/LogoutResponse from an SP whose
    /// metadata has signing certificates (SAML profiles §4.4.4.1 wants them
    /// authenticated). When false, the web layer must check NameID and
    /// SessionIndex against the session itself.
    public var requireSignedLogoutFromSPsWithKeys = true
    /// Accept rsa-sha1 signatures from SPs (off by default).
    public var allowSHA1 = false

    public init(baseURL: String, signingKey: PrivateKey, signingCertificate: Certificate,
                nextSigningCertificate: Certificate? = nil) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        entityID = base + "/saml/metadata"
        singleSignOnURL = base + "/saml/sso"
        singleLogoutURL = base + "/saml/slo"
        self.signingKey = signingKey
        self.signingCertificate = signingCertificate
        self.nextSigningCertificate = nextSigningCertificate
    }
}

/// The IdP: its configuration plus a ready signer. Immutable and Sendable;
/// every operation takes `now` and returns values.
public struct IdentityProvider: Sendable {
    public let configuration: IdPConfiguration
    let signer: XMLSigner

    public init(configuration: IdPConfiguration) throws(SAMLError) {
        self.configuration = configuration
        do {
            signer = try XMLSigner(privateKey: configuration.signingKey, certificate: configuration.signingCertificate,
                                   signatureAlgorithm: configuration.signatureAlgorithm)
        } catch {
            throw .invalidConfiguration(error.description)
        }
    }

    public var entityID: String { configuration.entityID }
}

/// How the web layer finds SPs by entityID.
public typealias ServiceProviderLookup = @Sendable (String) -> SPMetadata?

extension Dictionary where Key == String, Value == SPMetadata {
    /// `[entityID: SPMetadata]` as a lookup.
    public var lookup: ServiceProviderLookup { let copy = self; return { copy[$0] } }
}
