import Primitives

internal import CLibXML2

/// A ds:Signature read strictly: only the shapes SAML needs are accepted,
/// and every algorithm is checked against the allow-lists before any
/// cryptography runs.
struct SignatureStructure {
    let signatureNode: xmlNodePtr
    let signedInfo: xmlNodePtr
    let signedInfoCanonicalizer: ExclusiveCanonicalizer
    let signatureAlgorithm: SignatureAlgorithm
    let referenceURI: String
    let referenceCanonicalizer: ExclusiveCanonicalizer
    let digestAlgorithm: DigestAlgorithm
    let digestValue: [UInt8]
    let signatureValue: [UInt8]
    /// KeyInfo, if any. Never trusted; only read (lazily, after a failed
    /// verification) to tell "unknown signer" from "bad signature".
    let keyInfo: xmlNodePtr?

    init(_ signature: xmlNodePtr, allowedSignatures: Set<SignatureAlgorithm>, allowedDigests: Set<DigestAlgorithm>) throws(XMLSignatureError) {
        signatureNode = signature
        let parts = Tree.elementChildren(signature)
        guard parts.count >= 2,
              Tree.isElement(parts[0], localName: "SignedInfo", namespace: NS.dsig),
              Tree.isElement(parts[1], localName: "SignatureValue", namespace: NS.dsig) else {
            throw .malformedSignature("expected SignedInfo then SignatureValue")
        }
        var rest = parts.dropFirst(2)
        if let first = rest.first, Tree.isElement(first, localName: "KeyInfo", namespace: NS.dsig) {
            keyInfo = first
            rest = rest.dropFirst()
        } else {
            keyInfo = nil
        }
        // ds:Object is where wrapping attacks hide content; SAML never needs it.
        if rest.contains(where: { Tree.isElement($0, localName: "Object", namespace: NS.dsig) }) {
            throw .malformedSignature("ds:Object is not allowed")
        }
        guard rest.isEmpty else { throw .malformedSignature("unexpected element after SignatureValue") }
        guard let value = Base64.decode(Tree.text(of: parts[1])), !value.isEmpty else {
            throw .malformedSignature("SignatureValue is not base64")
        }
        signatureValue = value
        signedInfo = parts[0]

        let info = Tree.elementChildren(signedInfo)
        guard info.count >= 3,
              Tree.isElement(info[0], localName: "CanonicalizationMethod", namespace: NS.dsig),
              Tree.isElement(info[1], localName: "SignatureMethod", namespace: NS.dsig) else {
            throw .malformedSignature("SignedInfo must start with CanonicalizationMethod and SignatureMethod")
        }
        let references = info.dropFirst(2)
        guard references.allSatisfy({ Tree.isElement($0, localName: "Reference", namespace: NS.dsig) }) else {
            throw .malformedSignature("unexpected element in SignedInfo")
        }
        guard references.count == 1, let reference = references.first else { throw .multipleReferences }

        signedInfoCanonicalizer = try Self.canonicalizer(info[0])
        let methodURI = Tree.attribute(info[1], "Algorithm") ?? ""
        guard let method = SignatureAlgorithm(rawValue: methodURI), allowedSignatures.contains(method) else {
            throw .algorithmNotAllowed(methodURI)
        }
        guard Tree.elementChildren(info[1]).isEmpty else {
            throw .malformedSignature("SignatureMethod must be empty")
        }
        signatureAlgorithm = method

        // Reference: URI, Transforms, DigestMethod, DigestValue.
        guard let uri = Tree.attribute(reference, "URI") else {
            throw .referenceURIMismatch(expected: "#ID", found: "(none)")
        }
        referenceURI = uri
        var refParts = Tree.elementChildren(reference)[...]
        var transforms: [xmlNodePtr] = []
        if let first = refParts.first, Tree.isElement(first, localName: "Transforms", namespace: NS.dsig) {
            transforms = Tree.elementChildren(first)
            refParts = refParts.dropFirst()
        }
        guard refParts.count == 2,
              Tree.isElement(refParts[refParts.startIndex], localName: "DigestMethod", namespace: NS.dsig),
              Tree.isElement(refParts[refParts.startIndex + 1], localName: "DigestValue", namespace: NS.dsig) else {
            throw .malformedSignature("Reference must hold Transforms, DigestMethod and DigestValue")
        }
        referenceCanonicalizer = try Self.checkTransforms(transforms)
        let digestURI = Tree.attribute(refParts[refParts.startIndex], "Algorithm") ?? ""
        guard let digest = DigestAlgorithm(rawValue: digestURI), allowedDigests.contains(digest) else {
            throw .algorithmNotAllowed(digestURI)
        }
        digestAlgorithm = digest
        guard let digestBytes = Base64.decode(Tree.text(of: refParts[refParts.startIndex + 1])),
              digestBytes.count == digest.outputLength else {
            throw .malformedSignature("DigestValue is not a base64 \(digest) digest")
        }
        digestValue = digestBytes
    }

    /// Only [enveloped-signature, exc-c14n] in that order. Anything else
    /// (XPath, XSLT, inclusive C14N, base64, a missing step) is refused.
    private static func checkTransforms(_ transforms: [xmlNodePtr]) throws(XMLSignatureError) -> ExclusiveCanonicalizer {
        for t in transforms {
            guard Tree.isElement(t, localName: "Transform", namespace: NS.dsig) else {
                throw .malformedSignature("unexpected element in Transforms")
            }
            let uri = Tree.attribute(t, "Algorithm") ?? ""
            guard uri == TransformAlgorithm.envelopedSignature || CanonicalizationAlgorithm(rawValue: uri) != nil else {
                throw .forbiddenTransform(uri)
            }
        }
        guard transforms.count == 2,
              Tree.attribute(transforms[0], "Algorithm") == TransformAlgorithm.envelopedSignature,
              Tree.elementChildren(transforms[0]).isEmpty else {
            throw .forbiddenTransform("expected enveloped-signature followed by exc-c14n")
        }
        return try canonicalizer(transforms[1])
    }

    /// Reads a CanonicalizationMethod or c14n Transform, with its optional
    /// InclusiveNamespaces PrefixList.
    private static func canonicalizer(_ node: xmlNodePtr) throws(XMLSignatureError) -> ExclusiveCanonicalizer {
        let uri = Tree.attribute(node, "Algorithm") ?? ""
        guard let algorithm = CanonicalizationAlgorithm(rawValue: uri) else {
            if Tree.isElement(node, localName: "Transform", namespace: NS.dsig) { throw .forbiddenTransform(uri) }
            throw .algorithmNotAllowed(uri)
        }
        var canonicalizer = algorithm.canonicalizer
        let children = Tree.elementChildren(node)
        if let inclusive = children.first {
            guard children.count == 1,
                  Tree.isElement(inclusive, localName: "InclusiveNamespaces", namespace: NS.excC14N),
                  let list = Tree.attribute(inclusive, "PrefixList") else {
                throw .malformedSignature("unexpected content in \(uri)")
            }
            canonicalizer.inclusiveNamespacePrefixes = list.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).map(String.init)
        }
        return canonicalizer
    }

    /// DER certificates found in KeyInfo/X509Data.
    var keyInfoCertificates: [[UInt8]] {
        guard let keyInfo else { return [] }
        var result: [[UInt8]] = []
        for data in TreeBuilder.children(keyInfo, "X509Data", NS.dsig) {
            for cert in TreeBuilder.children(data, "X509Certificate", NS.dsig) {
                if let der = Base64.decode(Tree.text(of: cert)) { result.append(der) }
            }
        }
        return result
    }
}
