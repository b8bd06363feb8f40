import Primitives

internal import CLibXML2

/// Produces enveloped XML signatures the way SAML wants them: exc-c14n,
/// SHA-256 digest, Reference URI "#ID", the certificate in KeyInfo, and the
/// ds:Signature placed right after saml:Issuer (or first).
public struct XMLSigner: Sendable {
    public let privateKey: PrivateKey
    /// Written into KeyInfo/X509Data when present.
    public let certificate: Certificate?
    public let signatureAlgorithm: SignatureAlgorithm
    public var digestAlgorithm: DigestAlgorithm = .sha256
    public var canonicalization: CanonicalizationAlgorithm = .exclusive
    /// Name of the unqualified attribute holding element IDs.
    public var idAttribute: String = "ID"
    public var limits: XMLParserLimits = .default

    /// `signatureAlgorithm` defaults to rsa-sha256 or ecdsa-sha256 after the key.
    public init(privateKey: PrivateKey, certificate: Certificate?, signatureAlgorithm: SignatureAlgorithm? = nil) throws(XMLSignatureError) {
        let algorithm = signatureAlgorithm ?? (privateKey.type.isEC ? .ecdsaSHA256 : .rsaSHA256)
        try RawSignature.checkKeyFits(privateKey.type, algorithm)
        if let certificate, !(certificate.publicKey == privateKey.publicKey) {
            throw .invalidKey("certificate does not match the private key")
        }
        self.privateKey = privateKey
        self.certificate = certificate
        self.signatureAlgorithm = algorithm
    }

    /// Parses `xml`, signs the elements with the given IDs in that order
    /// (inner elements first: an Assertion, then its Response) and returns
    /// the serialized document.
    public func sign(_ xml: String, elementIDs: [String], includeDeclaration: Bool = true) throws(XMLSignatureError) -> String {
        try signedDocument(XMLDocument(parsing: xml, limits: limits), elementIDs: elementIDs)
            .serialized(includeDeclaration: includeDeclaration)
    }

    public func sign(_ xml: [UInt8], elementIDs: [String], includeDeclaration: Bool = true) throws(XMLSignatureError) -> String {
        try signedDocument(XMLDocument(parsing: xml, limits: limits), elementIDs: elementIDs)
            .serialized(includeDeclaration: includeDeclaration)
    }

    /// Signs a copy of `document`; the argument is left untouched.
    public func sign(_ document: XMLDocument, elementIDs: [String]) throws(XMLSignatureError) -> XMLDocument {
        try signedDocument(document.copy(), elementIDs: elementIDs)
    }

    /// Signs in place; `document` must still be private to this call.
    func signedDocument(_ document: XMLDocument, elementIDs: [String]) throws(XMLSignatureError) -> XMLDocument {
        for id in elementIDs {
            guard let node = try IDIndex.uniqueElement(in: document, id: id, attribute: idAttribute) else {
                throw .elementNotFound("no element with \(idAttribute)='\(id)'")
            }
            try sign(node: node, id: id, in: document)
        }
        return document
    }

    private func sign(node: xmlNodePtr, id: String, in document: XMLDocument) throws(XMLSignatureError) {
        let doc = document.doc
        guard TreeBuilder.firstChild(node, "Signature", NS.dsig) == nil else { throw .multipleSignatures }
        let canonicalizer = canonicalization.canonicalizer

        // The element has no Signature yet, so its canonical form equals the
        // enveloped-signature transform's output once the Signature is in.
        let digest = try OpenSSL.digest(digestAlgorithm, canonicalizer.canonicalize(doc: doc, root: node, excluding: nil))

        // The Signature is built in the document and placed before SignedInfo
        // is canonicalized: exc-c14n of SignedInfo renders only the ds
        // namespace it uses, declared on Signature, whatever surrounds it.
        let signature = TreeBuilder.element(doc, "Signature", ns: nil)
        let ds = TreeBuilder.declareNamespace(signature, uri: XMLNamespaces.dsig, prefix: "ds")
        xmlSetNs(signature, ds)
        let signedInfo = TreeBuilder.child(signature, "SignedInfo", ns: ds)
        TreeBuilder.setAttribute(TreeBuilder.child(signedInfo, "CanonicalizationMethod", ns: ds), "Algorithm", canonicalization.rawValue)
        TreeBuilder.setAttribute(TreeBuilder.child(signedInfo, "SignatureMethod", ns: ds), "Algorithm", signatureAlgorithm.rawValue)
        let reference = TreeBuilder.child(signedInfo, "Reference", ns: ds)
        TreeBuilder.setAttribute(reference, "URI", "#" + id)
        let transforms = TreeBuilder.child(reference, "Transforms", ns: ds)
        TreeBuilder.setAttribute(TreeBuilder.child(transforms, "Transform", ns: ds), "Algorithm", TransformAlgorithm.envelopedSignature)
        TreeBuilder.setAttribute(TreeBuilder.child(transforms, "Transform", ns: ds), "Algorithm", canonicalization.rawValue)
        TreeBuilder.setAttribute(TreeBuilder.child(reference, "DigestMethod", ns: ds), "Algorithm", digestAlgorithm.rawValue)
        TreeBuilder.child(reference, "DigestValue", ns: ds, text: Base64.encode(digest))

        // SAML schemas put ds:Signature right after saml:Issuer.
        if let issuer = TreeBuilder.firstChild(node, "Issuer", NS.samlAssertion) {
            xmlAddNextSibling(issuer, signature)
        } else if let first = node.pointee.children {
            xmlAddPrevSibling(first, signature)
        } else {
            xmlAddChild(node, signature)
        }

        let signedInfoBytes = try canonicalizer.canonicalize(doc: doc, root: signedInfo, excluding: nil)
        let value = try privateKey.signature(for: signedInfoBytes, algorithm: signatureAlgorithm)
        TreeBuilder.child(signature, "SignatureValue", ns: ds, text: Base64.encode(value))
        if let certificate {
            let keyInfo = TreeBuilder.child(signature, "KeyInfo", ns: ds)
            let x509Data = TreeBuilder.child(keyInfo, "X509Data", ns: ds)
            TreeBuilder.child(x509Data, "X509Certificate", ns: ds, text: certificate.base64DER)
        }
    }
}
