import Accounts
import Foundation
import SQLKit
import Primitives

extension SQLStore: SessionStore {
    public func createSession(_ s: Session, key: String) async throws {
        try await execute("""
            INSERT INTO sessions (key, account_id, created_at, expires_at, method)
            VALUES (\(bind: key), \(bind: s.accountID), \(bind: s.createdAt.millis), \(bind: s.expiresAt.millis), \(bind: s.method))
            """)
    }

    public func session(key: String, now: Date) async throws -> Session? {
        guard let row = try await first("""
            SELECT account_id, created_at, expires_at, method FROM sessions
            WHERE key = \(bind: key) AND expires_at > \(bind: now.millis)
            """) else { return nil }
        return Session(accountID: try row.int64("account_id"), createdAt: try row.date("created_at"),
                       expiresAt: try row.date("expires_at"), method: try row.string("method"))
    }

    /// The account columns prefixed for the sessions ⋈ accounts join, built once.
    static let joinedAccountColumns = accountColumns.split(separator: ",")
        .map { "a." + $0.trimmingCharacters(in: .whitespaces) }.joined(separator: ", ")

    public func sessionAndAccount(key: String, now: Date) async throws -> (Session, Account)? {
        guard let row = try await first("""
            SELECT s.created_at AS s_created_at, s.expires_at AS s_expires_at, s.method AS s_method, \(unsafeRaw: Self.joinedAccountColumns)
            FROM sessions s JOIN accounts a ON a.id = s.account_id
            WHERE s.key = \(bind: key) AND s.expires_at > \(bind: now.millis)
            """) else { return nil }
        let account = try Self.account(from: row)
        return (Session(accountID: account.id, createdAt: try row.date("s_created_at"), expiresAt: try row.date("s_expires_at"),
                        method: try row.string("s_method")), account)
    }

    public func deleteSession(key: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM session_services WHERE session_key = \(bind: key)").run()
            try await db.raw("DELETE FROM establishment_choices WHERE scope = \(bind: EstablishmentChoice.Scope.session(key: key).storageKey)").run()
            try await db.raw("DELETE FROM sessions WHERE key = \(bind: key)").run()
        }
    }

    public func purgeExpiredSessions(now: Date) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE expires_at <= \(bind: now.millis)").run()
            try await db.raw("DELETE FROM session_services WHERE session_key NOT IN (SELECT key FROM sessions)").run()
            // Choices made for one session only end with it.
            try await db.raw("""
                DELETE FROM establishment_choices WHERE scope LIKE 'session:%' AND substr(scope, 9) NOT IN (SELECT key FROM sessions)
                """).run()
        }
    }
}

extension SQLStore: ThrottleStore {
    public func throttleState(key: String) async throws -> ThrottleState? {
        try await first("SELECT failures, last_failure, blocked_until FROM throttles WHERE key = \(bind: key)").map(Self.throttle(from:))
    }

    /// One upsert computes the new count in the database, so failures from
    /// several processes at once all count.
    public func recordFailure(key: String, policy: ThrottlePolicy, now: Date) async throws -> ThrottleState {
        let count = ThrottleSQL.nextCount(policy: policy, now: now)
        return try await database.transaction { db in
            guard let row = try await db.raw("""
                INSERT INTO throttles (key, failures, last_failure, blocked_until)
                VALUES (\(bind: key), 1, \(bind: now.millis), 0)
                ON CONFLICT (key) DO UPDATE SET
                    failures = \(unsafeRaw: count),
                    last_failure = excluded.last_failure
                RETURNING failures
                """).first() else { throw StoreError.missingRow("throttles upsert") }
            let failures = Int(try row.int64("failures"))
            let delay = policy.delay(afterFailures: failures)
            // No delay means no block at all, not a block until "now".
            let blockedUntil = delay > 0 ? now.addingTimeInterval(delay) : Date(timeIntervalSince1970: 0)
            try await db.raw("UPDATE throttles SET blocked_until = \(bind: blockedUntil.millis) WHERE key = \(bind: key)").run()
            return ThrottleState(failures: failures, lastFailure: now, blockedUntil: blockedUntil)
        }
    }

    /// One upsert decides and counts: a blocked row is left as it was; an
    /// open one counts this attempt and takes the block that follows it.
    /// The nonce tells this caller whether its own attempt was the one
    /// counted, whatever else ran at the same millisecond.
    public func reserveAttempt(key: String, policy: ThrottlePolicy, now: Date) async throws -> ThrottleReservation {
        let nonce = SecureRandom.token(bytes: 12)
        let at = now.millis
        let firstBlock = ThrottleSQL.blockedUntil(afterFailures: 1, policy: policy, now: now)
        let count = ThrottleSQL.nextCount(policy: policy, now: now)
        let blocked = "throttles.blocked_until > \(at)"
        guard let row = try await first("""
            INSERT INTO throttles (key, failures, last_failure, blocked_until, last_attempt)
            VALUES (\(bind: key), 1, \(bind: at), \(bind: firstBlock), \(bind: nonce))
            ON CONFLICT (key) DO UPDATE SET
                failures = CASE WHEN \(unsafeRaw: blocked) THEN throttles.failures ELSE \(unsafeRaw: count) END,
                blocked_until = CASE WHEN \(unsafeRaw: blocked) THEN throttles.blocked_until
                                     ELSE \(unsafeRaw: ThrottleSQL.blockedUntil(count: count, policy: policy, now: now)) END,
                last_failure = CASE WHEN \(unsafeRaw: blocked) THEN throttles.last_failure ELSE \(unsafeRaw: String(at)) END,
                last_attempt = CASE WHEN \(unsafeRaw: blocked) THEN throttles.last_attempt ELSE excluded.last_attempt END
            RETURNING blocked_until, last_attempt
            """) else { throw StoreError.missingRow("throttles reservation") }
        if try row.optionalString("last_attempt") == nonce { return .granted }
        return .refused(until: try row.date("blocked_until"))
    }

