import Foundation
import XMLDSig

/// What this IdP knows about one service provider, read from its
/// `<md:EntityDescriptor>` with an `<md:SPSSODescriptor>`.
public struct SPMetadata: Sendable {
    public var entityID: String
    public var assertionConsumerServices: [Endpoint]
    public var singleLogoutServices: [Endpoint]
    /// From KeyDescriptor use="signing" or without `use`.
    public var signingCertificates: [Certificate]
    /// From KeyDescriptor use="encryption" or without `use`.
    public var encryptionCertificates: [Certificate]
    public var authnRequestsSigned: Bool
    public var wantAssertionsSigned: Bool
    public var nameIDFormats: [String]
    public var validUntil: Date?

    public init(entityID: String, assertionConsumerServices: [Endpoint], singleLogoutServices: [Endpoint] = [],
                signingCertificates: [Certificate] = [], encryptionCertificates: [Certificate] = [],
                authnRequestsSigned: Bool = false, wantAssertionsSigned: Bool = false, nameIDFormats: [String] = [],
                validUntil: Date? = nil) {
        self.entityID = entityID
        self.assertionConsumerServices = assertionConsumerServices
        self.singleLogoutServices = singleLogoutServices
        self.signingCertificates = signingCertificates
        self.encryptionCertificates = encryptionCertificates
        self.authnRequestsSigned = authnRequestsSigned
        self.wantAssertionsSigned = wantAssertionsSigned
        self.nameIDFormats = nameIDFormats
        self.validUntil = validUntil
    }

    /// The POST ACS endpoints, which are the only ones Web SSO can answer to
    /// (SAML profiles §4.1.2: the Response goes by POST or Artifact).
    public var postAssertionConsumerServices: [Endpoint] {
        assertionConsumerServices.filter { $0.samlBinding == .httpPOST }
    }

    /// The SP's SingleLogoutService for a binding, if it lists one.
    public func singleLogoutService(binding: SAMLBinding) -> Endpoint? {
        singleLogoutServices.first { $0.samlBinding == binding }
    }
}

/// Limits and checks applied while reading metadata.
public struct MetadataParsingOptions: Sendable {
    public var maxBytes: Int
    /// When set, metadata past its validUntil is refused.
    public var now: Date?
    /// When not empty, the root element must carry a valid enveloped
    /// signature by one of these certificates, and only the signed content is read.
    public var trustedSigners: [Certificate]

    public init(maxBytes: Int = 4 << 20, now: Date? = nil, trustedSigners: [Certificate] = []) {
        self.maxBytes = maxBytes
        self.now = now
        self.trustedSigners = trustedSigners
    }
}
