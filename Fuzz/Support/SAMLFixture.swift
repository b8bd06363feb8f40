import Foundation
import Primitives
import SAML
import XMLDSig

/// The identity provider the SAML targets talk to, configured as `sesame
/// serve` configures it, with one registered service provider whose key is
/// the demo key of certs/ (so that seeds can carry valid signatures).
public enum SAMLFixture {
    public static let base = "https://sesame.fuzz.invalid"
    public static let spID = "https://sp.fuzz.invalid/saml/metadata"
    public static let acs = "https://sp.fuzz.invalid/saml/acs"
    public static let slo = "https://sp.fuzz.invalid/saml/slo"
    /// Seeds are written for this instant.
    public static let now = FuzzClock.now

    public static let spCertificate = try! Certificate(pem: FuzzFiles.certificate("demo-fuzz-sp.crt.pem"))
    public static let spKey = try! PrivateKey(pem: FuzzFiles.certificate("demo-fuzz-sp.key.pem"))

    public static let idp: IdentityProvider = {
        let generated = try! CertificateGenerator.generate(commonName: "idp.fuzz.invalid", validityYears: 1, algorithm: .ecP256)
        let config = IdPConfiguration(baseURL: base + "/", signingKey: try! PrivateKey(pem: generated.privateKeyPEM),
                                      signingCertificate: try! Certificate(pem: generated.certificatePEM))
        return try! IdentityProvider(configuration: config)
    }()

    public static func sp(signed: Bool) -> SPMetadata {
        SPMetadata(entityID: spID,
                   assertionConsumerServices: [Endpoint(binding: SAMLBinding.httpPOST.rawValue, location: acs, index: 1, isDefault: true)],
                   singleLogoutServices: [Endpoint(binding: SAMLBinding.httpRedirect.rawValue, location: slo),
                                          Endpoint(binding: SAMLBinding.httpPOST.rawValue, location: slo)],
                   signingCertificates: [spCertificate], encryptionCertificates: [spCertificate],
                   authnRequestsSigned: signed, wantAssertionsSigned: true)
    }

    /// The SP as registered: signed requests optional.
    public static let lookup: ServiceProviderLookup = [spID: sp(signed: false)].lookup

    /// Every message the SSO and SLO endpoints receive goes through these three.
    public static func receiveAll(_ message: InboundMessage) {
        do { _ = try idp.receiveAuthnRequest(message, lookup: lookup, now: now) } catch { _ = error.status }
        do { _ = try idp.receiveLogoutRequest(message, lookup: lookup, now: now) } catch { _ = error.status }
        do { _ = try idp.receiveLogoutResponse(message, lookup: lookup, expectedInResponseTo: "_logout1", now: now) } catch { _ = error.status }
    }

    /// A form value or query parameter as a browser would send raw XML.
    public static func encodedPost(_ xml: [UInt8]) -> String { Base64.encode(xml) }

    public static func encodedRedirect(_ xml: [UInt8], relayState: String = "rs1") -> String {
        "SAMLRequest=" + PercentEncoding.encode(Base64.encode(Deflate.deflate(xml))) + "&RelayState=" + relayState
    }
}
