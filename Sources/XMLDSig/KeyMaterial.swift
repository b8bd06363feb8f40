internal import COpenSSL

/// What kind of asymmetric key a PEM held.
public enum KeyType: Sendable, Equatable, CustomStringConvertible {
    case rsa(bits: Int)
    case ec(curve: String)
    case other(String)

    init(_ pkey: OpaquePointer) {
        switch EVP_PKEY_get_base_id(pkey) {
        case EVP_PKEY_RSA:
            self = .rsa(bits: Int(EVP_PKEY_get_bits(pkey)))
        case EVP_PKEY_EC:
            var name = [CChar](repeating: 0, count: 64)
            var length = 0
            EVP_PKEY_get_utf8_string_param(pkey, OSSL_PKEY_PARAM_GROUP_NAME, &name, name.count, &length)
            self = .ec(curve: String(decoding: name.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self))
        default:
            self = .other(String(cString: OBJ_nid2sn(EVP_PKEY_get_base_id(pkey))))
        }
    }

    public var isRSA: Bool { if case .rsa = self { return true } else { return false } }
    public var isEC: Bool { if case .ec = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .rsa(let bits): return "RSA-\(bits)"
        case .ec(let curve): return "EC \(curve)"
        case .other(let name): return name
        }
    }
}

/// A private key, parsed once; the EVP_PKEY is freed with the object.
/// OpenSSL 3 allows concurrent signing with one EVP_PKEY, hence Sendable.
public final class PrivateKey: @unchecked Sendable {
    let pkey: OpaquePointer
    public let type: KeyType

    init(owning pkey: OpaquePointer) {
        self.pkey = pkey
        self.type = KeyType(pkey)
    }

    deinit { EVP_PKEY_free(pkey) }

    /// Reads PKCS#8 ("PRIVATE KEY", "ENCRYPTED PRIVATE KEY") or traditional
    /// ("RSA PRIVATE KEY", "EC PRIVATE KEY") PEM. Never prompts for a password.
    public convenience init(pem: String, password: String? = nil) throws(XMLSignatureError) {
        let parsed: OpaquePointer?? = OpenSSL.withReadBIO(Array(pem.utf8)) { bio in
            if let password {
                return password.withCString { pw in
                    PEM_read_bio_PrivateKey(bio, nil, sesame_pem_password_cb, UnsafeMutableRawPointer(mutating: pw))
                }
            }
            return PEM_read_bio_PrivateKey(bio, nil, sesame_pem_password_cb, nil)
        }
        guard let outer = parsed, let pkey = outer else {
            throw .invalidKey("cannot read private key PEM: \(OpenSSL.drainErrors())")
        }
        self.init(owning: pkey)
        switch type {
        case .rsa, .ec: break
        case .other(let name): throw .invalidKey("unsupported key type \(name)")
        }
    }

    /// PKCS#8 PEM ("BEGIN PRIVATE KEY"), unencrypted.
    public var pkcs8PEM: String {
        let bytes = OpenSSL.writeToMemory { bio in
            PEM_write_bio_PrivateKey(bio, pkey, nil, nil, 0, nil, nil)
        } ?? []
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The matching public key (shares the EVP_PKEY, reference counted).
    public var publicKey: PublicKey {
        EVP_PKEY_up_ref(pkey)
        return PublicKey(owning: pkey)
    }

    /// Signs `data` with the XMLDSig encoding of `algorithm` (PKCS#1 v1.5 for
    /// RSA, r||s for ECDSA).
    public func signature(for data: [UInt8], algorithm: SignatureAlgorithm) throws(XMLSignatureError) -> [UInt8] {
        try data.withUnsafeBufferPointer { (buffer) throws(XMLSignatureError) -> [UInt8] in
            try RawSignature.sign(UnsafeRawBufferPointer(buffer), key: self, algorithm: algorithm)
        }
    }
}

/// A public key, parsed once.
public final class PublicKey: @unchecked Sendable, Equatable {
    let pkey: OpaquePointer
    public let type: KeyType

    init(owning pkey: OpaquePointer) {
        self.pkey = pkey
        self.type = KeyType(pkey)
    }

    deinit { EVP_PKEY_free(pkey) }

    /// Reads a "BEGIN PUBLIC KEY" (SubjectPublicKeyInfo) PEM.
    public convenience init(pem: String) throws(XMLSignatureError) {
        let parsed: OpaquePointer?? = OpenSSL.withReadBIO(Array(pem.utf8)) { bio in
            PEM_read_bio_PUBKEY(bio, nil, sesame_pem_password_cb, nil)
        }
        guard let outer = parsed, let pkey = outer else {
            throw .invalidKey("cannot read public key PEM: \(OpenSSL.drainErrors())")
        }
        self.init(owning: pkey)
    }

    public var pem: String {
        let bytes = OpenSSL.writeToMemory { bio in PEM_write_bio_PUBKEY(bio, pkey) } ?? []
        return String(decoding: bytes, as: UTF8.self)
    }

    public static func == (lhs: PublicKey, rhs: PublicKey) -> Bool {
        EVP_PKEY_eq(lhs.pkey, rhs.pkey) == 1
    }

    /// Checks an XMLDSig-encoded signature (r||s for ECDSA).
    public func isValidSignature(_ signature: [UInt8], for data: [UInt8], algorithm: SignatureAlgorithm) -> Bool {
        data.withUnsafeBytes { raw in
            RawSignature.verify(signature, over: raw, key: self, algorithm: algorithm)
        }
    }
}
