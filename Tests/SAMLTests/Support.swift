import Foundation
import SesameTestSupport
import Testing
@testable import SAML
import XMLDSig
import Primitives

enum Keys {
    static let idp = KeyPair(commonName: "idp.sesame.test")
    static let idpNext = KeyPair(commonName: "idp-next.sesame.test")
    static let sp = KeyPair(commonName: "sp.example.test")
    static let attacker = KeyPair(commonName: "attacker.example")
    static let ec = KeyPair(commonName: "ec.sesame.test", algorithm: .ecP256)
}

enum Fixture {
    static let base = "https://sesame.ac-test.fr"
    static let spID = "https://sp.example.test/saml/metadata"
    static let acs = "https://sp.example.test/saml/acs"
    static let acs2 = "https://sp.example.test/saml/acs2"
    static let slo = "https://sp.example.test/saml/slo"
    static let now = Date(timeIntervalSince1970: 1_772_354_400) // 2026-03-01T08:40:00Z

    static func idp(_ change: (inout IdPConfiguration) -> Void = { _ in }) -> IdentityProvider {
        var config = IdPConfiguration(baseURL: base + "/", signingKey: Keys.idp.key, signingCertificate: Keys.idp.certificate,
                                      nextSigningCertificate: Keys.idpNext.certificate)
        change(&config)
        return try! IdentityProvider(configuration: config)
    }

    static func sp(signed: Bool = false, withKeys: Bool = true) -> SPMetadata {
        SPMetadata(entityID: spID,
                   assertionConsumerServices: [
                       Endpoint(binding: SAMLBinding.httpPOST.rawValue, location: acs, index: 1),
                       Endpoint(binding: SAMLBinding.httpPOST.rawValue, location: acs2, index: 2, isDefault: true),
                       Endpoint(binding: "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact", location: acs + "/art", index: 3),
                   ],
                   singleLogoutServices: [
                       Endpoint(binding: SAMLBinding.httpRedirect.rawValue, location: slo, responseLocation: slo + "/response"),
                       Endpoint(binding: SAMLBinding.httpPOST.rawValue, location: slo),
                   ],
                   signingCertificates: withKeys ? [Keys.sp.certificate] : [],
                   encryptionCertificates: withKeys ? [Keys.sp.certificate] : [],
                   authnRequestsSigned: signed, wantAssertionsSigned: true)
    }

    static var lookup: ServiceProviderLookup { [spID: sp()].lookup }

    static func authnRequestXML(id: String = "_req0123456789", issueInstant: Date = now, destination: String? = base + "/saml/sso",
                                issuer: String = spID, acsURL: String? = acs, extraAttributes: String = "",
                                nameIDPolicy: String? = NameIDFormat.persistent, version: String = "2.0") -> String {
        var xml = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
        xml += " ID=\"\(id)\" Version=\"\(version)\" IssueInstant=\"\(SAMLTime.string(from: issueInstant))\""
        if let destination { xml += " Destination=\"\(destination)\"" }
        if let acsURL { xml += " AssertionConsumerServiceURL=\"\(acsURL)\"" }
        xml += extraAttributes + "><saml:Issuer>\(issuer)</saml:Issuer>"
        if let nameIDPolicy { xml += "<samlp:NameIDPolicy Format=\"\(nameIDPolicy)\" AllowCreate=\"true\"/>" }
        return xml + "</samlp:AuthnRequest>"
    }

    /// What an SP puts after "?" for HTTP-Redirect, signed with `key` when given.
    static func redirectQuery(_ xml: String, relayState: String? = "rs1", kind: String = "SAMLRequest", key: PrivateKey? = nil) -> String {
        let message = Base64.encode(Deflate.deflate(Array(xml.utf8)))
        if let key {
            return try! RedirectBindingSignature.signedQuery(kind: .init(rawValue: kind)!, message: message, relayState: relayState, key: key)
        }
        var query = kind + "=" + PercentEncoding.encode(message)
        if let relayState { query += "&RelayState=" + PercentEncoding.encode(relayState) }
        return query
    }

    static func post(_ xml: String, relayState: String? = "rs1", signWith key: KeyPair? = nil, id: String = "_req0123456789") -> InboundMessage {
        var body = xml
        if let key { body = try! XMLSigner(privateKey: key.key, certificate: key.certificate).sign(xml, elementIDs: [id]) }
        return .post(message: Base64.encode(Array(body.utf8)), relayState: relayState)
    }
}

extension String {
    func hexBytes() -> [UInt8] {
        var out: [UInt8] = []
        var it = makeIterator()
        while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
        return out
    }
}

/// Runs a throwing expression and returns the SAMLError it threw, or nil.
func samlError<T>(_ body: () throws -> T) -> SAMLError? {
    do {
        _ = try body()
        return nil
    } catch let error as SAMLError {
        return error
    } catch {
        Issue.record("unexpected error type: \(error)")
        return nil
    }
}
