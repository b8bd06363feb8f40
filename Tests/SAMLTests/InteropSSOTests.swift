import Foundation
import Testing
@testable import SAML
import XMLDSig
import Primitives

/// pysaml2 and python3-saml as service providers, against our IdP.
@Suite(.serialized) struct InteropSSOTests {
    func content() -> AssertionContent {
        let nameID = NameIDs.persistent(secret: Array("interop-secret".utf8), idpEntityID: Fixture.idp().entityID,
                                        spEntityID: Fixture.spID, accountID: "account-42")
        return AssertionContent(nameID: nameID, sessionIndex: "_session-1", authnInstant: Date(),
                                attributes: interopAttributes)
    }

    /// pysaml2 makes an AuthnRequest, we validate it, answer, pysaml2 accepts.
    @Test(arguments: [("redirect", "unsigned"), ("redirect", "signed"), ("post", "unsigned"), ("post", "signed")])
    func pysaml2RoundTrip(binding: String, signing: String) throws {
        try Python.require("saml2")
        let ws = try InteropWorkspace()
        defer { ws.cleanUp() }
        let sp = try ws.spMetadata(signed: signing == "signed")
        #expect(sp.authnRequestsSigned == (signing == "signed"))
        let out = try ws.pysaml2("authn", binding, signing)
        let message: InboundMessage
        if binding == "redirect" {
            message = .redirect(rawQuery: out["query"] as! String)
        } else {
            let fields = out["fields"] as! [String: String]
            message = .post(message: fields["SAMLRequest"]!, relayState: fields["RelayState"])
        }
        let request = try ws.idp.receiveAuthnRequest(message, lookup: [sp.entityID: sp].lookup, now: Date())
        #expect(request.id == out["id"] as? String)
        #expect(request.wasSigned == (signing == "signed"))
        #expect(request.acsURL == Fixture.acs)
        #expect(request.relayState == "rs-Ok 42")
        #expect(request.nameIDFormat == NameIDFormat.persistent)

        let response = try ws.idp.buildResponse(to: ResponseRecipient(request: request), sp: sp, content: content(), now: Date())
        try ws.write("response.b64", response.postForm.fields[0].value)
        let parsed = try ws.pysaml2("response", ws.path("response.b64"), request.id)
        try checkPysaml2(parsed, inResponseTo: request.id)
    }

