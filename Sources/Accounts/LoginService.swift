import Foundation

/// Identifier + password login: throttling, verification, rehash, session,
/// audit. Every refusal looks the same from outside, so nobody learns
/// whether an account exists.
public struct LoginService: Sendable {
    public let store: any SesameStore
    public let hasher: PasswordHasher
    public var sessionLifetime: TimeInterval

    public init(store: any SesameStore, hasher: PasswordHasher, sessionLifetime: TimeInterval = 8 * 3600) {
        self.store = store; self.hasher = hasher; self.sessionLifetime = sessionLifetime
    }

    public enum Refusal: Error, Equatable, Sendable {
        /// Unknown identifier, wrong password, disabled or not yet activated account.
        case invalidCredentials
        /// Too many recent failures for this identifier or address.
        case throttled(retryAfter: TimeInterval)
        /// The provisional password was right but is more than three months old.
        case provisionalExpired

        public var userMessage: String {
            switch self {
            case .invalidCredentials:
                "Identifiant ou mot de passe incorrect. Vérifiez votre saisie et réessayez."
            case .throttled(let seconds):
                "Trop de tentatives de connexion. Pour votre sécurité, patientez \(Self.french(seconds)) avant de réessayer."
            case .provisionalExpired:
                "Votre mot de passe provisoire a expiré (il est valable 3 mois). Demandez-en un nouveau à l'école ou à l'établissement."
            }
        }

        public static func french(_ seconds: TimeInterval) -> String {
            let s = Int(seconds.rounded(.up))
            if s < 60 { return s <= 1 ? "1 seconde" : "\(s) secondes" }
            let m = (s + 59) / 60
            return m == 1 ? "1 minute" : "\(m) minutes"
        }
    }

    public struct Success: Sendable {
        public var account: Account
        public var token: SessionToken
        public var session: Session
    }

    /// Checks the password and opens a session.
    public func login(identifier typed: String, password: String, ip: String, now: Date = Date()) async throws -> Result<Success, Refusal> {
        switch try await authenticate(identifier: typed, password: password, ip: ip, now: now) {
        case .failure(let refusal): return .failure(refusal)
        case .success(let account): return .success(try await openSession(for: account, method: "password", ip: ip, now: now))
        }
    }

    /// Checks the password without opening a session: an account still on
    /// its provisional password is sent to activation first.
    public func authenticate(identifier typed: String, password: String, ip: String, now: Date = Date()) async throws -> Result<Account, Refusal> {
        let identifier = IdentifierFormat.normalize(typed)
        // Reserved before the hash: attempts sent at once all count.
        let budgets = ThrottleBudget.password(identifier: identifier, ip: ip)
        if let wait = try await store.reserveAttempt(budgets, now: now) {
            try await store.record(AuditEvent(at: now, kind: .loginThrottled, subject: String(identifier.prefix(64)), ip: ip))
            return .failure(.throttled(retryAfter: wait))
        }

        let account = IdentifierFormat.looksValid(identifier) ? try await store.account(identifier: identifier) : nil
        guard let account, let stored = account.passwordHash else {
            do { try await hasher.verifyNothingGated(password, for: identifier) }
            catch is HashingGate.Busy { return .failure(.throttled(retryAfter: 2)) }
            return try await fail(identifier: identifier, ip: ip, now: now, reason: account == nil ? "unknown identifier" : "no password set")
        }
        let verdict: PasswordHasher.Verdict
        do { verdict = try await hasher.verifyGated(password, against: stored, for: identifier) }
        catch is HashingGate.Busy { return .failure(.throttled(retryAfter: 2)) }
        guard verdict.matches else {
            return try await fail(identifier: identifier, ip: ip, now: now, reason: "wrong password")
        }
        switch account.state {
        case .disabled, .created:
            return try await fail(identifier: identifier, ip: ip, now: now, reason: "account \(account.state.rawValue)")
        case .notified where (account.provisionalUntil ?? .distantPast) < now:
            try await store.record(AuditEvent(at: now, kind: .loginFailed, subject: identifier, ip: ip, detail: "provisional password expired"))
            return .failure(.provisionalExpired)
        case .notified, .active:
            break
        }

        try await store.forgive(budgets)
        if verdict.needsRehash, let rehashed = try? await hasher.hashGated(password, for: identifier),
           try await store.rehashPassword(from: stored, to: rehashed, forAccount: account.id) {
            try await store.record(AuditEvent(at: now, kind: .passwordRehashed, actor: identifier, subject: identifier, ip: ip))
        }
        return .success(account)
    }

    /// A new session for someone whose identity was just proven (password,
    /// activation, FranceConnect…).
    public func openSession(for account: Account, method: String, ip: String, now: Date = Date()) async throws -> Success {
        let token = SessionToken.generate()
        let session = Session(accountID: account.id, createdAt: now, expiresAt: now + sessionLifetime, method: method)
        try await store.createSession(session, key: token.storageKey)
        try await store.recordLogin(accountID: account.id, at: now)
        try await store.record(AuditEvent(at: now, kind: .loginSucceeded, actor: account.identifier, subject: account.identifier, ip: ip,
                                          detail: method))
        return Success(account: account, token: token, session: session)
    }

    /// The attempt was counted when reserved; only the audit remains.
    func fail(identifier: String, ip: String, now: Date, reason: String) async throws -> Result<Account, Refusal> {
        // Audit identifiers are what was typed; cap them so a flood cannot bloat the log.
        try await store.record(AuditEvent(at: now, kind: .loginFailed, subject: String(identifier.prefix(64)), ip: ip, detail: reason))
        return .failure(.invalidCredentials)
    }
}
