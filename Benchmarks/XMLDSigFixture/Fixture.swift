/// A typical SAML assertion (≈3 KB, 8 attributes) and response, shared by
/// the XMLDSig benchmarks and the valgrind leak loop.
import XMLDSig
public enum Fixture {
    public static let assertionID = "_a1b2c3d4e5f60718293a4b5c6d7e8f90"
    public static let responseID = "_r9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    public static let samlNS = "urn:oasis:names:tc:SAML:2.0:assertion"

    public static func assertion(declareNamespace: Bool) -> String {
        let attributes: [(String, String, [String])] = [
            ("urn:oid:0.9.2342.19200300.100.1.1", "uid", ["jdupont"]),
            ("urn:oid:2.5.4.42", "givenName", ["Jeanne"]),
            ("urn:oid:2.5.4.4", "sn", ["Dupont"]),
            ("urn:oid:0.9.2342.19200300.100.1.3", "mail", ["jeanne.dupont@ac-exemple.fr"]),
            ("urn:oid:1.3.6.1.4.1.5923.1.1.1.1", "eduPersonAffiliation", ["member", "staff"]),
            ("urn:oid:1.3.6.1.4.1.7135.1.2.1.14", "FrEduRne", ["0751234A$UAJ$PU$N$T3$LYC$340"]),
            ("urn:oid:2.16.840.1.113730.3.1.241", "displayName", ["Jeanne Dupont"]),
            ("urn:oid:1.3.6.1.4.1.20161.1.1", "ENTPersonProfils", ["National_ENS"]),
        ]
        var attrXML = ""
        for (oid, friendly, values) in attributes {
            attrXML += "<saml:Attribute Name=\"\(oid)\" NameFormat=\"urn:oasis:names:tc:SAML:2.0:attrname-format:uri\" FriendlyName=\"\(friendly)\">"
            for v in values {
                attrXML += "<saml:AttributeValue xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:type=\"xs:string\">\(v)</saml:AttributeValue>"
            }
            attrXML += "</saml:Attribute>"
        }
        let ns = declareNamespace ? " xmlns:saml=\"\(samlNS)\"" : ""
        return "<saml:Assertion\(ns) ID=\"\(assertionID)\" IssueInstant=\"2026-03-01T08:30:00Z\" Version=\"2.0\">"
            + "<saml:Issuer>https://idp.sesame.test/saml/metadata</saml:Issuer>"
            + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\" SPNameQualifier=\"https://sp.ent.test/saml\">user@example.org</saml:NameID>"
            + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\"><saml:SubjectConfirmationData InResponseTo=\"_req42\" NotOnOrAfter=\"2026-03-01T08:35:00Z\" Recipient=\"https://sp.ent.test/saml/acs\"/></saml:SubjectConfirmation></saml:Subject>"
            + "<saml:Conditions NotBefore=\"2026-03-01T08:29:30Z\" NotOnOrAfter=\"2026-03-01T08:35:00Z\"><saml:AudienceRestriction><saml:Audience>https://sp.ent.test/saml</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
            + "<saml:AuthnStatement AuthnInstant=\"2026-03-01T08:30:00Z\" SessionIndex=\"_s7f3c9\"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            + "<saml:AttributeStatement>\(attrXML)</saml:AttributeStatement></saml:Assertion>"
    }

    public static func response(assertion: String) -> String {
        "<samlp:Response xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"\(samlNS)\" ID=\"\(responseID)\" InResponseTo=\"_req42\" IssueInstant=\"2026-03-01T08:30:00Z\" Destination=\"https://sp.ent.test/saml/acs\" Version=\"2.0\">"
            + "<saml:Issuer>https://idp.sesame.test/saml/metadata</saml:Issuer>"
            + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
            + assertion + "</samlp:Response>"
    }

    public static let generated = try! CertificateGenerator.generate(commonName: "bench.sesame.test", validityYears: 1)
    public static let key = try! PrivateKey(pem: generated.privateKeyPEM)
    public static let certificate = try! Certificate(pem: generated.certificatePEM)
    public static let signer = try! XMLSigner(privateKey: key, certificate: certificate)
    public static let verifier = try! SignatureVerifier(trustedCertificates: [certificate])

    public static let assertionXML = assertion(declareNamespace: true)
    /// Response signed at Response level (the assertion inside is covered).
    public static let signedResponse = try! signer.sign(response(assertion: assertion(declareNamespace: false)), elementIDs: [responseID])
    /// Response with both the assertion and the response signed.
    public static let doublySignedResponse = try! signer.sign(response(assertion: assertion(declareNamespace: false)),
                                                       elementIDs: [assertionID, responseID])
    /// 3 KB of bytes for the raw baselines.
    public static let buffer: [UInt8] = Array(assertionXML.utf8.prefix(3072))
}
