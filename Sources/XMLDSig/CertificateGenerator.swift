import Primitives

internal import COpenSSL

/// New key pairs and self-signed certificates, as PEM text, for a future
/// `sesame keys generate` command (and for tests).
public enum CertificateGenerator {
    public enum Algorithm: Sendable, Equatable {
        case rsa(bits: Int)
        case ecP256
    }

    public struct Generated: Sendable {
        /// PKCS#8 "BEGIN PRIVATE KEY".
        public let privateKeyPEM: String
        public let certificatePEM: String
    }

    /// Generates a key and a self-signed certificate (subject = issuer =
    /// CN=`commonName`), valid from now for `validityYears`.
    public static func generate(commonName: String, validityYears: Int = 10,
                                algorithm: Algorithm = .rsa(bits: 2048)) throws(XMLSignatureError) -> Generated {
        let key = try generateKey(algorithm)
        let certificate = try selfSignedCertificate(key: key, commonName: commonName, validityYears: validityYears)
        return Generated(privateKeyPEM: key.pkcs8PEM, certificatePEM: certificate.pem)
    }

    public static func generateKey(_ algorithm: Algorithm) throws(XMLSignatureError) -> PrivateKey {
        let name: String
        switch algorithm {
        case .rsa(let bits):
            guard bits >= 2048, bits <= 8192 else { throw .invalidKey("RSA size must be 2048...8192 bits") }
            name = "RSA"
        case .ecP256:
            name = "EC"
        }
        guard let ctx = EVP_PKEY_CTX_new_from_name(nil, name, nil) else {
            throw .internalFailure("EVP_PKEY_CTX_new_from_name: \(OpenSSL.drainErrors())")
        }
        defer { EVP_PKEY_CTX_free(ctx) }
        guard EVP_PKEY_keygen_init(ctx) == 1 else { throw .internalFailure("keygen init: \(OpenSSL.drainErrors())") }
        switch algorithm {
        case .rsa(let bits):
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, Int32(bits)) == 1 else {
                throw .internalFailure("RSA bits: \(OpenSSL.drainErrors())")
            }
        case .ecP256:
            guard EVP_PKEY_CTX_set_group_name(ctx, "P-256") == 1 else {
                throw .internalFailure("EC group: \(OpenSSL.drainErrors())")
            }
        }
        var pkey: OpaquePointer?
        guard EVP_PKEY_generate(ctx, &pkey) == 1, let pkey else {
            throw .internalFailure("key generation: \(OpenSSL.drainErrors())")
        }
        return PrivateKey(owning: pkey)
    }

    public static func selfSignedCertificate(key: PrivateKey, commonName: String, validityYears: Int) throws(XMLSignatureError) -> Certificate {
        guard validityYears > 0, validityYears <= 100 else { throw .invalidCertificate("validity must be 1...100 years") }
        guard let x509 = X509_new() else { throw .internalFailure("X509_new") }
        defer { X509_free(x509) }
        var ok = X509_set_version(x509, 2) == 1 // v3

        // 159-bit random positive serial, as RFC 5280 recommends.
        var serialBytes = SecureRandom.bytes(20)
        serialBytes[0] &= 0x7F
        if let bn = BN_bin2bn(serialBytes, Int32(serialBytes.count), nil) {
            ok = ok && BN_to_ASN1_INTEGER(bn, X509_get_serialNumber(x509)) != nil
            BN_free(bn)
        } else {
            ok = false
        }

        ok = ok && X509_gmtime_adj(X509_getm_notBefore(x509), 0) != nil
        ok = ok && X509_time_adj_ex(X509_getm_notAfter(x509), Int32(365 * validityYears + validityYears / 4), 0, nil) != nil
        ok = ok && X509_set_pubkey(x509, key.pkey) == 1

        guard let name = X509_NAME_new() else { throw .internalFailure("X509_NAME_new") }
        defer { X509_NAME_free(name) }
        let cn = Array(commonName.utf8)
        ok = ok && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, cn, Int32(cn.count), -1, 0) == 1
        ok = ok && X509_set_subject_name(x509, name) == 1 && X509_set_issuer_name(x509, name) == 1
        guard ok else { throw .internalFailure("certificate fields: \(OpenSSL.drainErrors())") }

        var v3 = X509V3_CTX()
        X509V3_set_ctx(&v3, x509, x509, nil, nil, 0)
        let extensions: [(Int32, String)] = [
            (NID_basic_constraints, "critical,CA:FALSE"),
            (NID_key_usage, key.type.isRSA ? "critical,digitalSignature,keyEncipherment" : "critical,digitalSignature"),
            (NID_subject_key_identifier, "hash"),
        ]
        for (nid, value) in extensions {
            guard let ext = X509V3_EXT_conf_nid(nil, &v3, nid, value) else {
                throw .internalFailure("extension \(nid): \(OpenSSL.drainErrors())")
            }
            let added = X509_add_ext(x509, ext, -1)
            X509_EXTENSION_free(ext)
            guard added == 1 else { throw .internalFailure("X509_add_ext: \(OpenSSL.drainErrors())") }
        }
        guard X509_sign(x509, key.pkey, EVP_sha256()) > 0 else {
            throw .internalFailure("X509_sign: \(OpenSSL.drainErrors())")
        }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_X509(x509, &out)
        guard length > 0, let out else { throw .internalFailure("i2d_X509: \(OpenSSL.drainErrors())") }
        let der = Array(UnsafeBufferPointer(start: out, count: Int(length)))
        sesame_openssl_free(out)
        return try Certificate(der: der)
    }
}
