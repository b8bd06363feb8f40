import COpenSSL
import Foundation
import Primitives

/// scrypt (OpenSSL EVP_PBE_scrypt) in PHC string format:
/// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>` (standard base64 without padding).
/// Parameters travel with each hash so the cost can be raised later; a
/// login with an older cost rehashes.
public struct PasswordHasher: Sendable, Equatable {
    public var logN: Int
    public var r: Int
    public var p: Int
    static let saltLength = 16
    static let keyLength = 32

    /// 2^15 × 8 × 128 bytes = 32 MiB per hash, about 0.1 s on one core.
    public static let standard = PasswordHasher(logN: 15, r: 8, p: 1)
    /// For tests and benchmarks that create many accounts.
    public static let fast = PasswordHasher(logN: 10, r: 8, p: 1)

    public init(logN: Int, r: Int, p: Int) {
        self.logN = logN; self.r = r; self.p = p
    }

    public enum Failure: Error, Equatable { case malformedHash, unsupportedScheme, kdfFailed }

    public func hash(_ password: String) throws -> String {
        let salt = SecureRandom.bytes(Self.saltLength)
        let key = try Self.derive(password: password, salt: salt, logN: logN, r: r, p: p, length: Self.keyLength)
        return "$scrypt$ln=\(logN),r=\(r),p=\(p)$\(Self.b64(salt))$\(Self.b64(key))"
    }

    public struct Verdict: Sendable, Equatable {
        public var matches: Bool
        /// True when the hash was made with other parameters than ours.
        public var needsRehash: Bool
    }

    /// Compares in constant time. A malformed stored hash never matches.
    public func verify(_ password: String, against stored: String) -> Verdict {
        guard let parsed = try? Self.parse(stored),
              let key = try? Self.derive(password: password, salt: parsed.salt, logN: parsed.logN,
                                         r: parsed.r, p: parsed.p, length: parsed.key.count)
        else { return Verdict(matches: false, needsRehash: false) }
        let matches = ConstantTime.equal(key, parsed.key)
        let same = parsed.logN == logN && parsed.r == r && parsed.p == p
        return Verdict(matches: matches, needsRehash: matches && !same)
    }

    /// Spends the same time as a real verification, so an unknown identifier
    /// cannot be told from a wrong password by timing.
    public func verifyNothing(_ password: String) {
        _ = try? Self.derive(password: password, salt: [UInt8](repeating: 0, count: Self.saltLength),
                             logN: logN, r: r, p: p, length: Self.keyLength)
    }

    struct Parsed { var logN: Int, r: Int, p: Int, salt: [UInt8], key: [UInt8] }

    static func parse(_ stored: String) throws -> Parsed {
        let fields = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty else { throw Failure.malformedHash }
        guard fields[1] == "scrypt" else { throw Failure.unsupportedScheme }
        var params: [Substring: Int] = [:]
        for pair in fields[2].split(separator: ",") {
            let kv = pair.split(separator: "=")
            guard kv.count == 2, let v = Int(kv[1]) else { throw Failure.malformedHash }
            params[kv[0]] = v
        }
        guard let ln = params["ln"], let r = params["r"], let p = params["p"],
              (1...22).contains(ln), (1...32).contains(r), (1...16).contains(p),
              let salt = unb64(fields[3]), let key = unb64(fields[4]), !salt.isEmpty, (16...64).contains(key.count)
        else { throw Failure.malformedHash }
        return Parsed(logN: ln, r: r, p: p, salt: salt, key: key)
    }

    /// Raw scrypt, also used by the benchmark as its baseline.
    public static func derive(password: String, salt: [UInt8], logN: Int, r: Int, p: Int, length: Int) throws -> [UInt8] {
        var key = [UInt8](repeating: 0, count: length)
        let n = UInt64(1) << UInt64(logN)
        // Memory needed is 128·N·r·p; leave headroom for OpenSSL's own buffers.
        let maxMemory = 128 * n * UInt64(r) * UInt64(p) + 16 * 1024 * 1024
        // A trailing zero keeps the buffer non-empty; its length excludes it.
        let pw = Array(password.utf8) + [0]
        let ok = pw.withUnsafeBytes { pwp in
            salt.withUnsafeBufferPointer { sp in
                key.withUnsafeMutableBufferPointer { kp in
                    EVP_PBE_scrypt(pwp.baseAddress!.assumingMemoryBound(to: CChar.self),
                                   pwp.count - 1, sp.baseAddress, sp.count, n, UInt64(r), UInt64(p), maxMemory,
                                   kp.baseAddress, kp.count)
                }
            }
        }
        guard ok == 1 else { throw Failure.kdfFailed }
        return key
    }

    static func b64(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "=", with: "")
    }

    static func unb64(_ text: Substring) -> [UInt8]? {
        var s = String(text)
        while s.count % 4 != 0 { s += "=" }
        return Data(base64Encoded: s).map(Array.init)
    }
}
