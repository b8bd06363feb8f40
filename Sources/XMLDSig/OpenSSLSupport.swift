internal import COpenSSL

/// OpenSSL error queue and digest helpers.
enum OpenSSL {
    /// Empties this thread's error queue and returns its text, so a failure
    /// never lingers to confuse a later call.
    static func drainErrors() -> String {
        var messages: [String] = []
        var buffer = [CChar](repeating: 0, count: 256)
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            ERR_error_string_n(code, &buffer, buffer.count)
            messages.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return messages.isEmpty ? "unknown OpenSSL error" : messages.joined(separator: "; ")
    }

    /// Digests fetched once: OpenSSL 3 re-fetches (under a lock) on every
    /// use of EVP_sha256() and friends, which shows in per-message costs.
    private final class Digests: @unchecked Sendable {
        let sha1: OpaquePointer, sha256: OpaquePointer, sha512: OpaquePointer
        init() {
            sha1 = EVP_MD_fetch(nil, "SHA1", nil) ?? EVP_sha1()
            sha256 = EVP_MD_fetch(nil, "SHA2-256", nil) ?? EVP_sha256()
            sha512 = EVP_MD_fetch(nil, "SHA2-512", nil) ?? EVP_sha512()
        }
    }

    private static let digests = Digests()

    static func md(_ algorithm: DigestAlgorithm) -> OpaquePointer {
        switch algorithm {
        case .sha1: return digests.sha1
        case .sha256: return digests.sha256
        case .sha512: return digests.sha512
        }
    }

    static func digest(_ algorithm: DigestAlgorithm, _ data: UnsafeRawBufferPointer) throws(XMLSignatureError) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 64)
        var length: UInt32 = 0
        let ok = out.withUnsafeMutableBufferPointer { o in
            EVP_Digest(data.baseAddress, data.count, o.baseAddress, &length, md(algorithm), nil)
        }
        guard ok == 1 else { throw .internalFailure("digest: \(drainErrors())") }
        return Array(out.prefix(Int(length)))
    }

    static func digest(_ algorithm: DigestAlgorithm, _ data: [UInt8]) throws(XMLSignatureError) -> [UInt8] {
        try data.withUnsafeBufferPointer { (buffer) throws(XMLSignatureError) -> [UInt8] in
            try digest(algorithm, UnsafeRawBufferPointer(buffer))
        }
    }

    /// Reads everything written to a memory BIO.
    static func contents(of bio: OpaquePointer) -> [UInt8] {
        var data: UnsafeMutablePointer<CChar>?
        let length = sesame_bio_mem_data(bio, &data)
        guard let data, length > 0 else { return [] }
        return data.withMemoryRebound(to: UInt8.self, capacity: length) { Array(UnsafeBufferPointer(start: $0, count: length)) }
    }

    /// Runs `body` with a read-only memory BIO over `bytes`.
    static func withReadBIO<T>(_ bytes: [UInt8], _ body: (OpaquePointer) -> T) -> T? {
        bytes.withUnsafeBytes { raw in
            guard let bio = BIO_new_mem_buf(raw.baseAddress, Int32(raw.count)) else { return nil }
            defer { BIO_free(bio) }
            return body(bio)
        }
    }

    /// Runs `write` against a fresh memory BIO and returns what it wrote.
    static func writeToMemory(_ write: (OpaquePointer) -> Int32) -> [UInt8]? {
        guard let bio = BIO_new(BIO_s_mem()) else { return nil }
        defer { BIO_free(bio) }
        guard write(bio) == 1 else { return nil }
        return contents(of: bio)
    }
}
