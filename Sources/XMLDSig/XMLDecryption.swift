import Primitives

internal import CLibXML2

/// Decrypts XML Encryption EncryptedData elements with a private key:
/// AES-GCM (and, for interop peers, AES-CBC) content, RSA-OAEP key transport
/// (xmlenc11#rsa-oaep with its DigestMethod/MGF, or rsa-oaep-mgf1p).
public struct XMLDecryptor: Sendable {
    public let privateKey: PrivateKey
    /// CBC is unauthenticated; it can be switched off once peers use GCM.
    public var allowCBC: Bool = true
    public var limits: XMLParserLimits = .default

    public init(privateKey: PrivateKey) throws(XMLSignatureError) {
        guard privateKey.type.isRSA else { throw .decryptionFailed("RSA private key required for key transport") }
        self.privateKey = privateKey
    }

    /// SAML: parses a Response, replaces each saml:EncryptedAssertion child of
    /// the document element by the decrypted saml:Assertion, and returns the
    /// new document. Signatures inside the assertion still need verifying.
    public func decryptAssertions(inResponse xml: String) throws(XMLSignatureError) -> XMLDocument {
        try decryptAssertions(in: XMLDocument(parsing: xml, limits: limits))
    }

    public func decryptAssertions(inResponse xml: [UInt8]) throws(XMLSignatureError) -> XMLDocument {
        try decryptAssertions(in: XMLDocument(parsing: xml, limits: limits))
    }

    /// Works on (and returns) a copy; `document` is left untouched.
    public func decryptAssertions(in document: XMLDocument) throws(XMLSignatureError) -> XMLDocument {
        let result = document.copy()
        let root = result.rootNode!
        let wrappers = TreeBuilder.children(root, "EncryptedAssertion", NS.samlAssertion)
        guard !wrappers.isEmpty else { throw .elementNotFound("saml:EncryptedAssertion child of the document element") }
        for wrapper in wrappers {
            let data = TreeBuilder.children(wrapper, "EncryptedData", NS.xmlenc)
            guard data.count == 1 else { throw .decryptionFailed("EncryptedAssertion must hold one EncryptedData") }
            let plaintext = try decrypt(encryptedData: data[0], siblingKeys: TreeBuilder.children(wrapper, "EncryptedKey", NS.xmlenc))
            let element = try Self.parseElement(plaintext, context: root, limits: limits)
            guard Tree.isElement(element, localName: "Assertion", namespace: NS.samlAssertion) else {
                xmlFreeNode(element)
                throw .decryptionFailed("EncryptedAssertion did not hold a saml:Assertion")
            }
            xmlReplaceNode(wrapper, element)
            xmlFreeNode(wrapper)
        }
        return result
    }

    /// The plaintext octets of one EncryptedData element.
    public func decrypt(_ encryptedData: XMLElement) throws(XMLSignatureError) -> [UInt8] {
        let siblings = encryptedData.node.pointee.parent.map { TreeBuilder.children($0, "EncryptedKey", NS.xmlenc) } ?? []
        return try decrypt(encryptedData: encryptedData.node, siblingKeys: siblings)
    }

    func decrypt(encryptedData node: xmlNodePtr, siblingKeys: [xmlNodePtr]) throws(XMLSignatureError) -> [UInt8] {
        guard Tree.isElement(node, localName: "EncryptedData", namespace: NS.xmlenc) else {
            throw .decryptionFailed("not an xenc:EncryptedData element")
        }
        if let type = Tree.attribute(node, "Type"), type != "http://www.w3.org/2001/04/xmlenc#Element" {
            throw .unsupportedEncryption("EncryptedData Type \(type)")
        }
        guard let method = TreeBuilder.firstChild(node, "EncryptionMethod", NS.xmlenc),
              let uri = Tree.attribute(method, "Algorithm") else {
            throw .decryptionFailed("EncryptedData has no EncryptionMethod")
        }
        guard let algorithm = ContentEncryptionAlgorithm(rawValue: uri), algorithm.isGCM || allowCBC else {
            throw .unsupportedEncryption(uri)
        }
        // EncryptedKey inside KeyInfo, or (SAML 2.0 §2.5.1) beside EncryptedData.
        var candidates = siblingKeys
        if let keyInfo = TreeBuilder.firstChild(node, "KeyInfo", NS.dsig) {
            candidates = TreeBuilder.children(keyInfo, "EncryptedKey", NS.xmlenc) + candidates
        }
        guard !candidates.isEmpty else { throw .decryptionFailed("no EncryptedKey found") }
        var contentKey: [UInt8]?
        var lastError = XMLSignatureError.decryptionFailed("no EncryptedKey could be decrypted")
        for candidate in candidates {
            do {
                contentKey = try unwrapKey(candidate)
                break
            } catch {
                lastError = error
            }
        }
        guard let contentKey else { throw lastError }
        let cipherText = try Self.cipherValue(node)
        return try SymmetricCrypto.decrypt(cipherText, key: contentKey, algorithm: algorithm)
    }

