import Foundation
import Testing
import SesameTestSupport
@testable import XMLDSig

/// Interoperability with the real xmlsec1 command-line tool. These tests
/// fail (never skip) when xmlsec1 is missing.
@Suite struct XMLSecInteropTests {
    static let assertionNode = "urn:oasis:names:tc:SAML:2.0:assertion:Assertion"
    static let responseNode = "urn:oasis:names:tc:SAML:2.0:protocol:Response"

    @Test func xmlsec1IsInstalled() throws {
        let result = try Tool.xmlsec1(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("xmlsec1"))
    }

    func xmlsecVerify(_ xml: String, certificatePEM: String, extraIDAttrs: [String] = []) throws -> CommandResult {
        let dir = TempDir()
        let cert = dir.write("cert.pem", certificatePEM)
        let file = dir.write("signed.xml", xml)
        var args = ["--verify", "--pubkey-cert-pem", cert, "--id-attr:ID", Self.assertionNode]
        for node in extraIDAttrs { args += ["--id-attr:ID", node] }
        return try Tool.xmlsec1(args + [file])
    }

    @Test func rsaSignedHereVerifiesWithXmlsec1() throws {
        let signed = try Keys.idp.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        let result = try xmlsecVerify(signed, certificatePEM: Keys.idp.certificatePEM)
        #expect(result.status == 0, "xmlsec1 refused our signature: \(result.stderr)")
        #expect(result.stderr.contains("OK"))
    }

    @Test func responseSignedHereVerifiesWithXmlsec1() throws {
        let signed = try Keys.idp.signer.sign(SAML.response(), elementIDs: [SAML.assertionID, SAML.responseID])
        // xmlsec1 checks the first ds:Signature in document order: the Response's.
        let result = try xmlsecVerify(signed, certificatePEM: Keys.idp.certificatePEM, extraIDAttrs: [Self.responseNode])
        #expect(result.status == 0, "xmlsec1 refused our signature: \(result.stderr)")
        // And a tampered copy is refused by xmlsec1 too (the check can fail).
        let tampered = signed.replacingOccurrences(of: ">Jeanne<", with: ">Jeannf<")
        let bad = try xmlsecVerify(tampered, certificatePEM: Keys.idp.certificatePEM, extraIDAttrs: [Self.responseNode])
        #expect(bad.status != 0)
    }

    @Test func ecdsaSignedHereVerifiesWithXmlsec1() throws {
        let signed = try Keys.ec.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        let result = try xmlsecVerify(signed, certificatePEM: Keys.ec.certificatePEM)
        #expect(result.status == 0, "xmlsec1 refused our ECDSA signature: \(result.stderr)")
    }

    static func signatureTemplate(id: String, method: SignatureAlgorithm) -> String {
        """
        <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
          <ds:SignedInfo>
            <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
            <ds:SignatureMethod Algorithm="\(method.rawValue)"/>
            <ds:Reference URI="#\(id)">
              <ds:Transforms>
                <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>
                <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>
              </ds:Transforms>
              <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>
              <ds:DigestValue></ds:DigestValue>
            </ds:Reference>
          </ds:SignedInfo>
          <ds:SignatureValue></ds:SignatureValue>
          <ds:KeyInfo><ds:X509Data></ds:X509Data></ds:KeyInfo>
        </ds:Signature>
        """
    }

