import COpenSSL

/// The one source of secret randomness: OpenSSL's RAND_bytes.
public enum SecureRandom {
    public static func bytes(_ count: Int) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        guard count > 0 else { return bytes }
        let ok = bytes.withUnsafeMutableBytes { RAND_bytes($0.baseAddress, Int32(count)) }
        // Without randomness no secret can be made: stopping is the only safe answer.
        precondition(ok == 1, "RAND_bytes failed: no safe randomness available")
        return bytes
    }

    /// A URL-safe random token carrying `bytes` bytes of entropy.
    public static func token(bytes count: Int = 32) -> String {
        Base64.base64URL(bytes(count))
    }

    /// Random decimal digits without modulo bias, for SMS codes.
    public static func digits(_ count: Int) -> String {
        var out = ""
        while out.count < count {
            for b in bytes(count * 2) where b < 250 && out.count < count {
                out.append(Character(String(b % 10)))
            }
        }
        return out
    }

    /// A generator for APIs that take one (`randomElement(using:)`, tickets).
    public struct Generator: RandomNumberGenerator, Sendable {
        public init() {}
        public mutating func next() -> UInt64 {
            var value: UInt64 = 0
            let ok = withUnsafeMutableBytes(of: &value) { RAND_bytes($0.baseAddress, 8) }
            precondition(ok == 1, "RAND_bytes failed: no safe randomness available")
            return value
        }
    }
}