    private func unwrapKey(_ encryptedKey: xmlNodePtr) throws(XMLSignatureError) -> [UInt8] {
        guard let method = TreeBuilder.firstChild(encryptedKey, "EncryptionMethod", NS.xmlenc),
              let uri = Tree.attribute(method, "Algorithm") else {
            throw .decryptionFailed("EncryptedKey has no EncryptionMethod")
        }
        guard let transport = KeyTransportAlgorithm(rawValue: uri) else { throw .unsupportedEncryption(uri) }
        var digest = DigestAlgorithm.sha1
        if let dm = TreeBuilder.firstChild(method, "DigestMethod", NS.dsig) {
            let d = Tree.attribute(dm, "Algorithm") ?? ""
            guard let parsed = DigestAlgorithm(rawValue: d) else { throw .unsupportedEncryption("OAEP digest \(d)") }
            digest = parsed
        }
        var mgf = DigestAlgorithm.sha1
        if transport == .rsaOAEP, let m = TreeBuilder.firstChild(method, "MGF", NS.xmlenc11) {
            let a = Tree.attribute(m, "Algorithm") ?? ""
            guard let parsed = MGF1Algorithm(rawValue: a) else { throw .unsupportedEncryption("MGF \(a)") }
            mgf = parsed.digest
        }
        var label: [UInt8] = []
        if let params = TreeBuilder.firstChild(method, "OAEPparams", NS.xmlenc) {
            guard let decoded = Base64.decode(Tree.text(of: params)) else { throw .decryptionFailed("OAEPparams is not base64") }
            label = decoded
        }
        return try SymmetricCrypto.rsaOAEP(encrypt: false, Self.cipherValue(encryptedKey), key: privateKey.pkey,
                                           digest: digest, mgf1: mgf, label: label)
    }

    private static func cipherValue(_ node: xmlNodePtr) throws(XMLSignatureError) -> [UInt8] {
        guard let data = TreeBuilder.firstChild(node, "CipherData", NS.xmlenc) else {
            throw .decryptionFailed("no CipherData")
        }
        guard let value = TreeBuilder.firstChild(data, "CipherValue", NS.xmlenc) else {
            throw .unsupportedEncryption("CipherReference")
        }
        guard let bytes = Base64.decode(Tree.text(of: value)) else { throw .decryptionFailed("CipherValue is not base64") }
        return bytes
    }

    /// Parses decrypted octets as one element in the namespace context of
    /// `context` (the sender may rely on declarations made by ancestors).
    /// The fragment cannot carry a DOCTYPE, entities are never substituted
    /// and the network is never used: same options as the document parser.
    static func parseElement(_ bytes: [UInt8], context: xmlNodePtr, limits: XMLParserLimits) throws(XMLSignatureError) -> xmlNodePtr {
        guard bytes.count <= limits.maxBytes else { throw .tooLarge(limit: limits.maxBytes) }
        var list: xmlNodePtr?
        let status = LibXML.silenced {
            bytes.withUnsafeBufferPointer { buffer in
                buffer.withMemoryRebound(to: CChar.self) {
                    xmlParseInNodeContext(context, $0.baseAddress, Int32($0.count), SafeXMLParser.options, &list)
                }
            }
        }
        guard status == XML_ERR_OK, let first = list else {
            if let list { xmlFreeNodeList(list) }
            throw .malformed("decrypted content is not well-formed XML (error \(status.rawValue))")
        }
        // Exactly one element; only whitespace may surround it.
        var element: xmlNodePtr?
        var node: xmlNodePtr? = first
        var problem: String?
        while let n = node {
            if n.pointee.type == XML_ELEMENT_NODE {
                if element != nil { problem = "more than one element" }
                element = n
            } else if n.pointee.type != XML_TEXT_NODE || xmlIsBlankNode(n) == 0 {
                problem = "content besides the element"
            }
            node = n.pointee.next
        }
        guard problem == nil, let element else {
            xmlFreeNodeList(first)
            throw .malformed("decrypted content: \(problem ?? "no element")")
        }
        // Detach the element from its siblings and free the rest.
        var n: xmlNodePtr? = first
        while let current = n {
            n = current.pointee.next
            if current != element {
                xmlUnlinkNode(current)
                xmlFreeNode(current)
            }
        }
        element.pointee.prev = nil
        element.pointee.next = nil
        var ancestors = 0
        var p: xmlNodePtr? = context
        while let q = p, q.pointee.type == XML_ELEMENT_NODE { ancestors += 1; p = q.pointee.parent }
        if Tree.depth(of: element) + ancestors > limits.maxDepth {
            xmlFreeNode(element)
            throw .tooDeep(limit: limits.maxDepth)
        }
        return element
    }
}
