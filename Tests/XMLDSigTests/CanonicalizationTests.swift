import Testing
@testable import XMLDSig

@Suite struct CanonicalizationTests {
    func c14n(_ xml: String, path: [Int] = [], _ canonicalizer: ExclusiveCanonicalizer = .init()) throws -> String {
        var element = try XMLDocument(parsing: xml).root
        for index in path { element = element.children[index] }
        return String(decoding: try canonicalizer.canonicalize(element), as: UTF8.self)
    }

    @Test func attributesSortedAndOnlyUsedNamespacesRendered() throws {
        let xml = "<a:r xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" xmlns:u=\"urn:unused\"><a:c b:x=\"1\" z='2'  y=\"3\"/></a:r>"
        #expect(try c14n(xml, path: [0]) == "<a:c xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" y=\"3\" z=\"2\" b:x=\"1\"></a:c>")
    }

    @Test func commentsDroppedOrKept() throws {
        let xml = "<r><!--c-->t<e/></r>"
        #expect(try c14n(xml) == "<r>t<e></e></r>")
        #expect(try c14n(xml, ExclusiveCanonicalizer(withComments: true)) == "<r><!--c-->t<e></e></r>")
    }

    @Test func inclusivePrefixList() throws {
        let xml = "<r xmlns:x=\"urn:x\" xmlns=\"urn:d\"><e xmlns=\"\"/></r>"
        #expect(try c14n(xml, path: [0]) == "<e></e>")
        #expect(try c14n(xml, path: [0], ExclusiveCanonicalizer(inclusiveNamespacePrefixes: ["x"])) == "<e xmlns:x=\"urn:x\"></e>")
    }

    @Test func textAndAttributeEscaping() throws {
        let xml = "<r a=\"&quot;&lt;&#9;\">&lt;&gt;&amp;\r\n<![CDATA[<x>]]></r>"
        #expect(try c14n(xml) == "<r a=\"&quot;&lt;&#x9;\">&lt;&gt;&amp;\n&lt;x&gt;</r>")
    }

    @Test func excludedSubtree() throws {
        let doc = try XMLDocument(parsing: "<r><keep/><drop><x/></drop>tail</r>")
        let drop = doc.root.children[1]
        let out = try ExclusiveCanonicalizer().canonicalize(doc.root, excluding: drop)
        #expect(String(decoding: out, as: UTF8.self) == "<r><keep></keep>tail</r>")
    }

    @Test func signedInfoPrefixListHonouredByVerifier() throws {
        // A signature whose Reference carries an InclusiveNamespaces list
        // (xmlsec1 / Shibboleth style) still verifies.
        let signed = try Keys.idp.signer.sign(SAML.assertion(), elementIDs: [SAML.assertionID])
        let withList = signed.replacingOccurrences(
            of: "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"/>",
            with: "<ds:Transform Algorithm=\"http://www.w3.org/2001/10/xml-exc-c14n#\"><ec:InclusiveNamespaces xmlns:ec=\"http://www.w3.org/2001/10/xml-exc-c14n#\" PrefixList=\"xs\"/></ds:Transform>")
        // SignedInfo changed, so the old signature breaks: proves the list is parsed, not ignored.
        expectError(.signatureInvalid) { _ = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(withList) }
    }
}
