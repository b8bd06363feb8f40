import Testing
@testable import XMLDSig

/// A loop over every code path that allocates in libxml2 or OpenSSL, run
/// under valgrind/LeakSanitizer (see NOTES.md) and as an ordinary test.
@Suite struct LeakLoopTests {
    @Test func verifyLoop() throws {
        let signer = Keys.idp.signer
        let verifier = try SignatureVerifier(trustedCertificates: [Keys.attacker.certificate, Keys.idp.certificate])
        let signed = try signer.sign(SAML.response(), elementIDs: [SAML.assertionID, SAML.responseID])
        let tampered = signed.replacingOccurrences(of: ">Jeanne<", with: ">Jeannf<")
        let encrypted = try XMLEncryptor(recipient: Keys.sp.certificate).encryptAssertions(inResponse: signed)
        let decryptor = try XMLDecryptor(privateKey: Keys.sp.key)
        for _ in 0..<25 {
            let response = try verifier.verify(signed)
            let assertion = try response.element.uniqueChild(named: "Assertion", namespaceURI: SAML.assertionNS)
            #expect(try verifier.verify(assertion).id == SAML.assertionID)
            #expect(throws: XMLSignatureError.digestMismatch) { try verifier.verify(tampered) }
            #expect(throws: XMLSignatureError.doctypeForbidden) { try XMLDocument(parsing: "<!DOCTYPE a [<!ENTITY x 'y'>]><a>&x;</a>") }
            #expect(throws: (any Error).self) { try XMLDocument(parsing: "<a><b></a>") }
            let decrypted = try decryptor.decryptAssertions(inResponse: encrypted)
            _ = try verifier.verify(decrypted.root.uniqueChild(named: "Assertion", namespaceURI: SAML.assertionNS))
            let octets = Array("SAMLRequest=abc&RelayState=r".utf8)
            #expect(Keys.idp.certificate.publicKey.isValidSignature(try Keys.idp.key.signature(for: octets, algorithm: .rsaSHA256), for: octets, algorithm: .rsaSHA256))
            _ = try Keys.ec.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
            _ = try Certificate(pem: Keys.idp.certificatePEM)
            _ = try PrivateKey(pem: Keys.idp.keyPEM)
            _ = try ExclusiveCanonicalizer(inclusiveNamespacePrefixes: ["xs", "#default"]).canonicalize(response.element)
        }
    }
}
