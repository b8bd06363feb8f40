import Testing
@testable import XMLDSig
import Primitives

@Suite struct EncryptionTests {
    @Test(arguments: [KeyTransportAlgorithm.rsaOAEP, .rsaOAEPMGF1P])
    func roundTrip(transport: KeyTransportAlgorithm) throws {
        var encryptor = try XMLEncryptor(recipient: Keys.sp.certificate)
        encryptor.keyTransport = transport
        let encrypted = try encryptor.encryptAssertions(inResponse: SAML.response())
        #expect(encrypted.contains("<saml:EncryptedAssertion><xenc:EncryptedData"))
        #expect(encrypted.contains(transport.rawValue))
        #expect(!encrypted.contains("Jeanne"))
        let decrypted = try XMLDecryptor(privateKey: Keys.sp.key).decryptAssertions(inResponse: encrypted)
        let assertion = try decrypted.root.uniqueChild(named: "Assertion", namespaceURI: SAML.assertionNS)
        #expect(assertion.attribute("ID") == SAML.assertionID)
        #expect(decrypted.root.children(named: "EncryptedAssertion", namespaceURI: SAML.assertionNS).isEmpty)
    }

    @Test func oaepSHA256AndMGF1SHA256() throws {
        var encryptor = try XMLEncryptor(recipient: Keys.sp.certificate)
        encryptor.keyTransport = .rsaOAEP
        encryptor.oaepDigest = .sha256
        encryptor.mgf = .sha256
        let encrypted = try encryptor.encryptAssertions(inResponse: SAML.response())
        #expect(encrypted.contains(MGF1Algorithm.sha256.rawValue))
        _ = try XMLDecryptor(privateKey: Keys.sp.key).decryptAssertions(inResponse: encrypted)
    }

    @Test func signThenEncryptThenDecryptThenVerify() throws {
        let signed = try Keys.idp.signer.sign(SAML.response(), elementIDs: [SAML.assertionID])
        let encrypted = try XMLEncryptor(recipient: Keys.sp.certificate).encryptAssertions(inResponse: signed)
        let decrypted = try XMLDecryptor(privateKey: Keys.sp.key).decryptAssertions(inResponse: encrypted)
        let assertion = try decrypted.root.uniqueChild(named: "Assertion", namespaceURI: SAML.assertionNS)
        let verified = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(assertion)
        #expect(verified.id == SAML.assertionID)
    }

    @Test func wrongKeyFails() throws {
        let encrypted = try XMLEncryptor(recipient: Keys.sp.certificate).encryptAssertions(inResponse: SAML.response())
        expectErrorCase({ if case .decryptionFailed = $0 { true } else { false } }, "decryptionFailed") {
            _ = try XMLDecryptor(privateKey: Keys.attacker.key).decryptAssertions(inResponse: encrypted)
        }
    }

    @Test func tamperedCiphertextFailsAuthentication() throws {
        let encrypted = try XMLEncryptor(recipient: Keys.sp.certificate).encryptAssertions(inResponse: SAML.response())
        let doc = try XMLDocument(parsing: encrypted)
        let data = try doc.root.uniqueChild(named: "EncryptedAssertion", namespaceURI: SAML.assertionNS)
            .uniqueChild(named: "EncryptedData", namespaceURI: XMLNamespaces.xmlenc)
        let value = try data.uniqueChild(named: "CipherData", namespaceURI: XMLNamespaces.xmlenc)
            .uniqueChild(named: "CipherValue", namespaceURI: XMLNamespaces.xmlenc).textContent
        var bytes = Base64.decode(value)!
        bytes[40] ^= 1
        let tampered = encrypted.replacingOccurrences(of: value, with: Base64.encode(bytes))
        expectError(.decryptionFailed("authentication tag mismatch")) {
            _ = try XMLDecryptor(privateKey: Keys.sp.key).decryptAssertions(inResponse: tampered)
        }
    }

    @Test func cbcCanBeDisabled() throws {
        let template = XMLSecInteropTests.encryptionTemplate(content: .aes256CBC, transport: .rsaOAEPMGF1P)
        let xml = SAML.response(assertion: "<saml:EncryptedAssertion>\(template)</saml:EncryptedAssertion>")
        var decryptor = try XMLDecryptor(privateKey: Keys.sp.key)
        decryptor.allowCBC = false
        expectError(.unsupportedEncryption(ContentEncryptionAlgorithm.aes256CBC.rawValue)) {
            _ = try decryptor.decryptAssertions(inResponse: xml)
        }
    }

    @Test func encryptElementByID() throws {
        let encrypted = try XMLEncryptor(recipient: Keys.sp.certificate).encryptElement(
            in: SAML.response(), elementID: SAML.assertionID,
            wrapper: (localName: "EncryptedAssertion", namespaceURI: SAML.assertionNS, prefix: "saml"))
        let doc = try XMLDocument(parsing: encrypted)
        let data = try doc.root.uniqueChild(named: "EncryptedAssertion", namespaceURI: SAML.assertionNS)
            .uniqueChild(named: "EncryptedData", namespaceURI: XMLNamespaces.xmlenc)
        let plaintext = try XMLDecryptor(privateKey: Keys.sp.key).decrypt(data)
        let text = String(decoding: plaintext, as: UTF8.self)
        // Namespaces from the Response are re-declared so the plaintext stands alone.
        #expect(text.hasPrefix("<saml:Assertion xmlns:saml=\"\(SAML.assertionNS)\""))
        _ = try XMLDocument(parsing: text)
    }

    @Test func ecRecipientRefused() {
        expectErrorCase({ if case .encryptionFailed = $0 { true } else { false } }, "encryptionFailed") {
            _ = try XMLEncryptor(recipient: Keys.ec.certificate)
        }
    }
}