    /// xmlsec1 signs from a template with a key made by `openssl req`.
    @Test(arguments: [SignatureAlgorithm.rsaSHA256, .ecdsaSHA256])
    func signedByXmlsec1VerifiesHere(method: SignatureAlgorithm) throws {
        let dir = TempDir()
        let key = dir.url.appendingPathComponent("key.pem").path
        let cert = dir.url.appendingPathComponent("cert.pem").path
        let keyArgs = method == .rsaSHA256 ? ["-newkey", "rsa:2048"] : ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256"]
        let req = try Tool.run("openssl", ["req", "-x509", "-nodes"] + keyArgs + ["-keyout", key, "-out", cert,
                                           "-subj", "/CN=xmlsec-peer.test", "-days", "2"])
        #expect(req.status == 0, "openssl req failed: \(req.stderr)")
        let template = SAML.assertion().replacingFirst("</saml:Issuer>",
            with: "</saml:Issuer>" + Self.signatureTemplate(id: SAML.assertionID, method: method))
        let input = dir.write("template.xml", template)
        let output = dir.url.appendingPathComponent("signed.xml").path
        let result = try Tool.xmlsec1(["--sign", "--privkey-pem", "\(key),\(cert)", "--id-attr:ID", Self.assertionNode,
                                       "--output", output, input])
        #expect(result.status == 0, "xmlsec1 --sign failed: \(result.stderr)")
        let signed = dir.read("signed.xml")
        let certificate = try Certificate(pem: try String(contentsOfFile: cert, encoding: .utf8))
        let verified = try SignatureVerifier(trustedCertificates: [certificate]).verify(signed)
        #expect(verified.signatureAlgorithm == method)
        #expect(verified.id == SAML.assertionID)
        // Same document, but we only trust another key: refused.
        expectError(.untrustedKey) {
            _ = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate, Keys.ec.certificate]).verify(signed)
        }
    }

    /// xmlsec1 1.2.37 only knows rsa-oaep-mgf1p (xmlenc11#rsa-oaep came in
    /// 1.3), so interop runs with mgf1p; xmlenc11#rsa-oaep is covered by the
    /// module's own round trips.
    @Test(arguments: [ContentEncryptionAlgorithm.aes256GCM, .aes128GCM])
    func encryptedHereDecryptsWithXmlsec1(content: ContentEncryptionAlgorithm) throws {
        let transport = KeyTransportAlgorithm.rsaOAEPMGF1P
        var encryptor = try XMLEncryptor(recipient: Keys.sp.certificate)
        encryptor.keyTransport = transport
        encryptor.contentAlgorithm = content
        let encrypted = try encryptor.encryptAssertions(inResponse: SAML.response())
        #expect(!encrypted.contains("user@example.org"))
        let dir = TempDir()
        let key = dir.write("sp-key.pem", Keys.sp.keyPEM)
        let file = dir.write("encrypted.xml", encrypted)
        let result = try Tool.xmlsec1(["--decrypt", "--privkey-pem", key, file])
        #expect(result.status == 0, "xmlsec1 --decrypt failed: \(result.stderr)")
        #expect(result.stdout.contains("user@example.org"))
        #expect(result.stdout.contains("<saml:EncryptedAssertion><saml:Assertion"))
    }

    static func encryptionTemplate(content: ContentEncryptionAlgorithm, transport: KeyTransportAlgorithm) -> String {
        let mgf = transport == .rsaOAEP ? "<xenc11:MGF xmlns:xenc11=\"http://www.w3.org/2009/xmlenc11#\" Algorithm=\"http://www.w3.org/2009/xmlenc11#mgf1sha1\"/>" : ""
        return """
        <xenc:EncryptedData xmlns:xenc="http://www.w3.org/2001/04/xmlenc#" Type="http://www.w3.org/2001/04/xmlenc#Element">
          <xenc:EncryptionMethod Algorithm="\(content.rawValue)"/>
          <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
            <xenc:EncryptedKey>
              <xenc:EncryptionMethod Algorithm="\(transport.rawValue)">
                <ds:DigestMethod Algorithm="http://www.w3.org/2000/09/xmldsig#sha1"/>\(mgf)
              </xenc:EncryptionMethod>
              <xenc:CipherData><xenc:CipherValue/></xenc:CipherData>
            </xenc:EncryptedKey>
          </ds:KeyInfo>
          <xenc:CipherData><xenc:CipherValue/></xenc:CipherData>
        </xenc:EncryptedData>
        """
    }

    @Test(arguments: [ContentEncryptionAlgorithm.aes256GCM, .aes256CBC, .aes128GCM, .aes128CBC])
    func encryptedByXmlsec1DecryptsHere(content: ContentEncryptionAlgorithm) throws {
        let transport = KeyTransportAlgorithm.rsaOAEPMGF1P
        let dir = TempDir()
        let cert = dir.write("sp-cert.pem", Keys.sp.certificatePEM)
        // The assertion to encrypt sits inside EncryptedAssertion; xmlsec1
        // replaces it with EncryptedData, giving the SAML shape.
        let data = SAML.response(assertion: "<saml:EncryptedAssertion>\(SAML.assertion(declareNamespaces: false))</saml:EncryptedAssertion>")
        let dataFile = dir.write("data.xml", data)
        let template = dir.write("template.xml", Self.encryptionTemplate(content: content, transport: transport))
        let output = dir.url.appendingPathComponent("out.xml").path
        let size = content.keyLength == 32 ? "aes-256" : "aes-128"
        let result = try Tool.xmlsec1(["--encrypt", "--pubkey-cert-pem", cert, "--session-key", size,
                                       "--xml-data", dataFile, "--node-name", Self.assertionNode,
                                       "--output", output, template])
        #expect(result.status == 0, "xmlsec1 --encrypt failed: \(result.stderr)")
        let encrypted = dir.read("out.xml")
        #expect(encrypted.contains("EncryptedData") && !encrypted.contains("user@example.org"))
        let decrypted = try XMLDecryptor(privateKey: Keys.sp.key).decryptAssertions(inResponse: encrypted)
        let assertion = try decrypted.root.uniqueChild(named: "Assertion", namespaceURI: SAML.assertionNS)
        let nameID = try assertion.uniqueChild(named: "Subject", namespaceURI: SAML.assertionNS)
            .uniqueChild(named: "NameID", namespaceURI: SAML.assertionNS)
        #expect(nameID.textContent == "user@example.org")
        #expect(assertion.attribute("ID") == SAML.assertionID)
    }
}
