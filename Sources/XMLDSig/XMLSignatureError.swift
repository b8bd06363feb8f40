/// Every failure of the module, as one typed error.
///
/// Cases are precise so callers (and tests) can tell a hostile document from
/// a configuration mistake; `description` is English text for logs.
public enum XMLSignatureError: Error, Equatable, Sendable, CustomStringConvertible {
    // Parsing
    case doctypeForbidden
    case tooLarge(limit: Int)
    case tooDeep(limit: Int)
    case malformed(String)

    // Locating what to verify
    case elementNotFound(String)
    case ambiguousElement(String)
    case missingID(attribute: String)
    case duplicateID(String)

    // Signature structure
    case missingSignature
    case multipleSignatures
    case malformedSignature(String)
    case multipleReferences
    case referenceURIMismatch(expected: String, found: String)
    case forbiddenTransform(String)
    case algorithmNotAllowed(String)
    case keyAlgorithmMismatch(String)

    // Cryptographic outcome
    case digestMismatch
    case signatureInvalid
    case untrustedKey

    // Keys and certificates
    case invalidKey(String)
    case invalidCertificate(String)
    case noTrustedCertificates

    // HTTP-Redirect binding
    case malformedQuery(String)

    // Encryption
    case encryptionFailed(String)
    case decryptionFailed(String)
    case unsupportedEncryption(String)

    // Anything OpenSSL or libxml2 reported that has no better case
    case internalFailure(String)

    public var description: String {
        switch self {
        case .doctypeForbidden: return "XML document has a DOCTYPE declaration, which is forbidden"
        case .tooLarge(let limit): return "XML document is larger than the \(limit)-byte limit"
        case .tooDeep(let limit): return "XML document nests deeper than the \(limit)-level limit"
        case .malformed(let m): return "XML document is malformed: \(m)"
        case .elementNotFound(let m): return "element not found: \(m)"
        case .ambiguousElement(let m): return "more than one candidate element: \(m)"
        case .missingID(let a): return "element has no '\(a)' attribute"
        case .duplicateID(let id): return "ID value '\(id)' occurs more than once in the document"
        case .missingSignature: return "element has no ds:Signature child"
        case .multipleSignatures: return "element has more than one ds:Signature child"
        case .malformedSignature(let m): return "ds:Signature is malformed: \(m)"
        case .multipleReferences: return "ds:SignedInfo must hold exactly one ds:Reference"
        case .referenceURIMismatch(let e, let f): return "ds:Reference URI is '\(f)', expected '\(e)'"
        case .forbiddenTransform(let t): return "transform not allowed: \(t)"
        case .algorithmNotAllowed(let a): return "algorithm not allowed: \(a)"
        case .keyAlgorithmMismatch(let m): return "key does not fit the algorithm: \(m)"
        case .digestMismatch: return "digest of the referenced element does not match ds:DigestValue"
        case .signatureInvalid: return "signature value does not verify with any trusted key"
        case .untrustedKey: return "signature was made with a key that is not trusted"
        case .invalidKey(let m): return "invalid key: \(m)"
        case .invalidCertificate(let m): return "invalid certificate: \(m)"
        case .noTrustedCertificates: return "no trusted certificate was configured"
        case .malformedQuery(let m): return "malformed redirect-binding query: \(m)"
        case .encryptionFailed(let m): return "encryption failed: \(m)"
        case .decryptionFailed(let m): return "decryption failed: \(m)"
        case .unsupportedEncryption(let m): return "unsupported encryption: \(m)"
        case .internalFailure(let m): return "internal failure: \(m)"
        }
    }
}
