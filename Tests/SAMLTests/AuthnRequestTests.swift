import Foundation
import Testing
@testable import SAML
import XMLDSig
import Primitives

@Suite struct AuthnRequestTests {
    let idp = Fixture.idp()

    func receive(_ message: InboundMessage, lookup: ServiceProviderLookup = Fixture.lookup, now: Date = Fixture.now,
                 idp: IdentityProvider? = nil) throws(SAMLError) -> AuthnRequest {
        try (idp ?? self.idp).receiveAuthnRequest(message, lookup: lookup, now: now)
    }

    @Test func acceptsUnsignedRedirect() throws {
        let request = try receive(.redirect(rawQuery: Fixture.redirectQuery(Fixture.authnRequestXML(), relayState: "état & co")))
        #expect(request.id == "_req0123456789")
        #expect(request.issuer == Fixture.spID)
        #expect(request.acsURL == Fixture.acs)
        #expect(request.binding == .httpPOST && request.requestBinding == .httpRedirect)
        #expect(request.nameIDFormat == NameIDFormat.persistent && request.allowCreate == true)
        #expect(request.relayState == "état & co")
        #expect(!request.forceAuthn && !request.isPassive && !request.wasSigned)
        #expect(request.replayCacheExpiry == Fixture.now.addingTimeInterval(780))
    }

    @Test func acceptsSignedRedirectAndPost() throws {
        let xml = Fixture.authnRequestXML(extraAttributes: " ForceAuthn=\"true\" IsPassive=\"1\"")
        let redirect = try receive(.redirect(rawQuery: Fixture.redirectQuery(xml, key: Keys.sp.key)))
        #expect(redirect.wasSigned && redirect.forceAuthn && redirect.isPassive)
        let post = try receive(Fixture.post(xml, signWith: Keys.sp))
        #expect(post.wasSigned && post.requestBinding == .httpPOST && post.relayState == "rs1")
    }

    @Test func signatureRequiredByMetadataOrConfig() {
        let signedSP: ServiceProviderLookup = [Fixture.spID: Fixture.sp(signed: true)].lookup
        let query = Fixture.redirectQuery(Fixture.authnRequestXML())
        #expect(samlError { try receive(.redirect(rawQuery: query), lookup: signedSP) } == .signatureRequired)
        #expect(samlError { try receive(Fixture.post(Fixture.authnRequestXML()), lookup: signedSP) } == .signatureRequired)
        let strict = Fixture.idp { $0.wantAuthnRequestsSigned = true }
        #expect(samlError { try receive(.redirect(rawQuery: query), idp: strict) } == .signatureRequired)
    }

