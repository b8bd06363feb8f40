/// XML namespaces the module reads and writes.
public enum XMLNamespaces {
    public static let dsig = "http://www.w3.org/2000/09/xmldsig#"
    public static let xmlenc = "http://www.w3.org/2001/04/xmlenc#"
    public static let xmlenc11 = "http://www.w3.org/2009/xmlenc11#"
    public static let samlAssertion = "urn:oasis:names:tc:SAML:2.0:assertion"
    public static let samlProtocol = "urn:oasis:names:tc:SAML:2.0:protocol"
}

/// Static-string twins of `XMLNamespaces`, for allocation-free comparisons.
enum NS {
    static let dsig: StaticString = "http://www.w3.org/2000/09/xmldsig#"
    static let xmlenc: StaticString = "http://www.w3.org/2001/04/xmlenc#"
    static let xmlenc11: StaticString = "http://www.w3.org/2009/xmlenc11#"
    static let excC14N: StaticString = "http://www.w3.org/2001/10/xml-exc-c14n#"
    static let samlAssertion: StaticString = "urn:oasis:names:tc:SAML:2.0:assertion"
}

public enum CanonicalizationAlgorithm: String, Sendable, CaseIterable {
    case exclusive = "http://www.w3.org/2001/10/xml-exc-c14n#"
    case exclusiveWithComments = "http://www.w3.org/2001/10/xml-exc-c14n#WithComments"

    var canonicalizer: ExclusiveCanonicalizer {
        ExclusiveCanonicalizer(withComments: self == .exclusiveWithComments)
    }
}

public enum TransformAlgorithm {
    public static let envelopedSignature = "http://www.w3.org/2000/09/xmldsig#enveloped-signature"
}

public enum DigestAlgorithm: String, Sendable, CaseIterable {
    case sha1 = "http://www.w3.org/2000/09/xmldsig#sha1"
    case sha256 = "http://www.w3.org/2001/04/xmlenc#sha256"
    case sha512 = "http://www.w3.org/2001/04/xmlenc#sha512"

    var outputLength: Int {
        switch self {
        case .sha1: return 20
        case .sha256: return 32
        case .sha512: return 64
        }
    }
}

public enum SignatureAlgorithm: String, Sendable, CaseIterable {
    case rsaSHA1 = "http://www.w3.org/2000/09/xmldsig#rsa-sha1"
    case rsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
    case rsaSHA512 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512"
    case ecdsaSHA256 = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"

    public var digest: DigestAlgorithm {
        switch self {
        case .rsaSHA1: return .sha1
        case .rsaSHA256, .ecdsaSHA256: return .sha256
        case .rsaSHA512: return .sha512
        }
    }

    public var isRSA: Bool { self != .ecdsaSHA256 }

    /// What a verifier accepts unless told otherwise: no SHA-1.
    public static let defaultAllowed: Set<SignatureAlgorithm> = [.rsaSHA256, .rsaSHA512, .ecdsaSHA256]
}

/// Content encryption algorithms (EncryptedData/EncryptionMethod).
public enum ContentEncryptionAlgorithm: String, Sendable, CaseIterable {
    case aes128GCM = "http://www.w3.org/2009/xmlenc11#aes128-gcm"
    case aes256GCM = "http://www.w3.org/2009/xmlenc11#aes256-gcm"
    /// Decryption only: CBC is unauthenticated, kept for interop peers.
    case aes128CBC = "http://www.w3.org/2001/04/xmlenc#aes128-cbc"
    case aes256CBC = "http://www.w3.org/2001/04/xmlenc#aes256-cbc"

    var keyLength: Int {
        switch self {
        case .aes128GCM, .aes128CBC: return 16
        case .aes256GCM, .aes256CBC: return 32
        }
    }

    var isGCM: Bool { self == .aes128GCM || self == .aes256GCM }
}

/// Key transport algorithms (EncryptedKey/EncryptionMethod).
public enum KeyTransportAlgorithm: String, Sendable, CaseIterable {
    /// XML Encryption 1.1 RSA-OAEP; MGF and digest given by child elements,
    /// both SHA-1 by default.
    case rsaOAEP = "http://www.w3.org/2009/xmlenc11#rsa-oaep"
    /// XML Encryption 1.0 RSA-OAEP with MGF1-SHA1.
    case rsaOAEPMGF1P = "http://www.w3.org/2001/04/xmlenc#rsa-oaep-mgf1p"
}

/// The MGF1 digests XML Encryption 1.1 names.
public enum MGF1Algorithm: String, Sendable, CaseIterable {
    case sha1 = "http://www.w3.org/2009/xmlenc11#mgf1sha1"
    case sha256 = "http://www.w3.org/2009/xmlenc11#mgf1sha256"
    case sha512 = "http://www.w3.org/2009/xmlenc11#mgf1sha512"

    var digest: DigestAlgorithm {
        switch self {
        case .sha1: return .sha1
        case .sha256: return .sha256
        case .sha512: return .sha512
        }
    }
}
