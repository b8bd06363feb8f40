import Foundation
import Testing
@testable import SAML
import XMLDSig

@Suite struct MetadataTests {
    static func entity(_ id: String, extra: String = "", descriptorAttributes: String = " AuthnRequestsSigned=\"true\" WantAssertionsSigned=\"1\"",
                       validUntil: String? = nil) -> String {
        let cert = Keys.sp.certificate.base64DER
        let wrapped = stride(from: 0, to: cert.count, by: 64).map { i in
            String(cert.dropFirst(i).prefix(64))
        }.joined(separator: "\n")
        return """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" \
        entityID="\(id)"\(validUntil.map { " validUntil=\"\($0)\"" } ?? "")>
          <md:SPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:1.1:protocol urn:oasis:names:tc:SAML:2.0:protocol"\(descriptorAttributes)>
            <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>
        \(wrapped)
            </ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
            <md:KeyDescriptor><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(Keys.attacker.certificate.base64DER)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
            <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="\(id)/slo" ResponseLocation="\(id)/slo/r"/>
            <md:NameIDFormat> urn:oasis:names:tc:SAML:2.0:nameid-format:persistent </md:NameIDFormat>
            <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(id)/acs" index="0"/>
            <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(id)/acs2" index="1" isDefault="true"/>
            \(extra)
          </md:SPSSODescriptor>
        </md:EntityDescriptor>
        """
    }

