import Foundation
import SesameTestSupport
import Testing
@testable import XMLDSig

extension KeyPair {
    var signer: XMLSigner { try! XMLSigner(privateKey: key, certificate: certificate) }
}

enum Keys {
    static let idp = KeyPair(commonName: "idp.sesame.test")
    static let attacker = KeyPair(commonName: "attacker.example")
    static let ec = KeyPair(commonName: "ec.sesame.test", algorithm: .ecP256)
    static let sp = KeyPair(commonName: "sp.sesame.test")
}

enum SAML {
    static let assertionNS = "urn:oasis:names:tc:SAML:2.0:assertion"
    static let protocolNS = "urn:oasis:names:tc:SAML:2.0:protocol"

    /// A typical ~3 KB assertion with 8 attributes (French school directory flavour).
    static func assertion(id: String = "_a1b2c3d4e5f60718293a4b5c6d7e8f90", nameID: String = "user@example.org",
                          declareNamespaces: Bool = true) -> String {
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
        let ns = declareNamespaces ? " xmlns:saml=\"\(assertionNS)\"" : ""
        return """
        <saml:Assertion\(ns) ID="\(id)" IssueInstant="2026-03-01T08:30:00Z" Version="2.0">\
        <saml:Issuer>https://idp.sesame.test/saml/metadata</saml:Issuer>\
        <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" \
        SPNameQualifier="https://sp.ent.test/saml">\(nameID)</saml:NameID>\
        <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\
        <saml:SubjectConfirmationData InResponseTo="_req42" NotOnOrAfter="2026-03-01T08:35:00Z" \
        Recipient="https://sp.ent.test/saml/acs"/></saml:SubjectConfirmation></saml:Subject>\
        <saml:Conditions NotBefore="2026-03-01T08:29:30Z" NotOnOrAfter="2026-03-01T08:35:00Z">\
        <saml:AudienceRestriction><saml:Audience>https://sp.ent.test/saml</saml:Audience></saml:AudienceRestriction>\
        </saml:Conditions>\
        <saml:AuthnStatement AuthnInstant="2026-03-01T08:30:00Z" SessionIndex="_s7f3c9">\
        <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef>\
        </saml:AuthnContext></saml:AuthnStatement>\
        <saml:AttributeStatement>\(attrXML)</saml:AttributeStatement></saml:Assertion>
        """
    }

    static func response(id: String = "_r9f8e7d6c5b4a39281706f5e4d3c2b1a0", assertion: String = SAML.assertion(declareNamespaces: false),
                         extra: String = "") -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <samlp:Response xmlns:samlp="\(protocolNS)" xmlns:saml="\(assertionNS)" ID="\(id)" \
        InResponseTo="_req42" IssueInstant="2026-03-01T08:30:00Z" Destination="https://sp.ent.test/saml/acs" Version="2.0">\
        <saml:Issuer>https://idp.sesame.test/saml/metadata</saml:Issuer>\
        <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\
        \(extra)\(assertion)</samlp:Response>
        """
    }

    static let assertionID = "_a1b2c3d4e5f60718293a4b5c6d7e8f90"
    static let responseID = "_r9f8e7d6c5b4a39281706f5e4d3c2b1a0"
}

/// Temporary directory removed when the value goes away.
/// Expects `body` to throw exactly `expected`.
func expectError(_ expected: XMLSignatureError, sourceLocation: SourceLocation = #_sourceLocation,
                 _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(expected), but no error was thrown", sourceLocation: sourceLocation)
    } catch let error as XMLSignatureError {
        #expect(error == expected, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got foreign error \(error)", sourceLocation: sourceLocation)
    }
}

/// Like expectError but only compares the case, not associated values.
func expectErrorCase(_ matches: (XMLSignatureError) -> Bool, _ label: String, sourceLocation: SourceLocation = #_sourceLocation,
                     _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(label), but no error was thrown", sourceLocation: sourceLocation)
    } catch let error as XMLSignatureError {
        #expect(matches(error), "expected \(label), got \(error)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(label), got foreign error \(error)", sourceLocation: sourceLocation)
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
