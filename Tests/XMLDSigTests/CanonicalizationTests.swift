import Testing
@testable import XMLDSig
import CLibXML2

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

/// The subtree writer against libxml2's xmlC14NExecute (the reference):
/// every element of every document as apex, every other element as the
/// excluded subtree, with and without comments and prefix lists.
@Suite struct CanonicalizationAgainstLibXML2Tests {
    static let documents: [String] = [
        "<a:r xmlns:a=\"urn:a\" xmlns:b=\"urn:b\" xmlns:u=\"urn:unused\"><a:c b:x=\"1\" z='2'  y=\"3\"/><b:d/></a:r>",
        "<r xmlns=\"urn:d\" xmlns:x=\"urn:x\"><e xmlns=\"\"><f x:a=\"1\"/></e><g><x:h xmlns=\"urn:other\"><i/></x:h></g></r>",
        "<p:r xmlns:p=\"urn:1\"><p:s xmlns:p=\"urn:2\"><p:t xmlns:p=\"urn:1\"/></p:s><q xmlns=\"urn:q\"><q2 xmlns=\"urn:q\"/></q></p:r>",
        "<r xml:lang=\"fr\" a=\"&quot;&lt;&#9;&#10;&#13;&amp;&gt;\">t&lt;&gt;&amp;&#13;\n<![CDATA[<x>&]]><!-- c --><?pi  data&#13;?><?empty?></r>",
        "<r xmlns:x=\"urn:x\" xmlns:y=\"urn:y\" x:b=\"2\" y:a=\"1\" a=\"0\" x:a=\"3\"><x:e y:z=\"\" xmlns:x=\"urn:x\"/></r>",
        "<?xml version=\"1.0\"?><!--pre--><r xmlns=\"urn:d\"><e xmlns=\"\"/><e2/><!--in--></r><!--post-->",
        "<r xmlns:a=\"urn:a&amp;b\" xmlns:é=\"urn:e%C3%A9\"><é:e a:x=\"ü\">été</é:e><z:e xmlns:z=\"urn:a&amp;b\"/></r>",
        "<r xmlns:q=\"urn:q'\"><q:e/><q:e xmlns:q=\"urn:&apos;&amp;\"/></r>",
        "<r><a xmlns=\"urn:1\"><b xmlns=\"\"><c xmlns=\"urn:1\"/></b></a></r>",
    ]
    static let prefixLists: [[String]] = [[], ["x"], ["#default"], ["x", "#default", "unknown"], ["a", "p"]]

    @Test(arguments: documents.indices)
    func sameOctetsAsLibXML2(_ index: Int) throws {
        try Self.compareEverySubtree(of: Self.documents[index])
    }

    @Test func sameOctetsOnSAMLResponses() throws {
        let signed = try Keys.idp.signer.sign(SAML.response(), elementIDs: [SAML.assertionID, SAML.responseID])
        try Self.compareEverySubtree(of: signed)
        try Self.compareEverySubtree(of: SAML.assertion())
    }

    static func compareEverySubtree(of xml: String) throws {
        let document = try XMLDocument(parsing: xml)
        var elements: [xmlNodePtr] = []
        Tree.walkElements(from: document.rootNode) { elements.append($0); return true }
        for apex in elements {
            let excluded: [xmlNodePtr?] = [nil] + elements.filter { $0 != apex && Self.isDescendant($0, of: apex) }
            for exclude in excluded {
                for comments in [false, true] {
                    for prefixes in prefixLists {
                        let c = ExclusiveCanonicalizer(withComments: comments, inclusiveNamespacePrefixes: prefixes)
                        let ours = try c.canonicalize(doc: document.doc, root: apex, excluding: exclude)
                        let reference = try c.libxml2Canonicalize(doc: document.doc, root: apex, excluding: exclude)
                        #expect(String(decoding: ours, as: UTF8.self) == String(decoding: reference, as: UTF8.self),
                                "apex \(String(cString: apex.pointee.name)), comments \(comments), prefixes \(prefixes)")
                    }
                }
            }
        }
    }

    static func isDescendant(_ node: xmlNodePtr, of ancestor: xmlNodePtr) -> Bool {
        var current = node.pointee.parent
        while let c = current {
            if c == ancestor { return true }
            current = c.pointee.parent
        }
        return false
    }
}
