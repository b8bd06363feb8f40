/// A password hash carried over from a legacy directory, as found in LDIF or
/// CSV exports (`{SSHA}…`, `{CRYPT}$6$…`, `$2b$…`).
public struct LegacyPasswordHash: Sendable, Equatable {
    public enum Scheme: String, Sendable, CaseIterable {
        case ssha = "SSHA"
        case ssha256 = "SSHA256"
        case ssha512 = "SSHA512"
        case md5Crypt = "MD5-crypt"
        case sha256Crypt = "SHA-256-crypt"
        case sha512Crypt = "SHA-512-crypt"
        case bcrypt = "bcrypt"
    }

    enum Algorithm: Equatable, Sendable {
        case salted(SaltedDigest)
        case shaCrypt(SHACrypt)
        case md5Crypt(MD5Crypt)
        case bcrypt(BCrypt)
    }

    let algorithm: Algorithm
    /// The value as exported, trimmed: what a store keeps to verify later.
    public let stored: String

    public var scheme: Scheme {
        switch algorithm {
        case .salted(let salted):
            switch salted.algorithm {
            case .sha256: return .ssha256
            case .sha512: return .ssha512
            default: return .ssha
            }
        case .shaCrypt(let crypt): return crypt.variant == .sha256 ? .sha256Crypt : .sha512Crypt
        case .md5Crypt: return .md5Crypt
        case .bcrypt: return .bcrypt
        }
    }

    /// The work factor: bcrypt cost, SHA-crypt rounds, 1000 for MD5-crypt, 1 for salted digests.
    public var cost: Int {
        switch algorithm {
        case .salted: return 1
        case .shaCrypt(let crypt): return crypt.rounds
        case .md5Crypt: return 1000
        case .bcrypt(let bcrypt): return bcrypt.cost
        }
    }

    /// Parses a stored value. Scheme tags are case-insensitive; surrounding
    /// whitespace is ignored.
    public init(parsing stored: String, limits: LegacyHashLimits = .standard) throws(LegacyHashError) {
        algorithm = try LegacyHashParser.parse(stored, limits: limits)
        self.stored = stored.trimmingASCIIWhitespace()
    }

    /// Same algorithm and parameters, however the tag was spelt.
    public static func == (a: LegacyPasswordHash, b: LegacyPasswordHash) -> Bool { a.algorithm == b.algorithm }

    /// Recomputes the hash of `password` (its UTF-8 bytes, unnormalised, as
    /// the old system stored them) and compares in constant time.
    public func verify(_ password: String) -> Bool {
        let bytes = Array(password.utf8)
        switch algorithm {
        case .salted(let salted): return salted.verify(bytes)
        case .shaCrypt(let crypt): return crypt.verify(bytes)
        case .md5Crypt(let crypt): return crypt.verify(bytes)
        case .bcrypt(let bcrypt): return bcrypt.verify(bytes)
        }
    }
}
