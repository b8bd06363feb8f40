import Foundation
import Primitives

/// The one password hasher: new hashes are Argon2id (RFC 9106) in PHC
/// format, `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`, with 16-byte
/// random salts and 32-byte tags. Hashes of earlier versions (scrypt) still
/// verify and ask to be rehashed, as does an Argon2id hash made at another
/// cost. Every comparison is constant-time.
public struct PasswordHasher: Sendable, Equatable {
    public var argon2: Argon2id.Parameters
    static let saltLength = 16
    static let keyLength = 32

    /// OWASP's Password Storage minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
    public static let owaspMinimum = Argon2id.Parameters(memoryKiB: 19 * 1024, iterations: 2, parallelism: 1)
    public static let standard = PasswordHasher(unchecked: owaspMinimum)
    /// For tests and benchmarks that create many accounts; below the floor,
    /// so no configuration can choose it.
    public static let fast = PasswordHasher(unchecked: Argon2id.Parameters(memoryKiB: 64, iterations: 1, parallelism: 1))

    public enum ConfigurationError: Error, Equatable, CustomStringConvertible {
        case belowMinimum(Argon2id.Parameters)
        case tooLarge(Argon2id.Parameters)

        public var description: String {
            switch self {
            case .belowMinimum: "Les paramètres Argon2id ne peuvent pas descendre sous le minimum de l'OWASP (19 Mio, 2 passes)."
            case .tooLarge: "Les paramètres Argon2id dépassent 1 Gio ou 16 passes."
            }
        }
    }

    /// A configured cost: never below OWASP's minimum.
    public init(argon2 parameters: Argon2id.Parameters) throws(ConfigurationError) {
        let floor = Self.owaspMinimum
        guard parameters.memoryKiB >= floor.memoryKiB, parameters.iterations >= floor.iterations, parameters.parallelism >= 1 else {
            throw .belowMinimum(parameters)
        }
        guard parameters.isReadable else { throw .tooLarge(parameters) }
        argon2 = parameters
    }

    init(unchecked parameters: Argon2id.Parameters) { argon2 = parameters }

    public enum Failure: Error, Equatable { case kdfFailed }

    public func hash(_ password: String) throws(Failure) -> String {
        let salt = SecureRandom.bytes(Self.saltLength)
        guard let tag = try? Argon2id.derive(password: Array(password.utf8), salt: salt, parameters: argon2, length: Self.keyLength) else {
            throw .kdfFailed
        }
        return PHCString(scheme: "argon2id", version: 19,
                         parameters: [("m", argon2.memoryKiB), ("t", argon2.iterations), ("p", argon2.parallelism)],
                         salt: salt, hash: tag).text
    }

    public struct Verdict: Sendable, Equatable {
        public var matches: Bool
        /// True when the hash is of another scheme or cost than ours.
        public var needsRehash: Bool
    }

    /// A malformed or unknown stored hash never matches.
    public func verify(_ password: String, against stored: String) -> Verdict {
        guard let phc = PHCString(parsing: stored), (16...64).contains(phc.hash.count), phc.salt.count >= 8 else { return .refused }
        switch phc.scheme {
        case "argon2id":
            guard phc.version == 19, phc.parameters.count == 3, let m = phc.parameter("m"), let t = phc.parameter("t"), let p = phc.parameter("p")
            else { return .refused }
            let parameters = Argon2id.Parameters(memoryKiB: m, iterations: t, parallelism: p)
            guard parameters.isReadable,
                  let tag = try? Argon2id.derive(password: Array(password.utf8), salt: phc.salt, parameters: parameters, length: phc.hash.count)
            else { return .refused }
            return Verdict(matching: ConstantTime.equal(tag, phc.hash), current: parameters == argon2 && phc.hash.count == Self.keyLength)
        case "scrypt":
            guard phc.version == nil, phc.parameters.count == 3, let ln = phc.parameter("ln"), let r = phc.parameter("r"), let p = phc.parameter("p")
            else { return .refused }
            let parameters = Scrypt.Parameters(logN: ln, r: r, p: p)
            guard parameters.isReadable,
                  let key = try? Scrypt.derive(password: password, salt: phc.salt, parameters: parameters, length: phc.hash.count)
            else { return .refused }
            return Verdict(matching: ConstantTime.equal(key, phc.hash), current: false)
        default:
            return .refused
        }
    }

    /// Spends the same time as a real verification, so an unknown identifier
    /// cannot be told from a wrong password by timing.
    public func verifyNothing(_ password: String) {
        _ = try? Argon2id.derive(password: Array(password.utf8), salt: [UInt8](repeating: 0, count: Self.saltLength),
                                 parameters: argon2, length: Self.keyLength)
    }
}

extension PasswordHasher.Verdict {
    static let refused = Self(matches: false, needsRehash: false)

    /// A wrong password never asks for a rehash.
    init(matching: Bool, current: Bool) { self.init(matches: matching, needsRehash: matching && !current) }
}