    public func refundAttempt(key: String) async throws {
        try await execute("UPDATE throttles SET failures = failures - 1 WHERE key = \(bind: key) AND failures > 0")
    }

    public func clearThrottle(key: String) async throws {
        try await execute("DELETE FROM throttles WHERE key = \(bind: key)")
    }

    static func throttle(from row: any SQLRow) throws -> ThrottleState {
        ThrottleState(failures: Int(try row.int64("failures")), lastFailure: try row.date("last_failure"),
                      blockedUntil: try row.date("blocked_until"))
    }
}

extension SQLStore: AuditTrail {
    public func record(_ e: AuditEvent) async throws {
        try await execute("""
            INSERT INTO audit_events (at, kind, actor, subject, ip, detail)
            VALUES (\(bind: e.at.millis), \(bind: e.kind.rawValue), \(bind: e.actor), \(bind: e.subject), \(bind: e.ip), \(bind: e.detail))
            """)
    }

    public func recentEvents(limit: Int) async throws -> [AuditEvent] {
        try await all("SELECT id, at, kind, actor, subject, ip, detail FROM audit_events ORDER BY id DESC LIMIT \(bind: limit)").map { row in
            AuditEvent(id: try row.int64("id"), at: try row.date("at"),
                       kind: AuditEvent.Kind(rawValue: try row.string("kind")) ?? .loginFailed,
                       actor: try row.string("actor"), subject: try row.string("subject"),
                       ip: try row.string("ip"), detail: try row.string("detail"))
        }
    }
}

extension SQLStore: StaffStore {
    public func addStaff(_ m: StaffMember) async throws -> StaffMember {
        guard let row = try await first("""
            INSERT INTO staff (login, display_name, role, establishments, password_hash)
            VALUES (\(bind: m.login), \(bind: m.displayName), \(bind: m.role.rawValue),
                    \(bind: m.establishments.map(\.value).joined(separator: ",")), \(bind: m.passwordHash))
            RETURNING id
            """) else { throw StoreError.missingRow("staff insert") }
        var saved = m
        saved.id = try row.int64("id")
        return saved
    }

    public func staff() async throws -> [StaffMember] {
        try await all("SELECT id, login, display_name, role, establishments, password_hash FROM staff ORDER BY login").map { row in
            StaffMember(id: try row.int64("id"), login: try row.string("login"), displayName: try row.string("display_name"),
                        role: StaffRole(rawValue: try row.string("role")) ?? .secretariat,
                        establishments: try row.string("establishments").split(separator: ",").compactMap { UAI(String($0)) },
                        passwordHash: try row.optionalString("password_hash"))
        }
    }
}

/// The throttle policy written as SQL expressions over the old row
/// (`throttles.*`), made from `ThrottlePolicy` itself so the database and
/// Swift never disagree. Only integers of ours go in: nothing typed.
enum ThrottleSQL {
    /// The failure count after one more: reset after a quiet period, less
    /// those forgiven since the last one.
    static func nextCount(policy: ThrottlePolicy, now: Date) -> String {
        let at = now.millis, forgetBefore = now.addingTimeInterval(-policy.forgetAfter).millis
        guard let every = policy.forgiveOneEvery else {
            return "CASE WHEN throttles.last_failure < \(forgetBefore) THEN 1 ELSE throttles.failures + 1 END"
        }
        let left = "throttles.failures - (\(at) - throttles.last_failure) / \(Int64(every * 1000))"
        return "CASE WHEN throttles.last_failure < \(forgetBefore) OR \(left) < 1 THEN 1 ELSE \(left) + 1 END"
    }

    /// When the block that follows `count` failures ends (0: no block).
    static func blockedUntil(count: String, policy: ThrottlePolicy, now: Date) -> String {
        var cases = "CASE WHEN (\(count)) <= \(policy.freeFailures) THEN 0"
        var failures = policy.freeFailures + 1
        while policy.delay(afterFailures: failures) < policy.maximumDelay && failures < policy.freeFailures + 40 {
            cases += " WHEN (\(count)) = \(failures) THEN \(blockedUntil(afterFailures: failures, policy: policy, now: now))"
            failures += 1
        }
        return cases + " ELSE \(now.addingTimeInterval(policy.maximumDelay).millis) END"
    }

    static func blockedUntil(afterFailures failures: Int, policy: ThrottlePolicy, now: Date) -> Int64 {
        let delay = policy.delay(afterFailures: failures)
        return delay > 0 ? now.addingTimeInterval(delay).millis : 0
    }
}
