import Foundation
import Testing
@testable import SAML
import XMLDSig
import Primitives

/// Requests made by pysaml2 (or Python's zlib), then spoiled: each must be
/// refused with its own error and SAML status.
@Suite(.serialized) struct InteropHostileTests {
    @Test func spoiledPysaml2Requests() throws {
        try Python.require("saml2")
        let ws = try InteropWorkspace()
        defer { ws.cleanUp() }
        let sp = try ws.spMetadata(signed: true)
        let lookup = [sp.entityID: sp].lookup
        let out = try ws.pysaml2("authn", "redirect", "signed")
        let query = out["query"] as! String
        // The genuine request passes: the spoiled ones below differ only in one way.
        #expect(throws: Never.self) { try ws.idp.receiveAuthnRequest(.redirect(rawQuery: query), lookup: lookup, now: Date()) }

        func refused(_ message: InboundMessage, lookup: ServiceProviderLookup = lookup, now: Date = Date()) -> SAMLError? {
            samlError { try ws.idp.receiveAuthnRequest(message, lookup: lookup, now: now) }
        }
        // Tampered signature / signed parameter.
        let relayTampered = query.replacingOccurrences(of: "RelayState=", with: "RelayState=x")
        #expect(refused(.redirect(rawQuery: relayTampered)) == .signatureInvalid(.signatureInvalid))
        // Four plain base64 letters are overwritten, so the value stays
        // well-formed: the window holds no percent escape and does not start
        // inside one ("%2B" followed by letters would become "%AA…", not base64).
        let signature = query[query.range(of: "Signature=")!.upperBound...]
        var start = signature.startIndex
        func insideEscape(_ index: String.Index) -> Bool {
            let before = signature[signature.startIndex..<index].suffix(2)
            return before.contains("%")
        }
        while case let window = signature[start..<signature.index(start, offsetBy: 4)],
              !window.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) || window == "AAAA" || insideEscape(start) {
            start = signature.index(after: start)
        }
        var sigTampered = query
        sigTampered.replaceSubrange(start..<query.index(start, offsetBy: 4), with: "AAAA")
        let error = refused(.redirect(rawQuery: sigTampered))
        #expect(error == .signatureInvalid(.signatureInvalid))
        #expect(error?.status == SAMLStatus(.requester, .requestDenied))
        // Signature dropped from a request the metadata says is signed.
        let unsigned = query.components(separatedBy: "&").filter { !$0.hasPrefix("SigAlg=") && !$0.hasPrefix("Signature=") }
            .joined(separator: "&")
        #expect(refused(.redirect(rawQuery: unsigned)) == .signatureRequired)
        // Unknown issuer.
        #expect(refused(.redirect(rawQuery: query), lookup: [:].lookup) == .unknownServiceProvider(sp.entityID))
        // ACS URL not in metadata.
        var moved = sp
        moved.assertionConsumerServices = [Endpoint(binding: SAMLBinding.httpPOST.rawValue, location: "https://sp.example.test/other", index: 0)]
        #expect(refused(.redirect(rawQuery: query), lookup: [sp.entityID: moved].lookup) == .unknownAssertionConsumerService(Fixture.acs))
        // Expired IssueInstant (we are 15 minutes later).
        #expect(refused(.redirect(rawQuery: query), now: Date().addingTimeInterval(900)) == .messageExpired)
        #expect(refused(.redirect(rawQuery: query), now: Date().addingTimeInterval(-300)) == .issuedInTheFuture)
    }

    @Test func doctypeAndBombsFromZlib() throws {
        try Python.require("saml2")
        let ws = try InteropWorkspace()
        defer { ws.cleanUp() }
        let sp = try ws.spMetadata()
        let lookup = [sp.entityID: sp].lookup
        // Python's zlib writes the hostile payloads (dynamic Huffman blocks).
        let script = """
        import base64, json, sys, zlib, urllib.parse
        def raw(b):
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            return urllib.parse.quote(base64.b64encode(c.compress(b) + c.flush()).decode(), safe="")
        doctype = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>' \\
            + b'<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a" Version="2.0" IssueInstant="2026-01-01T00:00:00Z">&b;</samlp:AuthnRequest>'
        bomb = b'<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">' + b' ' * (10 << 20)
        print(json.dumps({"doctype": raw(doctype), "bomb": raw(bomb)}))
        """
        let (status, stdout, stderr) = try Python.run([try Python.executable(), "-c", script])
        #expect(status == 0, "\(stderr)")
        let payloads = try #require(try JSONSerialization.jsonObject(with: Data(stdout.utf8)) as? [String: String])
        let bomb = try #require(payloads["bomb"])
        #expect(bomb.utf8.count < 40_000) // 10 MiB squeezed into a few KB
        #expect(throws: SAMLError.doctypeForbidden) {
            try ws.idp.receiveAuthnRequest(.redirect(rawQuery: "SAMLRequest=" + payloads["doctype"]!), lookup: lookup, now: Date())
        }
        let error = samlError { try ws.idp.receiveAuthnRequest(.redirect(rawQuery: "SAMLRequest=" + bomb), lookup: lookup, now: Date()) }
        #expect(error == .inflateFailed(.outputLimitExceeded(limit: 256 * 1024)))
        #expect(error?.status == SAMLStatus(.requester, .requestDenied))
        // Oversized POST body.
        let big = Base64.encode([UInt8](repeating: 0x20, count: 300_000))
        #expect(throws: SAMLError.messageTooLarge(limit: 256 * 1024)) {
            try ws.idp.receiveAuthnRequest(.post(message: big, relayState: nil), lookup: lookup, now: Date())
        }
    }

    @Test func ourDeflateInflatesWithPythonZlib() throws {
        try Python.require("zlib")
        let text = Fixture.authnRequestXML() + String(repeating: "Sésame ", count: 300)
        let b64 = Base64.encode(Deflate.deflate(Array(text.utf8)))
        let script = "import base64, sys, zlib; sys.stdout.write(zlib.decompress(base64.b64decode(sys.argv[1]), -15).decode())"
        let (status, stdout, stderr) = try Python.run([try Python.executable(), "-c", script, b64])
        #expect(status == 0, "\(stderr)")
        #expect(stdout == text)
    }
}
