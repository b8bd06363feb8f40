import Testing
@testable import XMLDSig

/// The document writer against libxml2's xmlSaveDoc (the reference).
@Suite struct SerializationTests {
    static let documents = CanonicalizationAgainstLibXML2Tests.documents + [
        "<?xml version=\"1.0\" standalone=\"yes\"?><!--top--><?pi data?><r a=\"&lt;&amp;&gt;&quot;'&#9;&#10;&#13;\">x&#13;y &lt;&amp;&gt; \"'<e/><f></f><!--c--><?p?></r><!--end-->",
        "<r xmlns=\"urn:d\" xmlns:p=\"urn:p\" p:b=\"2\" a=\"1\"><p:e xmlns=\"\"/></r>",
    ]

    @Test(arguments: documents.indices)
    func sameBytesAsLibXML2(_ index: Int) throws {
        let document = try XMLDocument(parsing: Self.documents[index])
        for declaration in [true, false] {
            let ours = DocumentWriter.serialize(document.doc, includeDeclaration: declaration)
            let reference = Serializer.serializeBytes(doc: document.doc, node: nil, includeDeclaration: declaration)
            #expect(String(decoding: ours, as: UTF8.self) == String(decoding: reference, as: UTF8.self))
        }
    }

    @Test func signedResponsesRoundTrip() throws {
        let signed = try Keys.idp.signer.sign(SAML.response(), elementIDs: [SAML.assertionID, SAML.responseID])
        let document = try XMLDocument(parsing: signed)
        let ours = DocumentWriter.serialize(document.doc, includeDeclaration: true)
        #expect(ours == Serializer.serializeBytes(doc: document.doc, node: nil, includeDeclaration: true))
        // And what we write still verifies.
        _ = try SignatureVerifier(trustedCertificates: [Keys.idp.certificate]).verify(ours)
    }
}
