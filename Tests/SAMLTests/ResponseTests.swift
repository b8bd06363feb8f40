import Foundation
import Testing
@testable import SAML
import XMLDSig
import Primitives

@Suite struct ResponseTests {
    let idp = Fixture.idp()
    let saml = SAMLNamespace.assertion
    let samlp = SAMLNamespace.protocol

    func request() throws -> AuthnRequest {
        try idp.receiveAuthnRequest(.redirect(rawQuery: Fixture.redirectQuery(Fixture.authnRequestXML())), lookup: Fixture.lookup,
                                    now: Fixture.now)
    }

    func content() -> AssertionContent {
        AssertionContent(nameID: NameID(value: "nid<&>\"'", format: NameIDFormat.persistent, spNameQualifier: Fixture.spID),
                         sessionIndex: "_sess42", authnInstant: Fixture.now.addingTimeInterval(-10),
                         authnContextClass: "urn:franceconnect:eidas1",
                         attributes: [SAMLAttribute(name: "urn:oid:2.5.4.4", friendlyName: "sn", values: ["A & B < C > D \" E ' F"]),
                                      SAMLAttribute(name: "multi", nameFormat: AttributeNameFormat.basic, values: ["1", "2"])],
                         sessionNotOnOrAfter: Fixture.now.addingTimeInterval(3600))
    }

