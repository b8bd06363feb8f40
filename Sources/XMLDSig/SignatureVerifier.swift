import Primitives

internal import CLibXML2

/// What a successful verification hands back. `element` is the root of a
/// new, independent document that holds only what the signature covers
/// (the referenced element, without its ds:Signature and, when comments were
/// not signed, without comments): callers read this and nothing else, so
/// signature-wrapping tricks in the original document cannot leak through.
public struct VerifiedElement: Sendable {
    public let element: XMLElement
    /// The ID value the Reference pointed at.
    public let id: String
    /// The exact octets the digest covered.
    public let canonicalBytes: [UInt8]
    public let signatureAlgorithm: SignatureAlgorithm
    public let digestAlgorithm: DigestAlgorithm
    /// The trusted certificate whose key verified the signature.
    public let signingCertificate: Certificate
}

/// Strict verifier for enveloped signatures.
public struct SignatureVerifier: Sendable {
    public struct Options: Sendable {
        /// Unqualified attribute holding IDs (SAML: "ID").
        public var idAttribute: String = "ID"
        /// SHA-1 (rsa-sha1, sha1 digests) is refused unless this is set.
        public var allowSHA1: Bool = false
        public var limits: XMLParserLimits = .default

        public init(idAttribute: String = "ID", allowSHA1: Bool = false, limits: XMLParserLimits = .default) {
            self.idAttribute = idAttribute
            self.allowSHA1 = allowSHA1
            self.limits = limits
        }
    }

    public let trustedCertificates: [Certificate]
    public let options: Options
    private let allowedSignatures: Set<SignatureAlgorithm>
    private let allowedDigests: Set<DigestAlgorithm>

    /// Keys come from these certificates only, never from the document.
    public init(trustedCertificates: [Certificate], options: Options = Options()) throws(XMLSignatureError) {
        guard !trustedCertificates.isEmpty else { throw .noTrustedCertificates }
        self.trustedCertificates = trustedCertificates
        self.options = options
        var signatures = SignatureAlgorithm.defaultAllowed
        var digests: Set<DigestAlgorithm> = [.sha256, .sha512]
        if options.allowSHA1 {
            signatures.insert(.rsaSHA1)
            digests.insert(.sha1)
        }
        allowedSignatures = signatures
        allowedDigests = digests
    }

    /// Parses `xml` and verifies the signature of its document element.
    public func verify(_ xml: [UInt8]) throws(XMLSignatureError) -> VerifiedElement {
        let document = try XMLDocument(parsing: xml, limits: options.limits)
        return try verify(document.root, ownsDocument: true)
    }

    public func verify(_ xml: String) throws(XMLSignatureError) -> VerifiedElement {
        let document = try XMLDocument(parsing: xml, limits: options.limits)
        return try verify(document.root, ownsDocument: true)
    }

    /// Verifies the enveloped signature of `element` (a direct ds:Signature
    /// child whose single Reference points at the element's own ID).
    public func verify(_ element: XMLElement) throws(XMLSignatureError) -> VerifiedElement {
        try verify(element, ownsDocument: false)
    }