    @Test func refusesTamperedOrForeignSignatures() {
        let query = Fixture.redirectQuery(Fixture.authnRequestXML(), key: Keys.sp.key)
        let tampered = query.replacingOccurrences(of: "RelayState=rs1", with: "RelayState=rs2")
        let error = samlError { try receive(.redirect(rawQuery: tampered)) }
        #expect(error == .signatureInvalid(.signatureInvalid))
        #expect(error?.status == SAMLStatus(.requester, .requestDenied))
        let foreign = Fixture.redirectQuery(Fixture.authnRequestXML(), key: Keys.attacker.key)
        #expect(samlError { try receive(.redirect(rawQuery: foreign)) } == .signatureInvalid(.signatureInvalid))
        let post = Fixture.post(Fixture.authnRequestXML(), signWith: Keys.attacker)
        #expect(samlError { try receive(post) } == .signatureInvalid(.untrustedKey))
        // Signed, then the ACS URL changed.
        let signed = try! XMLSigner(privateKey: Keys.sp.key, certificate: Keys.sp.certificate)
            .sign(Fixture.authnRequestXML(), elementIDs: ["_req0123456789"])
        let swapped = signed.replacingOccurrences(of: Fixture.acs + "\"", with: Fixture.acs2 + "\"")
        #expect(samlError { try receive(.post(message: Base64.encode(Array(swapped.utf8)), relayState: nil)) }
            == .signatureInvalid(.digestMismatch))
        // A signature the SP's metadata cannot verify.
        let keyless: ServiceProviderLookup = [Fixture.spID: Fixture.sp(withKeys: false)].lookup
        if case .signatureNotVerifiable = samlError({ try receive(.redirect(rawQuery: query), lookup: keyless) }) {} else {
            Issue.record("expected signatureNotVerifiable")
        }
        // SigAlg without Signature.
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(Fixture.authnRequestXML()) + "&SigAlg=x")) }
            == .invalidQuery("SigAlg without Signature"))
    }

    @Test func signedRequestNeedsDestination() {
        let xml = Fixture.authnRequestXML(destination: nil)
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(xml, key: Keys.sp.key))) }
            == .destinationMismatch(expected: Fixture.base + "/saml/sso", found: nil))
        #expect(throws: Never.self) { try receive(.redirect(rawQuery: Fixture.redirectQuery(xml))) }
        let wrong = Fixture.authnRequestXML(destination: "https://evil.test/sso")
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(wrong))) }
            == .destinationMismatch(expected: Fixture.base + "/saml/sso", found: "https://evil.test/sso"))
    }

    @Test func checksIssuerAndTiming() {
        let unknown = Fixture.authnRequestXML(issuer: "https://unknown.test")
        let error = samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(unknown))) }
        #expect(error == .unknownServiceProvider("https://unknown.test"))
        #expect(error?.status == SAMLStatus(.requester, .requestDenied))
        let old = Fixture.authnRequestXML(issueInstant: Fixture.now.addingTimeInterval(-781))
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(old))) } == .messageExpired)
        let oldButOK = Fixture.authnRequestXML(issueInstant: Fixture.now.addingTimeInterval(-779))
        #expect(throws: Never.self) { try receive(.redirect(rawQuery: Fixture.redirectQuery(oldButOK))) }
        let future = Fixture.authnRequestXML(issueInstant: Fixture.now.addingTimeInterval(181))
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(future))) } == .issuedInTheFuture)
        let v1 = Fixture.authnRequestXML(version: "1.1")
        let versionError = samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(v1))) }
        #expect(versionError?.status == SAMLStatus(.versionMismatch, .requestVersionTooLow))
        let badID = Fixture.authnRequestXML(id: "1<2".replacingOccurrences(of: "<", with: "&lt;"))
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(badID))) } == .invalidID)
        let entityIssuer = Fixture.authnRequestXML().replacingOccurrences(
            of: "<saml:Issuer>", with: "<saml:Issuer Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">")
        if case .invalidIssuerFormat = samlError({ try receive(.redirect(rawQuery: Fixture.redirectQuery(entityIssuer))) }) {} else {
            Issue.record("expected invalidIssuerFormat")
        }
    }

    @Test func choosesAssertionConsumerService() throws {
        // No URL and no index: the default POST endpoint (isDefault="true").
        #expect(try receive(.redirect(rawQuery: Fixture.redirectQuery(Fixture.authnRequestXML(acsURL: nil)))).acsURL == Fixture.acs2)
        let byIndex = Fixture.authnRequestXML(acsURL: nil, extraAttributes: " AssertionConsumerServiceIndex=\"1\"")
        #expect(try receive(.redirect(rawQuery: Fixture.redirectQuery(byIndex))).acsURL == Fixture.acs)
        let badIndex = Fixture.authnRequestXML(acsURL: nil, extraAttributes: " AssertionConsumerServiceIndex=\"9\"")
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(badIndex))) } == .unknownAssertionConsumerServiceIndex(9))
        let artifactIndex = Fixture.authnRequestXML(acsURL: nil, extraAttributes: " AssertionConsumerServiceIndex=\"3\"")
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(artifactIndex))) }?.status
            == SAMLStatus(.requester, .unsupportedBinding))
        let both = Fixture.authnRequestXML(extraAttributes: " AssertionConsumerServiceIndex=\"1\"")
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(both))) } == .conflictingAssertionConsumerService)
        let evil = Fixture.authnRequestXML(acsURL: "https://sp.example.test/saml/acs/../../evil")
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(evil))) }
            == .unknownAssertionConsumerService("https://sp.example.test/saml/acs/../../evil"))
        let prefix = Fixture.authnRequestXML(acsURL: Fixture.acs + "x")
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(prefix))) } == .unknownAssertionConsumerService(Fixture.acs + "x"))
        let artifact = Fixture.authnRequestXML(extraAttributes: " ProtocolBinding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact\"")
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(artifact))) }
            == .unsupportedProtocolBinding("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"))
    }

    @Test func nameIDPolicy() throws {
        #expect(try receive(.redirect(rawQuery: Fixture.redirectQuery(Fixture.authnRequestXML(nameIDPolicy: nil)))).nameIDFormat == nil)
        let transient = Fixture.authnRequestXML(nameIDPolicy: NameIDFormat.transient)
        #expect(try receive(.redirect(rawQuery: Fixture.redirectQuery(transient))).nameIDFormat == NameIDFormat.transient)
        let unspecified = Fixture.authnRequestXML(nameIDPolicy: NameIDFormat.unspecified)
        #expect(try receive(.redirect(rawQuery: Fixture.redirectQuery(unspecified))).nameIDFormat == nil)
        let email = Fixture.authnRequestXML(nameIDPolicy: NameIDFormat.emailAddress)
        let error = samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(email))) }
        let target = ErrorReplyTarget(spEntityID: Fixture.spID, acsURL: Fixture.acs, inResponseTo: "_req0123456789", relayState: "rs1")
        #expect(error == .invalidNameIDPolicy(format: NameIDFormat.emailAddress, replyTo: target))
        #expect(error?.status == SAMLStatus(.requester, .invalidNameIDPolicy))
    }

    @Test func hostileEncodings() {
        // DOCTYPE (billion laughs flavour).
        let doctype = "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\"><!ENTITY lol2 \"&lol;&lol;&lol;\">]>"
            + Fixture.authnRequestXML().replacingOccurrences(of: "rs1", with: "&lol2;")
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(doctype))) } == .doctypeForbidden)
        #expect(samlError { try receive(Fixture.post(doctype)) } == .doctypeForbidden)
        // Deflate bomb: 1 MiB of spaces deflates to a few KB.
        let bomb = Base64.encode(Deflate.deflate([UInt8](repeating: 0x20, count: 1 << 20)))
        let bombError = samlError { try receive(.redirect(rawQuery: "SAMLRequest=" + PercentEncoding.encode(bomb))) }
        #expect(bombError == .inflateFailed(.outputLimitExceeded(limit: 256 * 1024)))
        #expect(bombError?.status == SAMLStatus(.requester, .requestDenied))
        // Oversized query and POST body.
        let huge = String(repeating: "A", count: 300_000)
        #expect(samlError { try receive(.redirect(rawQuery: "SAMLRequest=" + huge)) } == .messageTooLarge(limit: 256 * 1024))
        #expect(samlError { try receive(.post(message: huge + huge, relayState: nil)) } == .messageTooLarge(limit: 256 * 1024))
        // Not base64, not deflate, not XML, missing, duplicated.
        #expect(samlError { try receive(.redirect(rawQuery: "SAMLRequest=%%%")) } == .invalidBase64)
        if case .inflateFailed = samlError({ try receive(.redirect(rawQuery: "SAMLRequest=AAAA")) }) {} else { Issue.record("inflate") }
        let notXML = PercentEncoding.encode(Base64.encode(Deflate.deflate(Array("hello".utf8))))
        if case .malformedXML = samlError({ try receive(.redirect(rawQuery: "SAMLRequest=" + notXML)) }) {} else { Issue.record("xml") }
        #expect(samlError { try receive(.redirect(rawQuery: "RelayState=x")) } == .missingMessage)
        let q = Fixture.redirectQuery(Fixture.authnRequestXML())
        #expect(samlError { try receive(.redirect(rawQuery: q + "&" + q)) } == .invalidQuery("SAMLRequest appears twice"))
        // RelayState over the bound.
        let longRelay = Fixture.redirectQuery(Fixture.authnRequestXML(), relayState: String(repeating: "r", count: 1025))
        #expect(samlError { try receive(.redirect(rawQuery: longRelay)) } == .relayStateTooLong(limit: 1024))
        // Wrong message type at the SSO endpoint.
        let logout = Fixture.authnRequestXML().replacingOccurrences(of: "AuthnRequest", with: "LogoutRequest")
        #expect(samlError { try receive(.redirect(rawQuery: Fixture.redirectQuery(logout))) }
            == .unexpectedMessage(expected: "AuthnRequest", found: "LogoutRequest"))
        // Two Issuers.
        let twoIssuers = Fixture.authnRequestXML().replacingOccurrences(
            of: "<saml:Issuer>", with: "<saml:Issuer>https://other.test</saml:Issuer><saml:Issuer>")
        if case .malformedMessage = samlError({ try receive(.redirect(rawQuery: Fixture.redirectQuery(twoIssuers))) }) {} else {
            Issue.record("two issuers")
        }
    }

    @Test func errorsHaveMessages() {
        let errors: [SAMLError] = [.signatureRequired, .messageExpired, .unknownServiceProvider("x"), .doctypeForbidden,
                                   .invalidBase64, .noEncryptionCertificate("x")]
        for error in errors {
            #expect(!error.description.isEmpty && !error.userMessage.isEmpty)
        }
        #expect(SAMLError.noEncryptionCertificate("x").status.code == .responder)
    }
}
