import Testing
@testable import XMLDSig
import Primitives

@Suite struct SignVerifyTests {
    @Test func fixtureIsTypicalSize() {
        let size = SAML.assertion().utf8.count
        #expect(size > 2500 && size < 4000, "assertion fixture is \(size) bytes")
    }

    @Test func signAndVerifyAssertion() throws {
        let signed = try Keys.idp.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        let verifier = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate])
        let verified = try verifier.verify(signed)
        #expect(verified.id == SAML.assertionID)
        #expect(verified.element.localName == "Assertion")
        #expect(verified.signingCertificate == Keys.idp.certificate)
        #expect(verified.element.children(named: "Signature", namespaceURI: XMLNamespaces.dsig).isEmpty)
        let nameID = try verified.element.uniqueChild(named: "Subject", namespaceURI: SAML.assertionNS)
            .uniqueChild(named: "NameID", namespaceURI: SAML.assertionNS)
        #expect(nameID.textContent == "user@example.org")
    }

    @Test func signaturePlacedAfterIssuer() throws {
        let signed = try Keys.idp.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        let doc = try XMLDocument(parsing: signed)
        let names = doc.root.children.map(\.localName)
        #expect(Array(names.prefix(3)) == ["Issuer", "Signature", "Subject"])
    }

    @Test func signAssertionThenResponse() throws {
        let signed = try Keys.idp.signer.sign(SAML.response(), elementIDs: [SAML.assertionID, SAML.responseID])
        let verifier = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate])
        let response = try verifier.verify(signed)
        #expect(response.element.localName == "Response")
        let assertion = try response.element.uniqueChild(named: "Assertion", namespaceURI: SAML.assertionNS)
        let verifiedAssertion = try verifier.verify(assertion)
        #expect(verifiedAssertion.id == SAML.assertionID)
        #expect(verifiedAssertion.element.document !== response.element.document)
    }

    @Test func ecdsaRoundTrip() throws {
        let signer = Keys.ec.signer
        #expect(signer.signatureAlgorithm == .ecdsaSHA256)
        let signed = try signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        let verifier = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate, Keys.ec.certificate])
        let verified = try verifier.verify(signed)
        #expect(verified.signatureAlgorithm == .ecdsaSHA256)
        #expect(verified.signingCertificate == Keys.ec.certificate)
        // r||s: 64 bytes for P-256, not DER.
        let doc = try XMLDocument(parsing: signed)
        let value = try doc.root.uniqueChild(named: "Signature", namespaceURI: XMLNamespaces.dsig)
            .uniqueChild(named: "SignatureValue", namespaceURI: XMLNamespaces.dsig).textContent
        #expect(Base64.decode(value)?.count == 64)
    }

    @Test func rsaSHA512Accepted() throws {
        var signer = try XMLSigner(privateKey: Keys.idp.key, certificate: Keys.idp.certificate, signatureAlgorithm: .rsaSHA512)
        signer.digestAlgorithm = .sha512
        let signed = try signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        let verified = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(signed)
        #expect(verified.signatureAlgorithm == .rsaSHA512)
        #expect(verified.digestAlgorithm == .sha512)
    }

    @Test func withCommentsCanonicalizationKeepsSignedComments() throws {
        var signer = Keys.idp.signer
        signer.canonicalization = .exclusiveWithComments
        let xml = SAML.assertion().replacingOccurrences(of: "<saml:Subject>", with: "<!--note--><saml:Subject>")
        let signed = try signer.sign(xml, elementIDs: [SAML.assertionID])
        let verified = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(signed)
        #expect(verified.element.serialized().contains("<!--note-->"))
        // With comments signed, adding one breaks the digest.
        let tampered = signed.replacingOccurrences(of: "<!--note-->", with: "<!--note2-->")
        expectError(.digestMismatch) { _ = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(tampered) }
    }

    @Test func signerRefusesMismatchedCertificate() {
        expectErrorCase({ if case .invalidKey = $0 { true } else { false } }, "invalidKey") {
            _ = try XMLSigner(privateKey: Keys.idp.key, certificate: Keys.attacker.certificate)
        }
    }

    @Test func signerRefusesAlreadySignedElement() throws {
        let signed = try Keys.idp.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        expectError(.multipleSignatures) { _ = try Keys.idp.signer.sign(signed, elementIDs: [SAML.assertionID]) }
    }

    @Test func signedDocumentVerifiesAfterReserialization() throws {
        let signed = try Keys.idp.signer.sign(SAML.response(), elementIDs: [SAML.responseID])
        let again = try XMLDocument(parsing: signed).serialized()
        _ = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(again)
    }
}
