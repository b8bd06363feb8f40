import Testing
@testable import XMLDSig

/// Attacks on signature verification; each must fail with a precise error.
@Suite struct HostileCorpusTests {
    let verifier = try! SignatureVerifier(trustedCertificates: [Keys.idp.certificate])
    let evil = SAML.assertion(id: "_evil", nameID: "admin@example.org", declareNamespaces: false)

    /// A standalone signed assertion (xmlns:saml on the assertion itself).
    static let signedAssertion = try! Keys.idp.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID], includeDeclaration: false)

    static var signatureXML: String {
        let s = signedAssertion
        let start = s.range(of: "<ds:Signature")!.lowerBound
        let end = s.range(of: "</ds:Signature>")!.upperBound
        return String(s[start..<end])
    }

    /// Verifies the single saml:Assertion child of the Response, the way the SAML layer will.
    func verifyAssertion(inResponse xml: String) throws -> VerifiedElement {
        let doc = try XMLDocument(parsing: xml)
        return try verifier.verify(doc.root.uniqueChild(named: "Assertion", namespaceURI: SAML.assertionNS))
    }

    @Test func untamperedBaseline() throws {
        let verified = try verifyAssertion(inResponse: SAML.response(assertion: Self.signedAssertion))
        #expect(verified.id == SAML.assertionID)
    }

    // MARK: Signature wrapping

    @Test func secondUnsignedAssertionBeside() throws {
        let xml = SAML.response(assertion: Self.signedAssertion + evil)
        expectError(.ambiguousElement("{\(SAML.assertionNS)}Assertion")) { _ = try verifyAssertion(inResponse: xml) }
        // Verifying the signed one directly returns only what was signed.
        let doc = try XMLDocument(parsing: xml)
        let verified = try verifier.verify(doc.root.children(named: "Assertion", namespaceURI: SAML.assertionNS)[0])
        #expect(!verified.element.serialized().contains("admin@example.org"))
        #expect(verified.element.parent == nil)
    }

    @Test func unsignedAssertionAroundSignedOne() {
        let wrapped = evil.replacingOccurrences(of: "</saml:Assertion>", with: Self.signedAssertion + "</saml:Assertion>")
        expectError(.missingSignature) { _ = try verifyAssertion(inResponse: SAML.response(assertion: wrapped)) }
    }

    @Test func signatureMovedToWrappingAssertion() {
        let unsignedOriginal = Self.signedAssertion.replacingOccurrences(of: Self.signatureXML, with: "")
        let wrapper = evil
            .replacingFirst("</saml:Issuer>", with: "</saml:Issuer>" + Self.signatureXML)
            .replacingOccurrences(of: "</saml:AttributeStatement></saml:Assertion>",
                                  with: "</saml:AttributeStatement><saml:Advice>\(unsignedOriginal)</saml:Advice></saml:Assertion>")
        expectError(.referenceURIMismatch(expected: "#_evil", found: "#" + SAML.assertionID)) {
            _ = try verifyAssertion(inResponse: SAML.response(assertion: wrapper))
        }
    }

    @Test func unsignedAssertionInsideSignedOne() {
        let tampered = Self.signedAssertion.replacingOccurrences(
            of: "</saml:AttributeStatement>", with: "</saml:AttributeStatement><saml:Advice>\(evil)</saml:Advice>")
        expectError(.digestMismatch) { _ = try verifyAssertion(inResponse: SAML.response(assertion: tampered)) }
    }

    @Test func sameIDAssertionInsideSignedOne() {
        let clone = SAML.assertion(id: SAML.assertionID, nameID: "admin@example.org", declareNamespaces: false)
        let tampered = Self.signedAssertion.replacingOccurrences(
            of: "</saml:AttributeStatement>", with: "</saml:AttributeStatement><saml:Advice>\(clone)</saml:Advice>")
        expectError(.duplicateID(SAML.assertionID)) { _ = try verifyAssertion(inResponse: SAML.response(assertion: tampered)) }
    }

    @Test func signedAssertionMovedIntoExtensionsWithSameIDForgery() {
        let forged = SAML.assertion(id: SAML.assertionID, nameID: "admin@example.org", declareNamespaces: false)
            .replacingFirst("</saml:Issuer>", with: "</saml:Issuer>" + Self.signatureXML)
        let xml = SAML.response(assertion: forged, extra: "<samlp:Extensions>\(Self.signedAssertion)</samlp:Extensions>")
        expectError(.duplicateID(SAML.assertionID)) { _ = try verifyAssertion(inResponse: xml) }
    }

    @Test func signedAssertionMovedIntoExtensionsWithNewIDForgery() {
        let forged = evil.replacingFirst("</saml:Issuer>", with: "</saml:Issuer>" + Self.signatureXML)
        let xml = SAML.response(assertion: forged, extra: "<samlp:Extensions>\(Self.signedAssertion)</samlp:Extensions>")
        expectError(.referenceURIMismatch(expected: "#_evil", found: "#" + SAML.assertionID)) { _ = try verifyAssertion(inResponse: xml) }
    }

    @Test func signedResponseMovedIntoDsObject() throws {
        let signed = try Keys.idp.signer.sign(SAML.response(), elementIDs: [SAML.responseID], includeDeclaration: false)
        let sigStart = signed.range(of: "<ds:Signature")!.lowerBound
        let sigEnd = signed.range(of: "</ds:Signature>")!.lowerBound
        let signatureHead = String(signed[sigStart..<sigEnd])
        for forgedID in [SAML.responseID, "_forged"] {
            let forged = SAML.response(id: forgedID, assertion: evil)
                .replacingOccurrences(of: "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n", with: "")
                .replacingFirst("</saml:Issuer>",
                                with: "</saml:Issuer>\(signatureHead)<ds:Object>\(signed)</ds:Object></ds:Signature>")
            if forgedID == SAML.responseID {
                expectError(.duplicateID(SAML.responseID)) { _ = try verifier.verify(forged) }
            } else {
                expectError(.malformedSignature("ds:Object is not allowed")) { _ = try verifier.verify(forged) }
            }
        }
    }

    @Test func responseIDCollidingWithAssertionID() {
        let xml = SAML.response(id: SAML.assertionID, assertion: Self.signedAssertion)
        expectError(.duplicateID(SAML.assertionID)) { _ = try verifyAssertion(inResponse: xml) }
    }

    // MARK: Comment injection

    @Test func commentInsideNameIDReadsWhole() throws {
        let injected = Self.signedAssertion.replacingOccurrences(of: "user@example.org", with: "user@example<!---->.org")
        #expect(injected != Self.signedAssertion)
        let verified = try verifier.verify(injected)
        let nameID = try verified.element.uniqueChild(named: "Subject", namespaceURI: SAML.assertionNS)
            .uniqueChild(named: "NameID", namespaceURI: SAML.assertionNS)
        #expect(nameID.textContent == "user@example.org")
        #expect(!verified.element.serialized().contains("<!--"))
        #expect(String(decoding: verified.canonicalBytes, as: UTF8.self).contains(">user@example.org<"))
    }

    // MARK: Keys

    @Test func signatureByUntrustedKey() throws {
        let signed = try Keys.attacker.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        expectError(.untrustedKey) { _ = try verifier.verify(signed) }
        let bare = try XMLSigner(privateKey: Keys.attacker.key, certificate: nil)
            .sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        expectError(.signatureInvalid) { _ = try verifier.verify(bare) }
    }

    @Test func keyInfoWithAttackerCertificateIsNeverTrusted() throws {
        // Attacker signs with his key and ships his certificate in KeyInfo.
        let forged = try Keys.attacker.signer.sign(SAML.assertion(nameID: "admin@example.org"), elementIDs: [SAML.assertionID])
        expectError(.untrustedKey) { _ = try verifier.verify(forged) }
        // A genuine signature keeps verifying with the trusted key whatever KeyInfo says.
        let swapped = Self.signedAssertion.replacingOccurrences(of: Keys.idp.certificate.base64DER, with: Keys.attacker.certificate.base64DER)
        #expect(swapped != Self.signedAssertion)
        #expect(try verifier.verify(swapped).signingCertificate == Keys.idp.certificate)
    }

    @Test func ecdsaSignatureWhenOnlyRSATrusted() throws {
        let signed = try Keys.ec.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        expectError(.untrustedKey) { _ = try verifier.verify(signed) }
    }

    // MARK: Transforms and references

    static let excC14NTransform = "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/></ds:Transforms>"

    @Test func xpathTransform() {
        let xpath = "http://www.w3.org/TR/1999/REC-xpath-19991116"
        let tampered = Self.signedAssertion.replacingOccurrences(
            of: Self.excC14NTransform,
            with: "<ds:Transform Algorithm=\"\(xpath)\"><ds:XPath>not(ancestor-or-self::ds:Signature)</ds:XPath></ds:Transform>" + Self.excC14NTransform)
        expectError(.forbiddenTransform(xpath)) { _ = try verifier.verify(tampered) }
    }

    @Test func xsltTransform() {
        let xslt = "http://www.w3.org/TR/1999/REC-xslt-19991116"
        let tampered = Self.signedAssertion.replacingOccurrences(
            of: Self.excC14NTransform, with: "<ds:Transform Algorithm=\"\(xslt)\"/>" + Self.excC14NTransform)
        expectError(.forbiddenTransform(xslt)) { _ = try verifier.verify(tampered) }
    }

    @Test func inclusiveC14NTransform() {
        let c14n = "http://www.w3.org/TR/2001/REC-xml-c14n-20010315"
        let tampered = Self.signedAssertion.replacingOccurrences(
            of: Self.excC14NTransform, with: "<ds:Transform Algorithm=\"\(c14n)\"/></ds:Transforms>")
        expectError(.forbiddenTransform(c14n)) { _ = try verifier.verify(tampered) }
    }

    @Test func emptyReferenceURI() {
        let tampered = Self.signedAssertion.replacingOccurrences(of: "URI=\"#\(SAML.assertionID)\"", with: "URI=\"\"")
        expectError(.referenceURIMismatch(expected: "#" + SAML.assertionID, found: "")) { _ = try verifier.verify(tampered) }
    }

    @Test func externalReferenceURI() {
        let tampered = Self.signedAssertion.replacingOccurrences(of: "URI=\"#\(SAML.assertionID)\"", with: "URI=\"https://evil.example/a.xml\"")
        expectError(.referenceURIMismatch(expected: "#" + SAML.assertionID, found: "https://evil.example/a.xml")) { _ = try verifier.verify(tampered) }
    }

    @Test func digestMismatchAfterOneChangedByte() {
        let tampered = Self.signedAssertion.replacingOccurrences(of: ">Jeanne<", with: ">Jeannf<")
        #expect(tampered.utf8.count == Self.signedAssertion.utf8.count)
        expectError(.digestMismatch) { _ = try verifier.verify(tampered) }
    }

    @Test func signedInfoChangedBreaksSignature() {
        let tampered = Self.signedAssertion.replacingOccurrences(of: "URI=\"#\(SAML.assertionID)\"", with: "URI=\"#_other\"")
            .replacingOccurrences(of: "ID=\"\(SAML.assertionID)\"", with: "ID=\"_other\"")
        expectError(.signatureInvalid) { _ = try verifier.verify(tampered) }
    }

    @Test func twoSignatureElements() {
        let doubled = Self.signedAssertion.replacingOccurrences(of: Self.signatureXML, with: Self.signatureXML + Self.signatureXML)
        expectError(.multipleSignatures) { _ = try verifier.verify(doubled) }
    }

    @Test func twoReferences() {
        let sig = Self.signatureXML
        let refStart = sig.range(of: "<ds:Reference")!.lowerBound
        let refEnd = sig.range(of: "</ds:Reference>")!.upperBound
        let reference = String(sig[refStart..<refEnd])
        let tampered = Self.signedAssertion.replacingOccurrences(of: reference, with: reference + reference)
        expectError(.multipleReferences) { _ = try verifier.verify(tampered) }
    }

    @Test func unsignedElement() {
        expectError(.missingSignature) { _ = try verifier.verify(SAML.assertion()) }
    }

    @Test func elementWithoutID() {
        let noID = Self.signedAssertion.replacingOccurrences(of: " ID=\"\(SAML.assertionID)\"", with: "")
        expectError(.missingID(attribute: "ID")) { _ = try verifier.verify(noID) }
    }

    // MARK: Algorithms

    @Test func sha1RefusedByDefaultAcceptedWhenAllowed() throws {
        var signer = try XMLSigner(privateKey: Keys.idp.key, certificate: Keys.idp.certificate, signatureAlgorithm: .rsaSHA1)
        signer.digestAlgorithm = .sha1
        let signed = try signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        expectError(.algorithmNotAllowed(SignatureAlgorithm.rsaSHA1.rawValue)) { _ = try verifier.verify(signed) }
        let lenient = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate], options: .init(allowSHA1: true))
        let verified = try lenient.verify(signed)
        #expect(verified.signatureAlgorithm == .rsaSHA1)
        #expect(verified.digestAlgorithm == .sha1)
    }

    @Test func sha1DigestRefusedEvenWithStrongSignature() throws {
        var signer = Keys.idp.signer
        signer.digestAlgorithm = .sha1
        let signed = try signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        expectError(.algorithmNotAllowed(DigestAlgorithm.sha1.rawValue)) { _ = try verifier.verify(signed) }
    }

    @Test func unknownSignatureMethod() {
        let hmac = "http://www.w3.org/2000/09/xmldsig#hmac-sha1"
        let tampered = Self.signedAssertion.replacingOccurrences(of: SignatureAlgorithm.rsaSHA256.rawValue, with: hmac)
        expectError(.algorithmNotAllowed(hmac)) { _ = try verifier.verify(tampered) }
    }

    // MARK: Parser-level attacks through the verifier

    @Test func billionLaughs() {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">\
        <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">\
        <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
        <saml:Assertion xmlns:saml="\(SAML.assertionNS)" ID="_x">&lol4;</saml:Assertion>
        """
        expectError(.doctypeForbidden) { _ = try verifier.verify(xml) }
    }

    @Test func externalEntity() {
        let xml = """
        <?xml version="1.0"?>
        <!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
        <saml:Assertion xmlns:saml="\(SAML.assertionNS)" ID="_x"><saml:Issuer>&xxe;</saml:Issuer></saml:Assertion>
        """
        expectError(.doctypeForbidden) { _ = try verifier.verify(xml) }
    }

    @Test func overDeepDocument() {
        let depth = 65
        let xml = String(repeating: "<a>", count: depth) + String(repeating: "</a>", count: depth)
        expectError(.tooDeep(limit: 64)) { _ = try verifier.verify(xml) }
    }
}
