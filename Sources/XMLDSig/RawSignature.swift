internal import COpenSSL

/// EVP_DigestSign / EVP_DigestVerify with XMLDSig's signature encodings.
/// ECDSA signatures travel as r||s (RFC 4050 / XMLDSig 1.1), not DER.
enum RawSignature {
    static func sign(_ data: UnsafeRawBufferPointer, key: PrivateKey, algorithm: SignatureAlgorithm) throws(XMLSignatureError) -> [UInt8] {
        try checkKeyFits(key.type, algorithm)
        guard let ctx = EVP_MD_CTX_new() else { throw .internalFailure("EVP_MD_CTX_new") }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestSignInit(ctx, nil, OpenSSL.md(algorithm.digest), nil, key.pkey) == 1 else {
            throw .internalFailure("EVP_DigestSignInit: \(OpenSSL.drainErrors())")
        }
        // EVP_PKEY_get_size bounds every signature of the key, so one call
        // signs (asking the length first costs a second pass in OpenSSL 3).
        var length = Int(EVP_PKEY_get_size(key.pkey))
        var signature = [UInt8](repeating: 0, count: length)
        guard EVP_DigestSign(ctx, &signature, &length, data.baseAddress, data.count) == 1 else {
            throw .internalFailure("EVP_DigestSign: \(OpenSSL.drainErrors())")
        }
        signature.removeLast(signature.count - length)
        if algorithm.isRSA { return signature }
        return try ecdsaDERToRaw(signature, componentLength: componentLength(key.pkey))
    }

    static func verify(_ signature: [UInt8], over data: UnsafeRawBufferPointer, key: PublicKey, algorithm: SignatureAlgorithm) -> Bool {
        guard (try? checkKeyFits(key.type, algorithm)) != nil else { return false }
        var encoded = signature
        if !algorithm.isRSA {
            guard let der = ecdsaRawToDER(signature, componentLength: componentLength(key.pkey)) else { return false }
            encoded = der
        }
        guard let ctx = EVP_MD_CTX_new() else { return false }
        defer { EVP_MD_CTX_free(ctx) }
        guard EVP_DigestVerifyInit(ctx, nil, OpenSSL.md(algorithm.digest), nil, key.pkey) == 1 else {
            ERR_clear_error()
            return false
        }
        let result = EVP_DigestVerify(ctx, encoded, encoded.count, data.baseAddress, data.count)
        if result != 1 { ERR_clear_error() }
        return result == 1
    }

    static func checkKeyFits(_ type: KeyType, _ algorithm: SignatureAlgorithm) throws(XMLSignatureError) {
        if algorithm.isRSA ? !type.isRSA : !type.isEC {
            throw .keyAlgorithmMismatch("\(type) key cannot be used with \(algorithm.rawValue)")
        }
    }

    /// Bytes per ECDSA component: the size of the curve order.
    static func componentLength(_ pkey: OpaquePointer) -> Int {
        (Int(EVP_PKEY_get_bits(pkey)) + 7) / 8
    }

    static func ecdsaDERToRaw(_ der: [UInt8], componentLength n: Int) throws(XMLSignatureError) -> [UInt8] {
        var parsed: OpaquePointer?
        der.withUnsafeBufferPointer { buffer in
            var p: UnsafePointer<UInt8>? = buffer.baseAddress
            parsed = d2i_ECDSA_SIG(nil, &p, buffer.count)
        }
        guard let sig = parsed else { throw .internalFailure("d2i_ECDSA_SIG: \(OpenSSL.drainErrors())") }
        defer { ECDSA_SIG_free(sig) }
        var r: OpaquePointer?, s: OpaquePointer?
        ECDSA_SIG_get0(sig, &r, &s)
        var raw = [UInt8](repeating: 0, count: 2 * n)
        let ok = raw.withUnsafeMutableBufferPointer { out in
            BN_bn2binpad(r, out.baseAddress, Int32(n)) == Int32(n)
                && BN_bn2binpad(s, out.baseAddress! + n, Int32(n)) == Int32(n)
        }
        guard ok else { throw .internalFailure("ECDSA component too large") }
        return raw
    }

    static func ecdsaRawToDER(_ raw: [UInt8], componentLength n: Int) -> [UInt8]? {
        guard raw.count == 2 * n, let sig = ECDSA_SIG_new() else { return nil }
        defer { ECDSA_SIG_free(sig) }
        let r = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress, Int32(n), nil) }
        let s = raw.withUnsafeBufferPointer { BN_bin2bn($0.baseAddress! + n, Int32(n), nil) }
        guard let r, let s, ECDSA_SIG_set0(sig, r, s) == 1 else {
            BN_free(r); BN_free(s)
            return nil
        }
        var out: UnsafeMutablePointer<UInt8>?
        let length = i2d_ECDSA_SIG(sig, &out)
        guard length > 0, let out else { return nil }
        defer { sesame_openssl_free(out) }
        return Array(UnsafeBufferPointer(start: out, count: Int(length)))
    }
}