    @Test func buildsSignedAssertion() throws {
        let response = try idp.buildResponse(to: ResponseRecipient(request: try request()), sp: Fixture.sp(), content: content(),
                                             now: Fixture.now)
        #expect(response.xml.hasPrefix("<?xml"))
        #expect(response.id.count == 41 && response.assertionID?.count == 41 && response.id != response.assertionID)
        let root = try XMLDocument(parsing: response.xml).root
        #expect(root.is("Response", samlp))
        #expect(root.attr("Destination") == Fixture.acs && root.attr("InResponseTo") == "_req0123456789")
        #expect(root.attr("IssueInstant") == "2026-03-01T08:40:00Z" && root.attr("Version") == "2.0")
        #expect(root.firstChild(named: "Signature", namespaceURI: SAMLNamespace.dsig) == nil)
        #expect(try SAMLStatus.parse(root.requiredChild("Status", samlp)) == .success)
        // Only what the signature covers is read from here on.
        let verifier = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate])
        let assertion = try verifier.verify(root.uniqueChild(named: "Assertion", namespaceURI: saml)).element
        #expect(try assertion.requiredChild("Issuer", saml).textContent == idp.entityID)
        let subject = try assertion.requiredChild("Subject", saml)
        let nameID = try subject.requiredChild("NameID", saml)
        #expect(nameID.textContent == "nid<&>\"'" && nameID.attr("SPNameQualifier") == Fixture.spID)
        let data = try subject.requiredChild("SubjectConfirmation", saml).requiredChild("SubjectConfirmationData", saml)
        #expect(data.attr("Recipient") == Fixture.acs && data.attr("InResponseTo") == "_req0123456789")
        #expect(data.attr("NotOnOrAfter") == "2026-03-01T08:45:00Z")
        let conditions = try assertion.requiredChild("Conditions", saml)
        #expect(conditions.attr("NotBefore") == "2026-03-01T08:39:00Z" && conditions.attr("NotOnOrAfter") == "2026-03-01T08:45:00Z")
        #expect(try conditions.requiredChild("AudienceRestriction", saml).requiredChild("Audience", saml).textContent == Fixture.spID)
        let authn = try assertion.requiredChild("AuthnStatement", saml)
        #expect(authn.attr("SessionIndex") == "_sess42" && authn.attr("AuthnInstant") == "2026-03-01T08:39:50Z")
        #expect(authn.attr("SessionNotOnOrAfter") == "2026-03-01T09:40:00Z")
        #expect(try authn.requiredChild("AuthnContext", saml).requiredChild("AuthnContextClassRef", saml).textContent
            == "urn:franceconnect:eidas1")
        let attributes = try assertion.requiredChild("AttributeStatement", saml).children(named: "Attribute", namespaceURI: saml)
        #expect(attributes.count == 2)
        #expect(attributes[0].children.map(\.textContent) == ["A & B < C > D \" E ' F"])
        #expect(attributes[0].attr("FriendlyName") == "sn" && attributes[0].attr("NameFormat") == AttributeNameFormat.uri)
        #expect(attributes[1].children.map(\.textContent) == ["1", "2"])
        // The POST form.
        let form = response.postForm
        #expect(form.url == Fixture.acs && form.fields.map(\.name) == ["SAMLResponse", "RelayState"])
        #expect(Base64.decode(form.fields[0].value) == Array(response.xml.utf8) && form.fields[1].value == "rs1")
    }

    @Test func signsResponseAndEncrypts() throws {
        let options = ResponseOptions(signAssertion: true, signResponse: true, encryptAssertion: true)
        let response = try idp.buildResponse(to: ResponseRecipient(request: try request()), sp: Fixture.sp(), content: content(),
                                             options: options, now: Fixture.now)
        let verifier = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate])
        let verified = try verifier.verify(response.xml)
        #expect(verified.id == response.id)
        #expect(verified.element.firstChild(named: "Assertion", namespaceURI: saml) == nil)
        let decrypted = try XMLDecryptor(privateKey: Keys.sp.key).decryptAssertions(in: verified.element.document)
        let assertion = try verifier.verify(decrypted.root.uniqueChild(named: "Assertion", namespaceURI: saml)).element
        #expect(assertion.attr("ID") == response.assertionID)
        // Another key cannot decrypt it.
        #expect(throws: XMLSignatureError.self) { try XMLDecryptor(privateKey: Keys.attacker.key).decryptAssertions(inResponse: response.xml) }
        // No encryption certificate: typed error.
        #expect(throws: SAMLError.noEncryptionCertificate(Fixture.spID)) {
            try idp.buildResponse(to: ResponseRecipient(request: try request()), sp: Fixture.sp(withKeys: false), content: content(),
                                  options: options, now: Fixture.now)
        }
    }

    @Test func unsolicitedAndUnsignedVariants() throws {
        let recipient = try ResponseRecipient.unsolicited(sp: Fixture.sp(), relayState: "/ent")
        #expect(recipient.acsURL == Fixture.acs2 && recipient.inResponseTo == nil)
        #expect(throws: SAMLError.unknownAssertionConsumerService("https://evil.test")) {
            try ResponseRecipient.unsolicited(sp: Fixture.sp(), acsURL: "https://evil.test")
        }
        let options = ResponseOptions(signAssertion: false, signResponse: true)
        let response = try idp.buildResponse(to: recipient, sp: Fixture.sp(), content: content(), options: options, now: Fixture.now)
        #expect(!response.xml.contains("InResponseTo"))
        let verified = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(response.xml)
        let assertion = try verified.element.uniqueChild(named: "Assertion", namespaceURI: saml)
        #expect(assertion.firstChild(named: "Signature", namespaceURI: SAMLNamespace.dsig) == nil)
        // Neither signature: refused (SAML profiles §4.1.3.5).
        if case .invalidConfiguration = samlError({ try idp.buildResponse(to: recipient, sp: Fixture.sp(), content: content(),
                                                                          options: ResponseOptions(signAssertion: false), now: Fixture.now) }) {
        } else { Issue.record("unsigned response accepted") }
        // Mismatched SP metadata is a programming error, reported as such.
        var other = Fixture.sp()
        other.entityID = "https://other.test"
        if case .invalidConfiguration = samlError({ try idp.buildResponse(to: recipient, sp: other, content: content(), now: Fixture.now) }) {
        } else { Issue.record("expected invalidConfiguration") }
    }

    @Test func errorResponses() throws {
        let email = Fixture.authnRequestXML(nameIDPolicy: NameIDFormat.emailAddress)
        let error = samlError { try idp.receiveAuthnRequest(.redirect(rawQuery: Fixture.redirectQuery(email)), lookup: Fixture.lookup, now: Fixture.now) }
        guard case .invalidNameIDPolicy(_, let target) = error else { Issue.record("expected invalidNameIDPolicy"); return }
        let response = try idp.buildErrorResponse(to: ResponseRecipient(errorTarget: target), status: error!.status, now: Fixture.now)
        #expect(response.assertionID == nil && response.destination == Fixture.acs)
        let root = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(response.xml).element
        #expect(root.attr("InResponseTo") == "_req0123456789")
        let status = try SAMLStatus.parse(root.requiredChild("Status", samlp))
        #expect(status == SAMLStatus(.requester, .invalidNameIDPolicy))
        #expect(root.firstChild(named: "Assertion", namespaceURI: saml) == nil)

        let passive = try idp.buildErrorResponse(to: ResponseRecipient(request: try request()),
                                                 status: SAMLStatus(.responder, .noPassive, message: "pas de session <ici>"),
                                                 sign: false, now: Fixture.now)
        let parsed = try SAMLStatus.parse(XMLDocument(parsing: passive.xml).root.requiredChild("Status", samlp))
        #expect(parsed == SAMLStatus(.responder, .noPassive, message: "pas de session <ici>"))
        for code in [SAMLStatusCode.authnFailed, .requestDenied, .unsupportedBinding] {
            #expect(!code.isTopLevel)
        }
    }

    @Test func buildsConcurrently() async throws {
        let idp = self.idp
        let recipient = ResponseRecipient(request: try request())
        let content = content()
        let ids = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<32 {
                group.addTask {
                    let response = try idp.buildResponse(to: recipient, sp: Fixture.sp(), content: content, now: Fixture.now)
                    let root = try XMLDocument(parsing: response.xml).root
                    let verifier = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate])
                    return try verifier.verify(root.uniqueChild(named: "Assertion", namespaceURI: SAMLNamespace.assertion)).id
                }
            }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(ids.count == 32)
    }
}
