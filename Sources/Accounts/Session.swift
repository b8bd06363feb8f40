import Foundation
import Primitives

/// A logged-in browser. The cookie carries a random token; the store keeps
/// only its SHA-256, so a copy of the database opens no session.
public struct Session: Sendable, Hashable {
    public var accountID: Int64
    public var createdAt: Date
    public var expiresAt: Date
    /// How the person authenticated (`password`, later `franceconnect`).
    public var method: String

    public init(accountID: Int64, createdAt: Date, expiresAt: Date, method: String) {
        self.accountID = accountID; self.createdAt = createdAt; self.expiresAt = expiresAt; self.method = method
    }
}

public struct SessionToken: Sendable, Hashable {
    public let value: String
    public init(value: String) { self.value = value }
    public static func generate() -> SessionToken { SessionToken(value: SecureRandom.token(bytes: 32)) }
    /// What the store keys sessions by.
    public var storageKey: String { Hex.encode(Digest.sha256(Array(value.utf8))) }
}
