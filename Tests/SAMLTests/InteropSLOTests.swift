import Foundation
import Testing
@testable import SAML
import XMLDSig
import Primitives

/// Single Logout against pysaml2, both directions.
@Suite(.serialized) struct InteropSLOTests {
    func message(_ out: [String: Any], binding: String, field: String) -> InboundMessage {
        if binding == "redirect" { return .redirect(rawQuery: out["query"] as! String) }
        let fields = out["fields"] as! [String: String]
        return .post(message: fields[field]!, relayState: fields["RelayState"])
    }

    /// The payload pysaml2's parse_* functions take for each binding.
    func payload(_ outbound: OutboundMessage, field: String) -> String {
        switch outbound {
        case .redirect(let url):
            let query = String(url[url.index(after: url.firstIndex(of: "?")!)...])
            let raw = PercentEncoding.rawPairs(query).first { $0.name == field }!.value
            return PercentEncoding.decode(raw, plusIsSpace: false)!
        case .post(let form):
            return form.fields.first { $0.name == field }!.value
        }
    }

    @Test(arguments: ["redirect", "post"])
    func spInitiatedLogout(binding: String) throws {
        try Python.require("saml2")
        let ws = try InteropWorkspace()
        defer { ws.cleanUp() }
        let sp = try ws.spMetadata()
        let out = try ws.pysaml2("logout_request", binding, "signed")
        let request = try ws.idp.receiveLogoutRequest(message(out, binding: binding, field: "SAMLRequest"),
                                                      lookup: [sp.entityID: sp].lookup, now: Date())
        #expect(request.id == out["id"] as? String)
        #expect(request.wasSigned)
        #expect(request.nameID.value == "user-4242" && request.nameID.format == NameIDFormat.persistent)
        #expect(request.sessionIndexes == ["_sess1", "_sess2"])
        #expect(request.relayState == "slo-rs")

        for status in [SAMLStatus.success, .partialLogout] {
            let response = try ws.idp.buildLogoutResponse(to: request, sp: sp, status: status, now: Date())
            #expect(response.binding.rawValue.hasSuffix(binding == "redirect" ? "HTTP-Redirect" : "HTTP-POST"))
            try ws.write("logout_response.txt", payload(response.message, field: "SAMLResponse"))
            let parsed = try ws.pysaml2("parse_logout_response", binding, ws.path("logout_response.txt"))
            #expect(parsed["in_response_to"] as? String == request.id)
            #expect(parsed["status"] as? String == SAMLStatusCode.success.rawValue)
            #expect(parsed["issuer"] as? String == ws.idp.entityID)
        }
    }

    @Test func unsignedLogoutFromSPWithKeysIsRefused() throws {
        try Python.require("saml2")
        let ws = try InteropWorkspace()
        defer { ws.cleanUp() }
        let sp = try ws.spMetadata()
        let out = try ws.pysaml2("logout_request", "redirect", "unsigned")
        let message = self.message(out, binding: "redirect", field: "SAMLRequest")
        #expect(throws: SAMLError.signatureRequired) {
            try ws.idp.receiveLogoutRequest(message, lookup: [sp.entityID: sp].lookup, now: Date())
        }
        var config = ws.idp.configuration
        config.requireSignedLogoutFromSPsWithKeys = false
        let lenient = try IdentityProvider(configuration: config)
        let request = try lenient.receiveLogoutRequest(message, lookup: [sp.entityID: sp].lookup, now: Date())
        #expect(!request.wasSigned)
    }

    @Test(arguments: [SAMLBinding.httpRedirect, .httpPOST])
    func idpInitiatedLogout(binding: SAMLBinding) throws {
        try Python.require("saml2")
        let ws = try InteropWorkspace()
        defer { ws.cleanUp() }
        let sp = try ws.spMetadata()
        let nameID = NameID(value: "user-4242", format: NameIDFormat.persistent, spNameQualifier: sp.entityID)
        let outbound = try ws.idp.buildLogoutRequest(to: sp, nameID: nameID, sessionIndexes: ["_s1"], binding: binding,
                                                     relayState: "back", now: Date())
        #expect(outbound.binding == binding && outbound.destination == Fixture.slo)
        let name = binding == .httpRedirect ? "redirect" : "post"
        if case .redirect(let url) = outbound.message {
            let query = String(url[url.index(after: url.firstIndex(of: "?")!)...])
            // A forged signature must make pysaml2 fail: proves it checks ours.
            let forged = query.replacingOccurrences(of: "RelayState=back", with: "RelayState=evil")
            try ws.write("logout_request.txt", forged)
            #expect(throws: Python.Failure.self) { try ws.pysaml2("parse_logout_request", "redirect", ws.path("logout_request.txt")) }
            try ws.write("logout_request.txt", query)
        } else {
            try ws.write("logout_request.txt", payload(outbound.message, field: "SAMLRequest"))
        }
        let parsed = try ws.pysaml2("parse_logout_request", name, ws.path("logout_request.txt"))
        #expect(parsed["id"] as? String == outbound.id)
        #expect(parsed["name_id"] as? String == "user-4242")
        #expect(parsed["session_indexes"] as? [String] == ["_s1"])
        #expect(parsed["issuer"] as? String == ws.idp.entityID)
    }
}
