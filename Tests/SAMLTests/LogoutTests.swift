import Foundation
import Testing
@testable import SAML
import XMLDSig
import Primitives

@Suite struct LogoutTests {
    let idp = Fixture.idp()

    static func logoutRequestXML(id: String = "_lr1", destination: String? = Fixture.base + "/saml/slo", notOnOrAfter: Date? = nil,
                                 identifier: String = "<saml:NameID Format=\"urn:oasis:names:tc:SAML:2.0:nameid-format:persistent\">u1</saml:NameID>") -> String {
        var xml = "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\""
        xml += " ID=\"\(id)\" Version=\"2.0\" IssueInstant=\"\(SAMLTime.string(from: Fixture.now))\""
        if let destination { xml += " Destination=\"\(destination)\"" }
        if let notOnOrAfter { xml += " NotOnOrAfter=\"\(SAMLTime.string(from: notOnOrAfter))\"" }
        xml += "><saml:Issuer>\(Fixture.spID)</saml:Issuer>\(identifier)"
        return xml + "<samlp:SessionIndex>_s1</samlp:SessionIndex><samlp:SessionIndex>_s2</samlp:SessionIndex></samlp:LogoutRequest>"
    }

    @Test func receivesSignedLogoutRequests() throws {
        let redirect = try idp.receiveLogoutRequest(.redirect(rawQuery: Fixture.redirectQuery(Self.logoutRequestXML(), key: Keys.sp.key)),
                                                    lookup: Fixture.lookup, now: Fixture.now)
        #expect(redirect.id == "_lr1" && redirect.wasSigned && redirect.binding == .httpRedirect)
        #expect(redirect.nameID == NameID(value: "u1", format: NameIDFormat.persistent))
        #expect(redirect.sessionIndexes == ["_s1", "_s2"] && redirect.relayState == "rs1")
        let post = try idp.receiveLogoutRequest(Fixture.post(Self.logoutRequestXML(), signWith: Keys.sp, id: "_lr1"),
                                                lookup: Fixture.lookup, now: Fixture.now)
        #expect(post.wasSigned && post.binding == .httpPOST)
    }