    func checkPysaml2(_ parsed: [String: Any], inResponseTo: String?) throws {
        #expect(parsed["name_id"] as? String == content().nameID.value)
        #expect(parsed["name_id_format"] as? String == NameIDFormat.persistent)
        #expect(parsed["sp_name_qualifier"] as? String == Fixture.spID)
        #expect(parsed["issuer"] as? String == Fixture.idp().entityID)
        #expect(parsed["session_index"] as? String == "_session-1")
        #expect(parsed["authn_context"] as? String == AuthnContextClass.passwordProtectedTransport)
        if let inResponseTo { #expect(parsed["in_response_to"] as? String == inResponseTo) }
        let ava = try #require(parsed["ava"] as? [String: [String]])
        #expect(ava["givenName"] == ["Jeanne"])
        #expect(ava["sn"] == ["Dupont & <Fils> \"l'aîné\""])
        #expect(ava["eduPersonAffiliation"] == ["member", "staff"])
        #expect(ava["FrEduRne"] == ["0751234A$UAJ$PU$N$T3$LYC$340"])
        #expect(ava.count == 8, "\(ava.keys.sorted())")
    }

    @Test func pysaml2AcceptsEncryptedAndDoublySigned() throws {
        try Python.require("saml2")
        let ws = try InteropWorkspace()
        defer { ws.cleanUp() }
        let sp = try ws.spMetadata(encrypted: true)
        #expect(!sp.encryptionCertificates.isEmpty)
        let out = try ws.pysaml2("authn", "redirect", "unsigned")
        let request = try ws.idp.receiveAuthnRequest(.redirect(rawQuery: out["query"] as! String), lookup: [sp.entityID: sp].lookup,
                                                     now: Date())
        var options = ResponseOptions(signAssertion: true, signResponse: true, encryptAssertion: true)
        let response = try ws.idp.buildResponse(to: ResponseRecipient(request: request), sp: sp, content: content(), options: options,
                                                now: Date())
        #expect(response.xml.contains("EncryptedAssertion") && !response.xml.contains("<saml:Assertion"))
        try ws.write("response.b64", response.postForm.fields[0].value)
        try checkPysaml2(try ws.pysaml2("response", ws.path("response.b64"), request.id, "encrypted"), inResponseTo: request.id)

        // Without the decryption key pysaml2 must fail: the test can fail.
        #expect(throws: Python.Failure.self) { try ws.pysaml2("response", ws.path("response.b64"), request.id) }

        // Unsolicited (IdP-initiated), response-level signature only on an encrypted assertion is refused by
        // pysaml2 (want_assertions_signed); with both signatures it is accepted.
        options.encryptAssertion = false
        let unsolicited = try ws.idp.buildResponse(to: try .unsolicited(sp: sp, relayState: "/home"), sp: sp, content: content(),
                                                   options: options, now: Date())
        #expect(!unsolicited.xml.contains("InResponseTo"))
        try ws.write("unsolicited.b64", unsolicited.postForm.fields[0].value)
        try checkPysaml2(try ws.pysaml2("response", ws.path("unsolicited.b64"), "-"), inResponseTo: nil)
    }

    @Test func pysaml2RejectsTamperedResponse() throws {
        try Python.require("saml2")
        let ws = try InteropWorkspace()
        defer { ws.cleanUp() }
        let sp = try ws.spMetadata()
        let out = try ws.pysaml2("authn", "redirect", "unsigned")
        let request = try ws.idp.receiveAuthnRequest(.redirect(rawQuery: out["query"] as! String), lookup: [sp.entityID: sp].lookup,
                                                     now: Date())
        let response = try ws.idp.buildResponse(to: ResponseRecipient(request: request), sp: sp, content: content(), now: Date())
        let tampered = response.xml.replacingOccurrences(of: ">Jeanne<", with: ">Mallory<")
        #expect(tampered != response.xml)
        try ws.write("tampered.b64", Base64.encode(Array(tampered.utf8)))
        let error = #expect(throws: Python.Failure.self) { try ws.pysaml2("response", ws.path("tampered.b64"), request.id) }
        #expect(error?.description.contains("SignatureError") == true, "\(error?.description ?? "")")
    }

    @Test func python3SAMLAcceptsOurResponse() throws {
        try Python.require("onelogin.saml2.response")
        let ws = try InteropWorkspace()
        defer { ws.cleanUp() }
        let sp = try ws.spMetadata()
        let out = try ws.pysaml2("authn", "redirect", "unsigned")
        let request = try ws.idp.receiveAuthnRequest(.redirect(rawQuery: out["query"] as! String), lookup: [sp.entityID: sp].lookup,
                                                     now: Date())
        for options in [ResponseOptions(), ResponseOptions(signAssertion: true, signResponse: true)] {
            let response = try ws.idp.buildResponse(to: ResponseRecipient(request: request), sp: sp, content: content(),
                                                    options: options, now: Date())
            try ws.write("response.b64", response.postForm.fields[0].value)
            let result = try Python.script("onelogin_sp.py", [ws.directory.path, ws.path("response.b64"), request.id])
            #expect(result["is_valid"] as? Bool == true, "\(result["error"] ?? "")")
            #expect(result["name_id"] as? String == content().nameID.value)
            let attributes = result["attributes"] as? [String: [String]]
            #expect(attributes?["urn:oid:2.5.4.4"] == ["Dupont & <Fils> \"l'aîné\""])
            #expect(attributes?["urn:oid:1.3.6.1.4.1.5923.1.1.1.1"] == ["member", "staff"])
            #expect(result["session_index"] as? String == "_session-1")
            // Wrong request ID: python3-saml must refuse it.
            let wrong = try Python.script("onelogin_sp.py", [ws.directory.path, ws.path("response.b64"), "_other"])
            #expect(wrong["is_valid"] as? Bool == false)
        }
    }
}