    @Test func parsesEntityDescriptor() throws {
        let sp = try SPMetadata.parse(Self.entity("https://sp1.test"))
        #expect(sp.entityID == "https://sp1.test")
        #expect(sp.authnRequestsSigned && sp.wantAssertionsSigned)
        #expect(sp.signingCertificates == [Keys.sp.certificate, Keys.attacker.certificate])
        #expect(sp.encryptionCertificates == [Keys.attacker.certificate])
        #expect(sp.nameIDFormats == [NameIDFormat.persistent])
        #expect(sp.assertionConsumerServices.map(\.index) == [0, 1])
        #expect(sp.assertionConsumerServices[1].isDefault == true && sp.assertionConsumerServices[0].isDefault == nil)
        #expect(sp.postAssertionConsumerServices.defaultEndpoint()?.location == "https://sp1.test/acs2")
        #expect(sp.singleLogoutServices == [Endpoint(binding: SAMLBinding.httpRedirect.rawValue, location: "https://sp1.test/slo",
                                                     responseLocation: "https://sp1.test/slo/r")])
    }

    @Test func parsesEntitiesDescriptor() throws {
        let xml = """
        <md:EntitiesDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" validUntil="2030-01-01T00:00:00Z">
        \(Self.entity("https://sp1.test"))
        <md:EntitiesDescriptor>\(Self.entity("https://sp2.test", descriptorAttributes: ""))</md:EntitiesDescriptor>
        <md:EntityDescriptor entityID="https://idp.only"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"/></md:EntityDescriptor>
        </md:EntitiesDescriptor>
        """
        let all = try SPMetadata.parseAll(xml)
        #expect(all.map(\.entityID) == ["https://sp1.test", "https://sp2.test"])
        #expect(!all[1].authnRequestsSigned && all[1].validUntil == SAMLTime.date(from: "2030-01-01T00:00:00Z"))
        #expect(try SPMetadata.parse(xml, entityID: "https://sp2.test").entityID == "https://sp2.test")
        #expect(throws: SAMLError.entityNotFound("https://nope")) { try SPMetadata.parse(xml, entityID: "https://nope") }
        #expect(throws: SAMLError.invalidMetadata("several SPs; pass an entityID")) { try SPMetadata.parse(xml) }
        #expect(throws: SAMLError.metadataExpired) { try SPMetadata.parseAll(xml, options: .init(now: Date(timeIntervalSince1970: 1_900_000_000))) }
    }

    @Test func refusesBadMetadata() {
        #expect(throws: SAMLError.doctypeForbidden) { try SPMetadata.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>" + Self.entity("https://sp.test")) }
        #expect(throws: SAMLError.invalidMetadata("https://sp.test: no AssertionConsumerService")) {
            try SPMetadata.parse(Self.entity("https://sp.test").replacingOccurrences(of: "AssertionConsumerService", with: "ArtifactResolutionService"))
        }
        let badURL = Self.entity("https://sp.test", extra: "<md:AssertionConsumerService Binding=\"b\" Location=\"javascript:alert(1)\" index=\"5\"/>")
        if case .invalidMetadata = samlError({ try SPMetadata.parse(badURL) }) {} else { Issue.record("javascript: URL accepted") }
        let dupIndex = Self.entity("https://sp.test", extra: "<md:AssertionConsumerService Binding=\"b\" Location=\"https://x\" index=\"0\"/>")
        #expect(throws: SAMLError.invalidMetadata("https://sp.test: duplicate ACS index")) { try SPMetadata.parse(dupIndex) }
        let badCert = Self.entity("https://sp.test").replacingOccurrences(of: Keys.attacker.certificate.base64DER, with: "AAAA")
        if case .invalidMetadata = samlError({ try SPMetadata.parse(badCert) }) {} else { Issue.record("bad certificate accepted") }
        #expect(throws: SAMLError.messageTooLarge(limit: 1000)) { try SPMetadata.parse(Self.entity("https://sp.test"), options: .init(maxBytes: 1000)) }
        #expect(throws: SAMLError.invalidMetadata("root is Foo, not EntityDescriptor or EntitiesDescriptor")) {
            try SPMetadata.parse("<Foo xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\"/>")
        }
        if case .malformedXML = samlError({ try SPMetadata.parse("<md:EntityDescriptor") }) {} else { Issue.record("malformed accepted") }
    }

    @Test func verifiesSignedMetadata() throws {
        let xml = Self.entity("https://sp.test").replacingOccurrences(of: "entityID=", with: "ID=\"_md1\" entityID=")
        let signed = try XMLSigner(privateKey: Keys.idp.key, certificate: Keys.idp.certificate).sign(xml, elementIDs: ["_md1"])
        let sp = try SPMetadata.parse(signed, options: .init(trustedSigners: [Keys.idp.certificate]))
        #expect(sp.entityID == "https://sp.test")
        let tampered = signed.replacingOccurrences(of: "https://sp.test/acs2", with: "https://evil.test/acs2")
        #expect(throws: SAMLError.signatureInvalid(.digestMismatch)) {
            try SPMetadata.parse(tampered, options: .init(trustedSigners: [Keys.idp.certificate]))
        }
        #expect(throws: SAMLError.signatureInvalid(.missingSignature)) {
            try SPMetadata.parse(xml, options: .init(trustedSigners: [Keys.idp.certificate]))
        }
    }

    @Test func generatesIdPMetadata() throws {
        let idp = Fixture.idp()
        let xml = try idp.metadataXML(validUntil: Fixture.now.addingTimeInterval(86400))
        let root = try XMLDocument(parsing: xml).root
        let md = SAMLNamespace.metadata
        #expect(root.attr("entityID") == "https://sesame.ac-test.fr/saml/metadata")
        #expect(root.attr("validUntil") == "2026-03-02T08:40:00Z")
        let descriptor = try root.requiredChild("IDPSSODescriptor", md)
        #expect(descriptor.attr("protocolSupportEnumeration") == SAMLNamespace.protocol)
        #expect(descriptor.attr("WantAuthnRequestsSigned") == "false")
        let keys = descriptor.children(named: "KeyDescriptor", namespaceURI: md)
        #expect(keys.map { $0.attr("use") } == ["signing", "signing"])
        #expect(keys.map { $0.textContent.trimmingXMLWhitespace } == [Keys.idp.certificate.base64DER, Keys.idpNext.certificate.base64DER])
        let sso = descriptor.children(named: "SingleSignOnService", namespaceURI: md)
        #expect(sso.map { $0.attr("Binding") } == [SAMLBinding.httpRedirect.rawValue, SAMLBinding.httpPOST.rawValue])
        #expect(sso.allSatisfy { $0.attr("Location") == "https://sesame.ac-test.fr/saml/sso" })
        let slo = descriptor.children(named: "SingleLogoutService", namespaceURI: md)
        #expect(slo.count == 2 && slo.allSatisfy { $0.attr("Location") == "https://sesame.ac-test.fr/saml/slo" })
        #expect(descriptor.children(named: "NameIDFormat", namespaceURI: md).map(\.textContent) == [NameIDFormat.persistent, NameIDFormat.transient])
        // Element order follows the schema: KeyDescriptor, SLO, NameIDFormat, SSO.
        #expect(descriptor.children.map(\.localName) == ["KeyDescriptor", "KeyDescriptor", "SingleLogoutService", "SingleLogoutService",
                                                         "NameIDFormat", "NameIDFormat", "SingleSignOnService", "SingleSignOnService"])
        let signed = try Fixture.idp { $0.wantAuthnRequestsSigned = true }.metadataXML(sign: true)
        let verified = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(signed)
        #expect(try verified.element.requiredChild("IDPSSODescriptor", md).attr("WantAuthnRequestsSigned") == "true")
    }
}
