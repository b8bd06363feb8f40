import XMLDSig
import Foundation
import Testing
@testable import SAML
import Primitives

@Suite struct UtilityTests {
    @Test func formatsTimes() {
        #expect(SAMLTime.string(from: Fixture.now) == "2026-03-01T08:40:00Z")
        #expect(SAMLTime.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00Z")
        #expect(SAMLTime.string(from: Date(timeIntervalSince1970: 951_782_400.25), milliseconds: true) == "2000-02-29T00:00:00.250Z")
        #expect(SAMLTime.string(from: Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(SAMLTime.string(from: Date(timeIntervalSince1970: 4_102_444_799)) == "2099-12-31T23:59:59Z")
    }

    @Test func parsesTimes() {
        #expect(SAMLTime.date(from: "2026-03-01T08:40:00Z") == Fixture.now)
        #expect(SAMLTime.date(from: "2026-03-01T08:40:00.500Z") == Fixture.now.addingTimeInterval(0.5))
        #expect(SAMLTime.date(from: "2026-03-01T09:40:00+01:00") == Fixture.now)
        #expect(SAMLTime.date(from: "2026-03-01T08:40:00") == Fixture.now)
        for bad in ["", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z", "2026-03-01 08:40:00Z", "2026-03-01T08:40:00ZZ",
                    "2026-03-01T08:40:00.Z", "2026-03-01T24:00:00Z", "26-03-01T08:40:00Z"] {
            #expect(SAMLTime.date(from: bad) == nil, "\(bad)")
        }
        // Round trip over many instants.
        for t in stride(from: -2_000_000_000, to: 4_000_000_000, by: 12_345_678) {
            let d = Date(timeIntervalSince1970: TimeInterval(t))
            #expect(SAMLTime.date(from: SAMLTime.string(from: d)) == d)
        }
    }

    @Test func pairwiseNameIDs() {
        let secret = Array("server-secret".utf8)
        let a = NameIDs.pairwise(secret: secret, spEntityID: "https://a.test", accountID: "42")
        #expect(a == NameIDs.pairwise(secret: secret, spEntityID: "https://a.test", accountID: "42"))
        #expect(a != NameIDs.pairwise(secret: secret, spEntityID: "https://b.test", accountID: "42"))
        #expect(a != NameIDs.pairwise(secret: Array("other".utf8), spEntityID: "https://a.test", accountID: "42"))
        #expect(a.count == 64)
        let b64 = NameIDs.pairwise(secret: secret, spEntityID: "https://a.test", accountID: "42", encoding: .base64URL)
        #expect(b64.count == 43 && !b64.contains("+") && !b64.contains("/") && !b64.contains("="))
        let persistent = NameIDs.persistent(secret: secret, idpEntityID: "https://idp", spEntityID: "https://a.test", accountID: "42")
        #expect(persistent.value == a && persistent.spNameQualifier == "https://a.test" && persistent.format == NameIDFormat.persistent)
    }

    @Test func identifiers() {
        let id = NameIDs.randomID()
        #expect(id.count == 41 && id.hasPrefix("_") && SAMLIdentifier.isValid(id))
        #expect(id != NameIDs.randomID())
        #expect(!SAMLIdentifier.isValid("1abc") && !SAMLIdentifier.isValid("") && !SAMLIdentifier.isValid("a b"))
        #expect(!SAMLIdentifier.isValid("_" + String(repeating: "a", count: 300)))
    }

    @Test func escapesXML() {
        #expect(XMLEscape.text("a&b<c>\"'") == "a&amp;b&lt;c&gt;\"'")
        #expect(XMLEscape.attribute("a&b<c>\"'\n") == "a&amp;b&lt;c&gt;&quot;&apos;&#10;")
        #expect(XMLEscape.text("x\u{0}y\u{1B}") == "x\u{FFFD}y\u{FFFD}")
    }

    @Test func base64() {
        #expect(Base64.encode(Array("any carnal pleas".utf8)) == "YW55IGNhcm5hbCBwbGVhcw==")
        #expect(Base64.decode("YW55IGNhcm5h\nbCBwbGVhcw==") == Array("any carnal pleas".utf8))
        #expect(Base64.decode("YW55=GNh") == nil)
        #expect(Base64.decode("YW5") == nil)
        #expect(Base64.decode("YW55IA==YW55") == nil)
    }
}
