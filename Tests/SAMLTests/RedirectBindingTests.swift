import Foundation
import Testing
import SesameTestSupport
import XMLDSig
@testable import SAML
import Primitives

@Suite struct RedirectBindingTests {
    // Base64 with "+" and "/" so encoding matters.
    let message = "fZJNb+IwEIb/SuQ7JDYlQRZBotAPpFZFhO6hl8o4A7Hk2MEzacu/X0O3Vbva9jgev/M+j8Y/JOEQYj3GkMXjkJFR+2XKpbNxVh1ks+/z3QW8oJ5i3anmimqnh8bcHHiaDq9Ut/a"
    let relay = "https://sp.ent.test/après?x=1&y=2"

    @Test func roundTrip() throws {
        let query = try RedirectBindingSignature.signedQuery(kind: .request, message: message, relayState: relay, key: Keys.idp.key)
        #expect(query.hasPrefix("SAMLRequest="))
        #expect(query.contains("&SigAlg=http%3A%2F%2Fwww.w3.org%2F2001%2F04%2Fxmldsig-more%23rsa-sha256&Signature="))
        let verified = try RedirectBindingSignature.verify(rawQuery: query, trustedCertificates: [Keys.idp.certificate])
        #expect(verified.kind == .request)
        #expect(verified.message == message)
        #expect(verified.relayState == relay)
        #expect(verified.signatureAlgorithm == .rsaSHA256)
    }

    @Test func ecdsaRoundTripWithoutRelayState() throws {
        let query = try RedirectBindingSignature.signedQuery(kind: .response, message: message, relayState: nil, key: Keys.ec.key)
        let verified = try RedirectBindingSignature.verify(rawQuery: query, trustedCertificates: [Keys.idp.certificate, Keys.ec.certificate])
        #expect(verified.kind == .response)
        #expect(verified.relayState == nil)
        #expect(verified.signingCertificate == Keys.ec.certificate)
    }

    /// A peer that encodes differently (lower-case hex, "+" for space) signs
    /// its own octets: verification must use them as received.
    @Test func verifiesOpenSSLSignatureOverPeerEncoding() throws {
        let rawMessage = message.replacingOccurrences(of: "+", with: "%2b").replacingOccurrences(of: "/", with: "%2f")
        let rawRelay = "hello+world%21"
        let rawSigAlg = "http%3a%2f%2fwww.w3.org%2f2001%2f04%2fxmldsig-more%23rsa-sha256"
        let signed = "SAMLRequest=\(rawMessage)&RelayState=\(rawRelay)&SigAlg=\(rawSigAlg)"
        let dir = TempDir()
        let key = dir.write("key.pem", Keys.idp.keyPEM)
        let data = dir.write("octets", signed)
        let result = try Tool.run("openssl", ["dgst", "-sha256", "-sign", key, "-out", dir.url.appendingPathComponent("sig").path, data])
        #expect(result.status == 0, "openssl dgst failed: \(result.stderr)")
        let signature = try Data(contentsOf: dir.url.appendingPathComponent("sig"))
        let encodedSignature = signature.base64EncodedString()
            .replacingOccurrences(of: "+", with: "%2b").replacingOccurrences(of: "/", with: "%2f").replacingOccurrences(of: "=", with: "%3d")
        let query = "foo=bar&" + signed + "&Signature=" + encodedSignature
        let verified = try RedirectBindingSignature.verify(rawQuery: query, trustedCertificates: [Keys.idp.certificate])
        #expect(verified.relayState == "hello world!")
        #expect(verified.message == message)
        // Re-encoding the same values the "standard" way gives other octets: refused.
        let reencoded = "SAMLRequest=\(PercentEncoding.encode(message))&RelayState=\(PercentEncoding.encode("hello world!"))&SigAlg=\(rawSigAlg)&Signature=\(encodedSignature)"
        #expect(throws: XMLSignatureError.signatureInvalid) {
            _ = try RedirectBindingSignature.verify(rawQuery: reencoded, trustedCertificates: [Keys.idp.certificate])
        }
    }

    @Test func tamperedRelayStateRefused() throws {
        let query = try RedirectBindingSignature.signedQuery(kind: .request, message: message, relayState: "a", key: Keys.idp.key)
        let tampered = query.replacingOccurrences(of: "RelayState=a", with: "RelayState=b")
        #expect(throws: XMLSignatureError.signatureInvalid) {
            _ = try RedirectBindingSignature.verify(rawQuery: tampered, trustedCertificates: [Keys.idp.certificate])
        }
    }

    @Test func untrustedSignerRefused() throws {
        let query = try RedirectBindingSignature.signedQuery(kind: .request, message: message, relayState: nil, key: Keys.attacker.key)
        #expect(throws: XMLSignatureError.signatureInvalid) {
            _ = try RedirectBindingSignature.verify(rawQuery: query, trustedCertificates: [Keys.idp.certificate])
        }
        #expect(throws: XMLSignatureError.untrustedKey) {
            _ = try RedirectBindingSignature.verify(rawQuery: query, trustedCertificates: [Keys.ec.certificate])
        }
    }

    @Test func sha1RefusedUnlessAllowed() throws {
        let query = try RedirectBindingSignature.signedQuery(kind: .request, message: message, relayState: nil,
                                                             key: Keys.idp.key, algorithm: .rsaSHA1)
        #expect(throws: XMLSignatureError.algorithmNotAllowed(SignatureAlgorithm.rsaSHA1.rawValue)) {
            _ = try RedirectBindingSignature.verify(rawQuery: query, trustedCertificates: [Keys.idp.certificate])
        }
        _ = try RedirectBindingSignature.verify(rawQuery: query, trustedCertificates: [Keys.idp.certificate], allowSHA1: true)
    }

    @Test func malformedQueries() throws {
        let query = try RedirectBindingSignature.signedQuery(kind: .request, message: message, relayState: nil, key: Keys.idp.key)
        let cases: [(String, XMLSignatureError)] = [
            (query + "&SAMLRequest=x", .malformedQuery("parameter SAMLRequest appears twice")),
            (query + "&SAMLResponse=x", .malformedQuery("both SAMLRequest and SAMLResponse")),
            ("RelayState=x", .malformedQuery("no SAMLRequest or SAMLResponse")),
            ("SAMLRequest=x&SigAlg=y", .malformedQuery("SigAlg and Signature are required")),
            ("SAMLRequest=x&SigAlg=urn%3Anope&Signature=AAAA", .algorithmNotAllowed("urn%3Anope")),
            ("SAMLRequest=x&SigAlg=\(PercentEncoding.encode(SignatureAlgorithm.rsaSHA256.rawValue))&Signature=%%%", .malformedQuery("Signature is not base64")),
        ]
        for (raw, expected) in cases {
            #expect(throws: expected) { _ = try RedirectBindingSignature.verify(rawQuery: raw, trustedCertificates: [Keys.idp.certificate]) }
        }
    }
}