    @Test func refusesBadLogoutRequests() {
        func receive(_ message: InboundMessage, lookup: ServiceProviderLookup = Fixture.lookup) -> SAMLError? {
            samlError { try idp.receiveLogoutRequest(message, lookup: lookup, now: Fixture.now) }
        }
        // Unsigned while the SP has keys: refused by default, accepted when configured, or when the SP has none.
        let unsigned = InboundMessage.redirect(rawQuery: Fixture.redirectQuery(Self.logoutRequestXML()))
        #expect(receive(unsigned) == .signatureRequired)
        #expect(receive(unsigned, lookup: [Fixture.spID: Fixture.sp(withKeys: false)].lookup) == nil)
        let lenient = Fixture.idp { $0.requireSignedLogoutFromSPsWithKeys = false }
        #expect(throws: Never.self) { try lenient.receiveLogoutRequest(unsigned, lookup: Fixture.lookup, now: Fixture.now) }
        // Signed by someone else, expired, wrong destination, no NameID, encrypted ID.
        #expect(receive(.redirect(rawQuery: Fixture.redirectQuery(Self.logoutRequestXML(), key: Keys.attacker.key)))
            == .signatureInvalid(.signatureInvalid))
        let expired = Self.logoutRequestXML(notOnOrAfter: Fixture.now.addingTimeInterval(-200))
        #expect(receive(.redirect(rawQuery: Fixture.redirectQuery(expired, key: Keys.sp.key))) == .messageExpired)
        let elsewhere = Self.logoutRequestXML(destination: "https://other.test/slo")
        #expect(receive(.redirect(rawQuery: Fixture.redirectQuery(elsewhere, key: Keys.sp.key)))
            == .destinationMismatch(expected: Fixture.base + "/saml/slo", found: "https://other.test/slo"))
        let encrypted = Self.logoutRequestXML(identifier: "<saml:EncryptedID/>")
        #expect(receive(.redirect(rawQuery: Fixture.redirectQuery(encrypted, key: Keys.sp.key))) == .unsupportedNameID("EncryptedID"))
        let none = Self.logoutRequestXML(identifier: "")
        #expect(receive(.redirect(rawQuery: Fixture.redirectQuery(none, key: Keys.sp.key))) == .malformedMessage("LogoutRequest has no NameID"))
        // An AuthnRequest is not a LogoutRequest.
        #expect(receive(.redirect(rawQuery: Fixture.redirectQuery(Fixture.authnRequestXML(), key: Keys.sp.key)))
            == .unexpectedMessage(expected: "LogoutRequest", found: "AuthnRequest"))
    }

    @Test func buildsLogoutResponse() throws {
        let request = try idp.receiveLogoutRequest(.redirect(rawQuery: Fixture.redirectQuery(Self.logoutRequestXML(), key: Keys.sp.key)),
                                                   lookup: Fixture.lookup, now: Fixture.now)
        let out = try idp.buildLogoutResponse(to: request, sp: Fixture.sp(), status: .partialLogout, now: Fixture.now)
        // Redirect came in, so Redirect goes out, to the ResponseLocation.
        #expect(out.binding == .httpRedirect && out.destination == Fixture.slo + "/response")
        guard case .redirect(let url) = out.message else { Issue.record("expected redirect"); return }
        #expect(url.hasPrefix(Fixture.slo + "/response?SAMLResponse="))
        let query = String(url.split(separator: "?", maxSplits: 1)[1])
        let verified = try RedirectBindingSignature.verify(rawQuery: query, trustedCertificates: [Keys.idp.certificate])
        #expect(verified.relayState == "rs1")
        let xml = try Inflate.inflate(Base64.decode(verified.message)!)
        let root = try XMLDocument(parsing: xml).root
        #expect(root.attr("InResponseTo") == "_lr1" && root.attr("Destination") == Fixture.slo + "/response")
        #expect(try SAMLStatus.parse(root.requiredChild("Status", SAMLNamespace.protocol)) == SAMLStatus(.success, .partialLogout))

        let post = try idp.buildLogoutResponse(to: request, sp: Fixture.sp(), status: SAMLStatus(.requester), binding: .httpPOST, now: Fixture.now)
        guard case .post(let form) = post.message else { Issue.record("expected post"); return }
        #expect(form.url == Fixture.slo && form.fields.map(\.name) == ["SAMLResponse", "RelayState"])
        let signed = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(Base64.decode(form.fields[0].value)!)
        #expect(signed.id == post.id)
        var noSLO = Fixture.sp()
        noSLO.singleLogoutServices = []
        #expect(throws: SAMLError.noSingleLogoutService(Fixture.spID)) {
            try idp.buildLogoutResponse(to: request, sp: noSLO, now: Fixture.now)
        }
    }

    @Test func buildsLogoutRequestAndReadsTheAnswer() throws {
        let out = try idp.buildLogoutRequest(to: Fixture.sp(), nameID: NameID(value: "u&1", format: NameIDFormat.transient),
                                             sessionIndexes: ["_s9"], relayState: "r", now: Fixture.now)
        #expect(out.binding == .httpRedirect && out.destination == Fixture.slo && out.expiry == Fixture.now.addingTimeInterval(300))
        guard case .redirect(let url) = out.message else { Issue.record("expected redirect"); return }
        let verified = try RedirectBindingSignature.verify(rawQuery: String(url.split(separator: "?")[1]),
                                                           trustedCertificates: [Keys.idp.certificate])
        let root = try XMLDocument(parsing: Inflate.inflate(Base64.decode(verified.message)!)).root
        #expect(root.is("LogoutRequest", SAMLNamespace.protocol) && root.attr("ID") == out.id)
        #expect(try root.requiredChild("NameID", SAMLNamespace.assertion).textContent == "u&1")

        // The SP answers with a signed LogoutResponse.
        func answer(inResponseTo: String, status: String = SAMLStatusCode.success.rawValue) -> String {
            "<samlp:LogoutResponse xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\" "
                + "ID=\"_ans1\" Version=\"2.0\" IssueInstant=\"\(SAMLTime.string(from: Fixture.now))\" Destination=\"\(Fixture.base)/saml/slo\" "
                + "InResponseTo=\"\(inResponseTo)\"><saml:Issuer>\(Fixture.spID)</saml:Issuer><samlp:Status><samlp:StatusCode Value=\"\(status)\"/>"
                + "</samlp:Status></samlp:LogoutResponse>"
        }
        let query = Fixture.redirectQuery(answer(inResponseTo: out.id), relayState: "r", kind: "SAMLResponse", key: Keys.sp.key)
        let response = try idp.receiveLogoutResponse(.redirect(rawQuery: query), lookup: Fixture.lookup, expectedInResponseTo: out.id,
                                                     now: Fixture.now)
        #expect(response.status.isSuccess && response.inResponseTo == out.id && response.relayState == "r" && response.wasSigned)
        #expect(throws: SAMLError.inResponseToMismatch(expected: "_other", found: out.id)) {
            try idp.receiveLogoutResponse(.redirect(rawQuery: query), lookup: Fixture.lookup, expectedInResponseTo: "_other", now: Fixture.now)
        }
        let failed = Fixture.post(answer(inResponseTo: out.id, status: SAMLStatusCode.responder.rawValue), signWith: Keys.sp, id: "_ans1")
        let failure = try idp.receiveLogoutResponse(failed, lookup: Fixture.lookup, expectedInResponseTo: out.id, now: Fixture.now)
        #expect(!failure.status.isSuccess && failure.status.code == .responder)
        // A LogoutResponse where a request is expected, and the other way round.
        #expect(throws: SAMLError.invalidQuery("unexpected SAMLResponse")) {
            try idp.receiveLogoutRequest(.redirect(rawQuery: query), lookup: Fixture.lookup, now: Fixture.now)
        }
        #expect(InboundMessage.redirectCarries(rawQuery: query) == .response)
        #expect(InboundMessage.redirectCarries(rawQuery: "a=b&SAMLRequest=x") == .request)
        #expect(InboundMessage.redirectCarries(rawQuery: "SAMLRequest=x&SAMLResponse=y") == nil)
    }
}
