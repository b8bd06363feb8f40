import Foundation
import Primitives

/// The deployment's HMAC keys (CSRF, attribute ids, pairwise NameIDs,
/// codes), by name. A production server keeps them in files beside the
/// SAML key (`KeyDirectory`); tests and tools may keep them in the database.
public protocol SecretKeys: Sendable {
    /// The key, made and stored at first use.
    func key(named name: String) async throws -> String
}

/// Keys in the settings table: for tests, and the source of an upgrade.
public struct DatabaseKeys: SecretKeys {
    let store: any SettingsStore
    public init(store: any SettingsStore) { self.store = store }

    public func key(named name: String) async throws -> String {
        try await store.setting(name) { SecureRandom.token(bytes: 32) }
    }
}