    /// `ownsDocument`: the document was parsed by this call and is seen by
    /// nobody else, so it can become the result without a copy.
    private func verify(_ element: XMLElement, ownsDocument: Bool) throws(XMLSignatureError) -> VerifiedElement {
        let node = element.node
        let doc = element.document.doc
        guard let id = element.attribute(options.idAttribute), !id.isEmpty else {
            throw .missingID(attribute: options.idAttribute)
        }
        // Resolving the ID over the whole document refuses duplicates anywhere.
        guard try IDIndex.uniqueElement(in: element.document, id: id, attribute: options.idAttribute) == node else {
            throw .duplicateID(id)
        }
        let signatures = TreeBuilder.children(node, "Signature", NS.dsig)
        guard let signatureNode = signatures.first else { throw .missingSignature }
        guard signatures.count == 1 else { throw .multipleSignatures }

        let signature = try SignatureStructure(signatureNode, allowedSignatures: allowedSignatures, allowedDigests: allowedDigests)
        guard signature.referenceURI == "#" + id else {
            throw .referenceURIMismatch(expected: "#" + id, found: signature.referenceURI)
        }

        // 1. SignedInfo, canonicalized in place, must verify with a trusted key.
        let signedInfoBytes = try signature.signedInfoCanonicalizer.canonicalize(doc: doc, root: signature.signedInfo, excluding: nil)
        let signer = try trustedSigner(for: signature, signedInfo: signedInfoBytes)

        // 2. Only then the referenced element's digest.
        let canonical = try signature.referenceCanonicalizer.canonicalize(doc: doc, root: node, excluding: signatureNode)
        let digest = try OpenSSL.digest(signature.digestAlgorithm, canonical)
        guard ConstantTime.equal(digest, signature.digestValue) else { throw .digestMismatch }

        let keepComments = signature.referenceCanonicalizer.withComments
        let verified: XMLElement
        if ownsDocument, node == element.document.rootNode {
            xmlUnlinkNode(signatureNode)
            xmlFreeNode(signatureNode)
            if !keepComments { Tree.removeComments(under: node) }
            // Prolog/epilog comments and PIs are not signed either.
            var top = doc.pointee.children
            while let t = top {
                top = t.pointee.next
                if t != node { xmlUnlinkNode(t); xmlFreeNode(t) }
            }
            verified = element
        } else {
            verified = try Self.independentCopy(of: node, signature: signatureNode, keepComments: keepComments).root
        }
        return VerifiedElement(element: verified, id: id, canonicalBytes: canonical,
                               signatureAlgorithm: signature.signatureAlgorithm,
                               digestAlgorithm: signature.digestAlgorithm, signingCertificate: signer)
    }

    private func trustedSigner(for signature: SignatureStructure, signedInfo: [UInt8]) throws(XMLSignatureError) -> Certificate {
        let algorithm = signature.signatureAlgorithm
        let candidates = trustedCertificates.filter { algorithm.isRSA ? $0.publicKey.type.isRSA : $0.publicKey.type.isEC }
        let verified = signedInfo.withUnsafeBytes { raw in
            candidates.first { RawSignature.verify(signature.signatureValue, over: raw, key: $0.publicKey, algorithm: algorithm) }
        }
        if let verified { return verified }
        // Nobody we trust signed this. If KeyInfo names a certificate we do
        // not know, say so; otherwise the value itself is wrong.
        if candidates.isEmpty { throw .untrustedKey }
        let trustedDER = Set(trustedCertificates.map(\.der))
        if !signature.keyInfoCertificates.isEmpty,
           !signature.keyInfoCertificates.contains(where: { trustedDER.contains($0) }) {
            throw .untrustedKey
        }
        throw .signatureInvalid
    }

    /// Copies the verified node into a fresh document, dropping the
    /// signature (not part of the signed content) and, if comments were not
    /// signed, every comment.
    static func independentCopy(of node: xmlNodePtr, signature: xmlNodePtr, keepComments: Bool) throws(XMLSignatureError) -> XMLDocument {
        guard let newDoc = xmlNewDoc(node.pointee.doc.pointee.version) else { throw .internalFailure("xmlNewDoc") }
        let document = XMLDocument(owning: newDoc)
        guard let copy = xmlDocCopyNode(node, newDoc, 1) else { throw .internalFailure("xmlDocCopyNode") }
        xmlDocSetRootElement(newDoc, copy)
        // The Signature is the same-position child in the copy.
        var original = node.pointee.children, copied = copy.pointee.children
        while let o = original, let c = copied {
            if o == signature {
                xmlUnlinkNode(c)
                xmlFreeNode(c)
                break
            }
            original = o.pointee.next
            copied = c.pointee.next
        }
        if !keepComments { Tree.removeComments(under: copy) }
        return document
    }
}
