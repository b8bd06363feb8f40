import COpenSSL

/// SHA-256 and HMAC-SHA256 from OpenSSL.
public enum Digest {
    public static func sha256(_ data: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let input = Array(data)
        input.withUnsafeBytes { inPtr in
            _ = EVP_Digest(inPtr.baseAddress, inPtr.count, &out, nil, EVP_sha256(), nil)
        }
        return out
    }

    public static func hmacSHA256(key: some Collection<UInt8>, message: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        let k = Array(key), m = Array(message)
        _ = k.withUnsafeBytes { kp in
            m.withUnsafeBytes { mp in
                HMAC(EVP_sha256(), kp.baseAddress, Int32(kp.count), mp.baseAddress?.assumingMemoryBound(to: UInt8.self), mp.count, &out, &length)
            }
        }
        return out
    }
}

/// Comparison of secrets in time that depends only on their lengths.
public enum ConstantTime {
    public static func equal(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let x = Array(a), y = Array(b)
        guard x.count == y.count else { return false }
        if x.isEmpty { return true }
        return x.withUnsafeBytes { xp in y.withUnsafeBytes { yp in CRYPTO_memcmp(xp.baseAddress, yp.baseAddress, x.count) == 0 } }
    }

    public static func equal(_ a: String, _ b: String) -> Bool {
        equal(a.utf8, b.utf8)
    }
}
