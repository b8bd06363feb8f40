import Primitives

internal import CLibXML2

/// Encrypts elements for one recipient certificate (XML Encryption 1.1):
/// EncryptedData Type=Element, AES-GCM content, RSA-OAEP key transport with
/// the EncryptedKey inside ds:KeyInfo.
public struct XMLEncryptor: Sendable {
    public let recipient: Certificate
    public var contentAlgorithm: ContentEncryptionAlgorithm = .aes256GCM
    /// rsa-oaep-mgf1p by default: every peer knows it (xmlsec1 1.2, used by
    /// pysaml2, has no xmlenc11#rsa-oaep), and with the default SHA-1 digest
    /// and MGF1-SHA1 it is the same computation as xmlenc11#rsa-oaep.
    public var keyTransport: KeyTransportAlgorithm = .rsaOAEPMGF1P
    /// OAEP digest (ds:DigestMethod); SHA-1 is the XML Encryption default.
    public var oaepDigest: DigestAlgorithm = .sha1
    /// MGF1 digest, only expressible with `.rsaOAEP` (mgf1p is always SHA-1).
    public var mgf: MGF1Algorithm = .sha1
    public var idAttribute: String = "ID"
    public var limits: XMLParserLimits = .default

    public init(recipient: Certificate) throws(XMLSignatureError) {
        guard recipient.publicKey.type.isRSA else { throw .encryptionFailed("recipient certificate must hold an RSA key") }
        self.recipient = recipient
    }

    /// SAML: replaces every saml:Assertion child of the document element by
    /// saml:EncryptedAssertion/xenc:EncryptedData and returns the XML.
    public func encryptAssertions(inResponse xml: String, includeDeclaration: Bool = true) throws(XMLSignatureError) -> String {
        let document = try XMLDocument(parsing: xml, limits: limits)
        let assertions = TreeBuilder.children(document.rootNode!, "Assertion", NS.samlAssertion)
        guard !assertions.isEmpty else { throw .elementNotFound("saml:Assertion child of the document element") }
        for assertion in assertions {
            try encrypt(node: assertion, in: document, wrapper: ("EncryptedAssertion", XMLNamespaces.samlAssertion, "saml"))
        }
        return document.serialized(includeDeclaration: includeDeclaration)
    }

    /// Replaces the element whose ID is `elementID` by an EncryptedData
    /// element (optionally wrapped, e.g. in saml:EncryptedID).
    public func encryptElement(in xml: String, elementID: String,
                               wrapper: (localName: String, namespaceURI: String, prefix: String)? = nil,
                               includeDeclaration: Bool = true) throws(XMLSignatureError) -> String {
        let document = try XMLDocument(parsing: xml, limits: limits)
        guard let node = try IDIndex.uniqueElement(in: document, id: elementID, attribute: idAttribute) else {
            throw .elementNotFound("no element with \(idAttribute)='\(elementID)'")
        }
        try encrypt(node: node, in: document, wrapper: wrapper)
        return document.serialized(includeDeclaration: includeDeclaration)
    }

