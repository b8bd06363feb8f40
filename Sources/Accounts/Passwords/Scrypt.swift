import COpenSSL
import Foundation
import Primitives

/// scrypt (OpenSSL EVP_PBE_scrypt), the hash of earlier Sesame versions:
/// `$scrypt$ln=15,r=8,p=1$<salt>$<hash>`. Still verified, never written
/// for a login: a match is rehashed to Argon2id.
public enum Scrypt {
    public struct Parameters: Sendable, Hashable {
        public var logN: Int, r: Int, p: Int
        public init(logN: Int, r: Int, p: Int) { self.logN = logN; self.r = r; self.p = p }

        var isReadable: Bool { (1...22).contains(logN) && (1...32).contains(r) && (1...16).contains(p) }
    }

    public enum Failure: Error, Equatable { case kdfFailed }

    /// Raw scrypt.
    public static func derive(password: String, salt: [UInt8], parameters: Parameters, length: Int) throws(Failure) -> [UInt8] {
        var key = [UInt8](repeating: 0, count: length)
        let n = UInt64(1) << UInt64(parameters.logN)
        // Memory needed is 128·N·r·p; leave headroom for OpenSSL's own buffers.
        let maxMemory = 128 * n * UInt64(parameters.r) * UInt64(parameters.p) + 16 * 1024 * 1024
        // A trailing zero keeps the buffer non-empty; its length excludes it.
        let pw = Array(password.utf8) + [0]
        let ok = pw.withUnsafeBytes { pwp in
            salt.withUnsafeBufferPointer { sp in
                key.withUnsafeMutableBufferPointer { kp in
                    EVP_PBE_scrypt(pwp.baseAddress!.assumingMemoryBound(to: CChar.self),
                                   pwp.count - 1, sp.baseAddress, sp.count, n, UInt64(parameters.r), UInt64(parameters.p), maxMemory,
                                   kp.baseAddress, kp.count)
                }
            }
        }
        guard ok == 1 else { throw .kdfFailed }
        return key
    }

    /// A scrypt hash in the old format: for tests and for measuring the old cost.
    public static func hash(_ password: String, parameters: Parameters) throws(Failure) -> String {
        let salt = SecureRandom.bytes(16)
        let key = try derive(password: password, salt: salt, parameters: parameters, length: 32)
        return PHCString(scheme: "scrypt", parameters: [("ln", parameters.logN), ("r", parameters.r), ("p", parameters.p)],
                         salt: salt, hash: key).text
    }
}
