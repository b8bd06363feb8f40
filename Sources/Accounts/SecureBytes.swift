import COpenSSL
import Foundation

/// Randomness, digests and comparisons from OpenSSL, in one place.
public enum SecureBytes {
    /// Cryptographically secure random bytes (RAND_bytes).
    public static func random(count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let ok = bytes.withUnsafeMutableBytes { RAND_bytes($0.baseAddress, Int32(count)) }
        precondition(ok == 1, "RAND_bytes failed: no safe randomness available")
        return bytes
    }

    /// A URL-safe random token with `bytes` bytes of entropy.
    public static func token(bytes: Int = 32) -> String {
        base64URL(random(count: bytes))
    }

    /// Random decimal digits without modulo bias, for SMS codes.
    public static func digits(_ count: Int) -> String {
        var out = ""
        while out.count < count {
            for b in random(count: count * 2) where b < 250 && out.count < count {
                out.append(Character(String(b % 10)))
            }
        }
        return out
    }

    public static func sha256(_ data: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        let input = Array(data)
        input.withUnsafeBytes { inPtr in
            _ = EVP_Digest(inPtr.baseAddress, inPtr.count, &out, nil, EVP_sha256(), nil)
        }
        return out
    }

    public static func hmacSHA256(key: [UInt8], message: some Collection<UInt8>) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        var length: UInt32 = 32
        let input = Array(message)
        _ = key.withUnsafeBytes { k in
            input.withUnsafeBytes { m in
                HMAC(EVP_sha256(), k.baseAddress, Int32(k.count), m.baseAddress?.assumingMemoryBound(to: UInt8.self), m.count, &out, &length)
            }
        }
        return out
    }

    /// Compares secrets in time that depends only on their lengths.
    public static func constantTimeEqual(_ a: some Collection<UInt8>, _ b: some Collection<UInt8>) -> Bool {
        let x = Array(a), y = Array(b)
        guard x.count == y.count else { return false }
        if x.isEmpty { return true }
        return x.withUnsafeBytes { xp in y.withUnsafeBytes { yp in CRYPTO_memcmp(xp.baseAddress, yp.baseAddress, x.count) == 0 } }
    }

    public static func hex(_ bytes: some Collection<UInt8>) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8](); out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 0x0f)]) }
        return String(decoding: out, as: UTF8.self)
    }

    public static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
