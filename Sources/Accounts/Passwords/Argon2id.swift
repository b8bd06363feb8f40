import CArgon2
import CSodium
import Foundation

/// Argon2id (RFC 9106), version 1.3. Raw: bytes in, tag out; the PHC string
/// lives in `PasswordHasher`.
///
/// Two implementations, one answer: Debian's libargon2 (the reference code)
/// takes every parameter set RFC 9106 allows, secret and associated data
/// included; libsodium's, vectorised and about 40 % faster on this kind of
/// machine, takes the shape Sesame writes (one lane, 16-byte salt, no
/// secret). `derive` picks libsodium when it can; tests check both agree
/// with each other, with RFC 9106 and with argon2-cffi.
public enum Argon2id {
    public struct Parameters: Sendable, Hashable {
        /// m, in KiB.
        public var memoryKiB: Int
        /// t, passes over the memory.
        public var iterations: Int
        /// p, lanes (computed one after the other: a login takes one core).
        public var parallelism: Int

        public init(memoryKiB: Int, iterations: Int, parallelism: Int = 1) {
            self.memoryKiB = memoryKiB; self.iterations = iterations; self.parallelism = parallelism
        }

        /// Bounds for parameters read back from a stored hash: a hash cannot
        /// ask for more than 1 GiB or 16 passes.
        var isReadable: Bool {
            (1...16).contains(parallelism) && (8 * parallelism...1 << 20).contains(memoryKiB) && (1...16).contains(iterations)
        }
    }

    public enum Failure: Error, Equatable { case rejected(code: Int32) }

    /// The tag of `password` and `salt` (`secret` and `associatedData` are
    /// RFC 9106's K and X, empty for passwords).
    public static func derive(password: [UInt8], salt: [UInt8], parameters: Parameters, length: Int,
                              secret: [UInt8] = [], associatedData: [UInt8] = []) throws(Failure) -> [UInt8] {
        if secret.isEmpty, associatedData.isEmpty, fitsLibsodium(salt: salt, parameters: parameters, length: length) {
            return try libsodium(password: password, salt: salt, parameters: parameters, length: length)
        }
        return try reference(password: password, salt: salt, parameters: parameters, length: length, secret: secret, associatedData: associatedData)
    }

    static func fitsLibsodium(salt: [UInt8], parameters: Parameters, length: Int) -> Bool {
        parameters.parallelism == 1 && salt.count == Int(crypto_pwhash_argon2id_SALTBYTES) && length >= Int(crypto_pwhash_argon2id_BYTES_MIN)
            && parameters.memoryKiB * 1024 >= Int(crypto_pwhash_argon2id_MEMLIMIT_MIN) && parameters.iterations >= Int(crypto_pwhash_argon2id_OPSLIMIT_MIN)
    }

    /// sodium_init once per process (it is idempotent and thread-safe; this only avoids the call).
    static let sodiumReady: Bool = sodium_init() >= 0

    static func libsodium(password: [UInt8], salt: [UInt8], parameters: Parameters, length: Int) throws(Failure) -> [UInt8] {
        guard sodiumReady else { throw .rejected(code: -1) }
        var tag = [UInt8](repeating: 0, count: length)
        // A trailing zero keeps the buffer non-empty for an empty password; its length excludes it.
        let bytes = password + [0]
        let code = tag.withUnsafeMutableBufferPointer { out in
            bytes.withUnsafeBytes { pwd in
                salt.withUnsafeBufferPointer { s in
                    crypto_pwhash_argon2id(out.baseAddress!, UInt64(out.count), pwd.baseAddress!.assumingMemoryBound(to: CChar.self),
                                           UInt64(password.count), s.baseAddress!, UInt64(parameters.iterations),
                                           parameters.memoryKiB * 1024, crypto_pwhash_argon2id_ALG_ARGON2ID13)
                }
            }
        }
        guard code == 0 else { throw .rejected(code: code) }
        return tag
    }

    /// libargon2, for every parameter set.
    public static func reference(password: [UInt8], salt: [UInt8], parameters: Parameters, length: Int,
                                 secret: [UInt8] = [], associatedData: [UInt8] = []) throws(Failure) -> [UInt8] {
        var tag = [UInt8](repeating: 0, count: length)
        var password = password, salt = salt, secret = secret, associatedData = associatedData
        let code: Int32 = tag.withUnsafeMutableBufferPointer { out in
            password.withUnsafeMutableBufferPointer { pwd in
                salt.withUnsafeMutableBufferPointer { s in
                    secret.withUnsafeMutableBufferPointer { k in
                        associatedData.withUnsafeMutableBufferPointer { x in
                            var context = argon2_context(
                                out: out.baseAddress, outlen: UInt32(out.count),
                                pwd: pwd.baseAddress, pwdlen: UInt32(pwd.count),
                                salt: s.baseAddress, saltlen: UInt32(s.count),
                                secret: k.baseAddress, secretlen: UInt32(k.count),
                                ad: x.baseAddress, adlen: UInt32(x.count),
                                t_cost: UInt32(parameters.iterations), m_cost: UInt32(parameters.memoryKiB),
                                lanes: UInt32(parameters.parallelism), threads: 1,
                                version: UInt32(ARGON2_VERSION_13.rawValue),
                                allocate_cbk: nil, free_cbk: nil, flags: 0)
                            return argon2_ctx(&context, Argon2_id)
                        }
                    }
                }
            }
        }
        guard code == ARGON2_OK.rawValue else { throw .rejected(code: code) }
        return tag
    }
}