    private func encrypt(node: xmlNodePtr, in document: XMLDocument,
                         wrapper: (localName: String, namespaceURI: String, prefix: String)?) throws(XMLSignatureError) {
        guard node != document.rootNode else { throw .encryptionFailed("cannot replace the document element") }
        let doc = document.doc
        let plaintext = Self.standaloneSerialization(of: node, in: doc)
        let contentKey = SecureRandom.bytes(contentAlgorithm.keyLength)
        let cipherText = try SymmetricCrypto.encryptGCM(plaintext, key: contentKey, algorithm: contentAlgorithm)
        let mgfDigest = keyTransport == .rsaOAEPMGF1P ? DigestAlgorithm.sha1 : mgf.digest
        let wrappedKey = try SymmetricCrypto.rsaOAEP(encrypt: true, contentKey, key: recipient.publicKey.pkey,
                                                     digest: oaepDigest, mgf1: mgfDigest, label: [])

        let data = TreeBuilder.element(doc, "EncryptedData", ns: nil)
        let xenc = TreeBuilder.declareNamespace(data, uri: XMLNamespaces.xmlenc, prefix: "xenc")
        xmlSetNs(data, xenc)
        TreeBuilder.setAttribute(data, "Type", "http://www.w3.org/2001/04/xmlenc#Element")
        TreeBuilder.setAttribute(TreeBuilder.child(data, "EncryptionMethod", ns: xenc), "Algorithm", contentAlgorithm.rawValue)
        let keyInfo = TreeBuilder.child(data, "KeyInfo", ns: nil)
        let ds = TreeBuilder.declareNamespace(keyInfo, uri: XMLNamespaces.dsig, prefix: "ds")
        xmlSetNs(keyInfo, ds)
        let encryptedKey = TreeBuilder.child(keyInfo, "EncryptedKey", ns: xenc)
        let method = TreeBuilder.child(encryptedKey, "EncryptionMethod", ns: xenc)
        TreeBuilder.setAttribute(method, "Algorithm", keyTransport.rawValue)
        TreeBuilder.setAttribute(TreeBuilder.child(method, "DigestMethod", ns: ds), "Algorithm", oaepDigest.rawValue)
        if keyTransport == .rsaOAEP {
            let mgfNode = TreeBuilder.child(method, "MGF", ns: nil)
            xmlSetNs(mgfNode, TreeBuilder.declareNamespace(mgfNode, uri: XMLNamespaces.xmlenc11, prefix: "xenc11"))
            TreeBuilder.setAttribute(mgfNode, "Algorithm", mgf.rawValue)
        }
        // Identify the recipient so a multi-key peer can pick its key.
        let keyInfoInner = TreeBuilder.child(encryptedKey, "KeyInfo", ns: ds)
        let x509Data = TreeBuilder.child(keyInfoInner, "X509Data", ns: ds)
        TreeBuilder.child(x509Data, "X509Certificate", ns: ds, text: recipient.base64DER)
        TreeBuilder.child(TreeBuilder.child(encryptedKey, "CipherData", ns: xenc), "CipherValue", ns: xenc, text: Base64.encode(wrappedKey))
        TreeBuilder.child(TreeBuilder.child(data, "CipherData", ns: xenc), "CipherValue", ns: xenc, text: Base64.encode(cipherText))

        var replacement = data
        if let wrapper {
            let outer = TreeBuilder.element(doc, wrapper.localName, ns: nil)
            let existing = LibXML.withXMLChars(wrapper.namespaceURI) { xmlSearchNsByHref(doc, node.pointee.parent, $0) }
            xmlSetNs(outer, existing ?? TreeBuilder.declareNamespace(outer, uri: wrapper.namespaceURI, prefix: wrapper.prefix))
            xmlAddChild(outer, data)
            replacement = outer
        }
        xmlReplaceNode(node, replacement)
        xmlFreeNode(node)
    }

    /// The element serialized so that it parses on its own: every namespace
    /// in scope is declared on it (QName values such as xsi:type="xs:string"
    /// may rely on declarations made by ancestors).
    static func standaloneSerialization(of node: xmlNodePtr, in doc: xmlDocPtr) -> [UInt8] {
        guard let copy = xmlDocCopyNode(node, doc, 1) else { return [] }
        defer { xmlFreeNode(copy) }
        if let list = xmlGetNsList(doc, node) {
            defer { sesame_xml_free(list) }
            var i = 0
            while let ns = list[i] {
                var declared = false
                var def = copy.pointee.nsDef
                while let d = def {
                    if xmlStrEqual(d.pointee.prefix, ns.pointee.prefix) == 1 { declared = true; break }
                    def = d.pointee.next
                }
                if !declared { xmlNewNs(copy, ns.pointee.href, ns.pointee.prefix) }
                i += 1
            }
        }
        return Serializer.serializeBytes(doc: doc, node: copy, includeDeclaration: false)
    }
}
