import Testing
import Primitives

@Suite struct EncodingTests {
    @Test func percentEncodingLeavesOnlyUnreservedCharacters() {
        #expect(PercentEncoding.encode("a b&c=d/é~") == "a%20b%26c%3Dd%2F%C3%A9~")
    }

    @Test(arguments: ["", "plain", "a b+c", "é/?#&=%", "\u{1F600} 😀"])
    func percentEncodingRoundTrips(text: String) {
        #expect(PercentEncoding.decode(PercentEncoding.encode(text), plusIsSpace: false) == text)
        #expect(PercentEncoding.decodeForm(PercentEncoding.form([("k", text)]))?.first?.1 == text)
    }

    @Test func brokenEscapesAndInvalidUTF8AreRefused() {
        #expect(PercentEncoding.decode("%4") == nil)
        #expect(PercentEncoding.decode("%zz") == nil)
        #expect(PercentEncoding.decode("%C3") == nil)
        #expect(PercentEncoding.decodeForm("a=%") == nil)
    }

    @Test func appendingKeepsTheFragmentLast() {
        #expect(PercentEncoding.appending([("ticket", "ST-1")], to: "https://ent/x?a=1#top") == "https://ent/x?a=1&ticket=ST-1#top")
        #expect(PercentEncoding.appending([("ticket", "ST-1")], to: "https://ent/x?") == "https://ent/x?ticket=ST-1")
    }

    @Test(arguments: [0, 1, 2, 3, 31, 32, 33])
    func base64URLRoundTripsWithoutPadding(count: Int) {
        let bytes = SecureRandom.bytes(count)
        let text = Base64.base64URL(bytes)
        #expect(!text.contains("=") && !text.contains("+") && !text.contains("/"))
        #expect(Base64.decodeBase64URL(text) == bytes)
    }

    @Test func base64URLRefusesTheStandardAlphabetAndPadding() {
        #expect(Base64.decodeBase64URL("ab+c") == nil)
        #expect(Base64.decodeBase64URL("YQ==") == nil)
        #expect(Base64.decodeBase64URL("a") == nil)
    }

    @Test func hexRoundTrips() {
        #expect(Hex.encode([0x00, 0xAB, 0xFF]) == "00abff")
        #expect(Hex.decode("00ABff") == [0x00, 0xAB, 0xFF])
        #expect(Hex.decode("0") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    @Test func xmlEscapingNeverLetsMarkupOrForbiddenCharactersThrough() {
        #expect(XMLEscape.text("a<b>&\"'") == "a&lt;b&gt;&amp;\"'")
        #expect(XMLEscape.attribute("a\"'\t\n") == "a&quot;&apos;&#9;&#10;")
        #expect(XMLEscape.text("x\u{1}y\u{FFFE}") == "x\u{FFFD}y\u{FFFD}")
    }
}

@Suite struct SecretTests {
    @Test func sha256AndHMACVectors() {
        #expect(Hex.encode(Digest.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Hex.encode(Digest.sha256([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        // RFC 4231 test cases 1, 2 and 6 (key longer than a block).
        #expect(Hex.encode(Digest.hmacSHA256(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
            == "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7")
        #expect(Hex.encode(Digest.hmacSHA256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8)))
            == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(Hex.encode(Digest.hmacSHA256(key: [UInt8](repeating: 0xaa, count: 131),
                                       message: Array("Test Using Larger Than Block-Size Key - Hash Key First".utf8)))
            == "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54")
    }

    @Test func constantTimeComparisonTellsOnlyEqualOrNot() {
        #expect(ConstantTime.equal("abc", "abc"))
        #expect(!ConstantTime.equal("abc", "abd"))
        #expect(!ConstantTime.equal("abc", "abcd"))
        #expect(ConstantTime.equal("", ""))
    }

    @Test func randomTokensDoNotRepeatAndCodesAreDigits() {
        let tokens = Set((0..<200).map { _ in SecureRandom.token(bytes: 16) })
        #expect(tokens.count == 200)
        let code = SecureRandom.digits(6)
        #expect(code.count == 6 && code.allSatisfy(\.isASCIIDigit))
    }
}
