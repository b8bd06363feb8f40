import Foundation
import LegacyCredentials

extension ThrottleKey {
    /// Old logins are throttled apart from Sesame identifiers (they may
    /// collide; a Sesame identifier has no colon), under the same budgets
    /// as passwords, the address with the same key as ordinary logins.
    public static func legacy(_ loginKey: String) -> String { "legacy:" + loginKey }
}

/// "J'ai un ancien compte": one successful login with the old portal
/// credentials, then a new password, and the old credentials are off.
/// Refusals look the same whatever failed, and cost the same time.
public struct LegacyTransition: Sendable {
    public let login: LoginService
    var store: any SesameStore { login.store }
    static let maxLoginLength = 128

    public init(login: LoginService) { self.login = login }

    public enum Refusal: Error, Equatable, Sendable {
        /// Unknown login, wrong password, already moved, account disabled.
        case invalidCredentials
        case throttled(retryAfter: TimeInterval)
        /// Right password, but the person's establishments have all ended the transition.
        case transitionEnded

        public var userMessage: String {
            switch self {
            case .invalidCredentials:
                "Identifiant ou mot de passe de l'ancien compte incorrect, ou ancien compte déjà remplacé. Vérifiez votre saisie et réessayez."
            case .throttled(let seconds):
                LoginService.Refusal.throttled(retryAfter: seconds).userMessage
            case .transitionEnded:
                "Votre établissement n'accepte plus les anciens comptes. Activez votre compte Sesame avec les identifiants remis par l'établissement."
            }
        }
    }

    /// Who proved to own an old account: kept between the two pages.
    public struct Verified: Sendable, Codable, Equatable {
        public var legacyID: Int64
        public var accountID: Int64
        public var identifier: String
        public var firstName: String
        public var familyName: String
    }

    public func verify(login typed: String, password: String, ip: String, now: Date = Date()) async throws -> Result<Verified, Refusal> {
        let key = LegacyAccount.key(typed)
        let budgets = ThrottleBudget.password(identifier: ThrottleKey.legacy(key), ip: ip)
        // Reserved before the hash: attempts sent at once all count.
        if let wait = try await login.store.reserveAttempt(budgets, now: now) {
            try await store.record(AuditEvent(at: now, kind: .legacyLoginThrottled, subject: String(key.prefix(64)), ip: ip))
            return .failure(.throttled(retryAfter: wait))
        }
        let legacy = key.isEmpty || key.utf8.count > Self.maxLoginLength ? nil : try await store.legacyAccount(login: key)
        // Old hashes cost CPU like ours: they go through the same gate.
        let gateKey = ThrottleKey.legacy(key)
        guard let legacy, let hash = try? LegacyPasswordHash(parsing: legacy.passwordHash) else {
            let reference = try await referenceHash()
            do { _ = try await HashingGate.shared.run(key: gateKey) { LegacyPasswordHash.dummyVerify(password, costOf: reference) } }
            catch is HashingGate.Busy { return .failure(.throttled(retryAfter: 2)) }
            return try await fail(key, ip: ip, now: now, reason: legacy == nil ? "unknown login" : "unreadable stored hash")
        }
        // Verify first in every case, so a moved or disabled account answers as slowly as a live one.
        let matches: Bool
        do { matches = try await HashingGate.shared.run(key: gateKey) { hash.verify(password) } }
        catch is HashingGate.Busy { return .failure(.throttled(retryAfter: 2)) }
        guard matches else { return try await fail(key, ip: ip, now: now, reason: "wrong password") }
        guard legacy.isUsable else { return try await fail(key, ip: ip, now: now, reason: "already moved") }
        guard let account = try await store.account(id: legacy.accountID), account.state != .disabled else {
            return try await fail(key, ip: ip, now: now, reason: "account disabled")
        }
        try await store.forgive(budgets)
        let ended = Set(try await store.transitionEnds().map(\.uai))
        // A guardian with children in two schools keeps the old login until both have ended it.
        if !legacy.establishments.isEmpty, legacy.establishments.allSatisfy(ended.contains) {
            try await store.record(AuditEvent(at: now, kind: .legacyLoginFailed, subject: account.identifier, ip: ip,
                                              detail: "transition ended"))
            return .failure(.transitionEnded)
        }
        return .success(Verified(legacyID: legacy.id, accountID: account.id, identifier: account.identifier,
                                 firstName: account.firstName, familyName: account.familyName))
    }

    public enum CompletionRefusal: Error, Equatable, Sendable {
        case weakPassword([PasswordPolicy.Rule])
        /// The legacy account moved meanwhile (another tab, a replay).
        case alreadyMoved
    }

    /// Rules the new password breaks; checked before the step is consumed,
    /// so the person can try again on the same page.
    public static func violations(of password: String, for verified: Verified) -> [PasswordPolicy.Rule] {
        PasswordPolicy.violations(of: password, identifier: verified.identifier, names: [verified.firstName, verified.familyName])
    }

    /// Sets the new password, activates the account, switches the old
    /// credentials off and opens a session.
    public func complete(_ verified: Verified, newPassword: String, ip: String, now: Date = Date()) async throws
        -> Result<LoginService.Success, CompletionRefusal> {
        let broken = Self.violations(of: newPassword, for: verified)
        guard broken.isEmpty else { return .failure(.weakPassword(broken)) }
        let hash = try await login.hasher.hashGated(newPassword, for: "legacy:" + String(verified.legacyID))
        guard let account = try await store.completeLegacyMove(legacyID: verified.legacyID, passwordHash: hash, at: now) else {
            return .failure(.alreadyMoved)
        }
        try await store.record(AuditEvent(at: now, kind: .legacyMoved, actor: account.identifier, subject: account.identifier,
                                          ip: ip, detail: "legacy account \(verified.legacyID)"))
        try await store.record(AuditEvent(at: now, kind: .passwordChanged, actor: account.identifier, subject: account.identifier, ip: ip))
        return .success(try await login.openSession(for: account, method: "legacy", ip: ip, now: now))
    }

    func referenceHash() async throws -> LegacyPasswordHash {
        guard let text = try await store.legacyReferenceHash(), let hash = try? LegacyPasswordHash(parsing: text) else { return .defaultDummy }
        return hash
    }

    /// The attempt was counted when reserved; only the audit remains.
    func fail(_ key: String, ip: String, now: Date, reason: String) async throws -> Result<Verified, Refusal> {
        try await store.record(AuditEvent(at: now, kind: .legacyLoginFailed, subject: String(key.prefix(64)), ip: ip, detail: reason))
        return .failure(.invalidCredentials)
    }
}
