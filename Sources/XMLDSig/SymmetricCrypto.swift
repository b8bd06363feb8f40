import Primitives

internal import COpenSSL

/// The block-cipher and key-transport primitives XML Encryption needs.
enum SymmetricCrypto {
    static let gcmIVLength = 12
    static let gcmTagLength = 16

    private static func cipher(_ algorithm: ContentEncryptionAlgorithm) -> OpaquePointer {
        switch algorithm {
        case .aes128GCM: return EVP_aes_128_gcm()
        case .aes256GCM: return EVP_aes_256_gcm()
        case .aes128CBC: return EVP_aes_128_cbc()
        case .aes256CBC: return EVP_aes_256_cbc()
        }
    }

    /// AES-GCM: returns IV (12) || ciphertext || tag (16), the XML Encryption 1.1 layout.
    static func encryptGCM(_ plaintext: [UInt8], key: [UInt8], algorithm: ContentEncryptionAlgorithm) throws(XMLSignatureError) -> [UInt8] {
        guard algorithm.isGCM, key.count == algorithm.keyLength else { throw .encryptionFailed("bad key for \(algorithm)") }
        let iv = SecureRandom.bytes(gcmIVLength)
        guard let ctx = EVP_CIPHER_CTX_new() else { throw .internalFailure("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var out = [UInt8](repeating: 0, count: plaintext.count + 16)
        var length: Int32 = 0, finalLength: Int32 = 0
        var tag = [UInt8](repeating: 0, count: gcmTagLength)
        let ok = EVP_EncryptInit_ex(ctx, cipher(algorithm), nil, key, iv) == 1
            && EVP_EncryptUpdate(ctx, &out, &length, plaintext, Int32(plaintext.count)) == 1
            && out.withUnsafeMutableBufferPointer { EVP_EncryptFinal_ex(ctx, $0.baseAddress! + Int(length), &finalLength) } == 1
            && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, Int32(gcmTagLength), &tag) == 1
        guard ok else { throw .encryptionFailed("AES-GCM: \(OpenSSL.drainErrors())") }
        return iv + out.prefix(Int(length + finalLength)) + tag
    }

    /// Decrypts IV || ciphertext (|| tag for GCM).
    static func decrypt(_ data: [UInt8], key: [UInt8], algorithm: ContentEncryptionAlgorithm) throws(XMLSignatureError) -> [UInt8] {
        guard key.count == algorithm.keyLength else { throw .decryptionFailed("key length does not fit \(algorithm.rawValue)") }
        let ivLength = algorithm.isGCM ? gcmIVLength : 16
        let tagLength = algorithm.isGCM ? gcmTagLength : 0
        guard data.count >= ivLength + tagLength + (algorithm.isGCM ? 0 : 16) else { throw .decryptionFailed("ciphertext too short") }
        let iv = Array(data.prefix(ivLength))
        let body = Array(data[ivLength..<(data.count - tagLength)])
        var tag = Array(data.suffix(tagLength))
        if !algorithm.isGCM, body.count % 16 != 0 { throw .decryptionFailed("CBC ciphertext is not whole blocks") }

        guard let ctx = EVP_CIPHER_CTX_new() else { throw .internalFailure("EVP_CIPHER_CTX_new") }
        defer { EVP_CIPHER_CTX_free(ctx) }
        var out = [UInt8](repeating: 0, count: body.count + 16)
        var length: Int32 = 0, finalLength: Int32 = 0
        var ok = EVP_DecryptInit_ex(ctx, cipher(algorithm), nil, key, iv) == 1
        // XML Encryption CBC uses ISO 10126 padding (random filler), which
        // OpenSSL's PKCS#7 check would reject: strip it by hand below.
        if !algorithm.isGCM { ok = ok && EVP_CIPHER_CTX_set_padding(ctx, 0) == 1 }
        ok = ok && EVP_DecryptUpdate(ctx, &out, &length, body, Int32(body.count)) == 1
        if algorithm.isGCM {
            ok = ok && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, Int32(tagLength), &tag) == 1
        }
        ok = ok && out.withUnsafeMutableBufferPointer { EVP_DecryptFinal_ex(ctx, $0.baseAddress! + Int(length), &finalLength) } == 1
        guard ok else {
            ERR_clear_error()
            throw .decryptionFailed(algorithm.isGCM ? "authentication tag mismatch" : "cipher failure")
        }
        var plaintext = Array(out.prefix(Int(length + finalLength)))
        if !algorithm.isGCM {
            guard let pad = plaintext.last, pad >= 1, pad <= 16, Int(pad) <= plaintext.count else {
                throw .decryptionFailed("bad padding")
            }
            plaintext.removeLast(Int(pad))
        }
        return plaintext
    }

    /// RSA-OAEP with the given digest and MGF1 digest (and optional label).
    static func rsaOAEP(encrypt: Bool, _ input: [UInt8], key: OpaquePointer, digest: DigestAlgorithm,
                        mgf1: DigestAlgorithm, label: [UInt8]) throws(XMLSignatureError) -> [UInt8] {
        func fail(_ what: String) -> XMLSignatureError {
            let detail = OpenSSL.drainErrors()
            return encrypt ? .encryptionFailed("RSA-OAEP \(what): \(detail)") : .decryptionFailed("RSA-OAEP \(what)")
        }
        guard EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA else { throw encrypt ? .encryptionFailed("recipient key is not RSA") : .decryptionFailed("private key is not RSA") }
        guard let ctx = EVP_PKEY_CTX_new(key, nil) else { throw fail("context") }
        defer { EVP_PKEY_CTX_free(ctx) }
        var ok = (encrypt ? EVP_PKEY_encrypt_init(ctx) : EVP_PKEY_decrypt_init(ctx)) == 1
            && EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_OAEP_PADDING) == 1
            && EVP_PKEY_CTX_set_rsa_oaep_md(ctx, OpenSSL.md(digest)) == 1
            && EVP_PKEY_CTX_set_rsa_mgf1_md(ctx, OpenSSL.md(mgf1)) == 1
        if ok, !label.isEmpty {
            // OpenSSL takes ownership of the label buffer.
            let copy = CRYPTO_malloc(label.count, #fileID, #line)!
            copy.copyMemory(from: label, byteCount: label.count)
            ok = EVP_PKEY_CTX_set0_rsa_oaep_label(ctx, copy, Int32(label.count)) == 1
            if !ok { sesame_openssl_free(copy) }
        }
        guard ok else { throw fail("setup") }
        var length = 0
        let sized = encrypt
            ? EVP_PKEY_encrypt(ctx, nil, &length, input, input.count)
            : EVP_PKEY_decrypt(ctx, nil, &length, input, input.count)
        guard sized == 1 else { throw fail("size") }
        var out = [UInt8](repeating: 0, count: length)
        let done = encrypt
            ? EVP_PKEY_encrypt(ctx, &out, &length, input, input.count)
            : EVP_PKEY_decrypt(ctx, &out, &length, input, input.count)
        guard done == 1 else { throw fail(encrypt ? "encryption" : "decryption") }
        return Array(out.prefix(length))
    }
}
