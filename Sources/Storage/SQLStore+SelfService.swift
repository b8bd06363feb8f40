import Accounts
import Foundation
import SQLKit
import Primitives

extension SQLStore: VerificationStore {
    public func saveVerification(_ v: Verification) async throws {
        try await execute("""
            INSERT INTO verifications (handle, purpose, account_id, secret_hash, attempts, max_attempts, expires_at, payload)
            VALUES (\(bind: v.handle), \(bind: v.purpose.rawValue), \(bind: v.accountID), \(bind: v.secretHash), \(bind: v.attempts),
                    \(bind: v.maxAttempts), \(bind: v.expiresAt.millis), \(bind: v.payload))
            """)
    }

    /// One UPDATE counts the try and checks what is left, so concurrent
    /// guesses from several processes cannot exceed the limit.
    public func attemptVerification(handle: String, purpose: Verification.Purpose, now: Date) async throws -> Verification? {
        try await first("""
            UPDATE verifications SET attempts = attempts + 1
            WHERE handle = \(bind: handle) AND purpose = \(bind: purpose.rawValue) AND attempts < max_attempts AND expires_at > \(bind: now.millis)
            RETURNING \(unsafeRaw: Self.verificationColumns)
            """).map(Self.verification(from:))
    }

    public func verification(handle: String, purpose: Verification.Purpose, now: Date) async throws -> Verification? {
        try await first("""
            SELECT \(unsafeRaw: Self.verificationColumns) FROM verifications
            WHERE handle = \(bind: handle) AND purpose = \(bind: purpose.rawValue) AND expires_at > \(bind: now.millis)
            """).map(Self.verification(from:))
    }

    public func consumeVerification(handle: String) async throws -> Bool {
        try await first("DELETE FROM verifications WHERE handle = \(bind: handle) RETURNING handle") != nil
    }

    public func updateVerificationPayload(handle: String, payload: String) async throws {
        try await execute("UPDATE verifications SET payload = \(bind: payload) WHERE handle = \(bind: handle)")
    }

    public func purgeVerifications(now: Date) async throws {
        try await execute("DELETE FROM verifications WHERE expires_at <= \(bind: now.millis)")
    }

    static let verificationColumns = "handle, purpose, account_id, secret_hash, attempts, max_attempts, expires_at, payload"

    static func verification(from row: any SQLRow) throws -> Verification {
        Verification(handle: try row.string("handle"), purpose: Verification.Purpose(rawValue: try row.string("purpose")) ?? .recovery,
                     accountID: try row.decode(column: "account_id", as: Int64?.self), secretHash: try row.string("secret_hash"),
                     attempts: try row.decode(column: "attempts", as: Int.self), maxAttempts: try row.decode(column: "max_attempts", as: Int.self),
                     expiresAt: try row.date("expires_at"), payload: try row.string("payload"))
    }
}

extension SQLStore: SelfServiceStore {
    public func guardians(mobile: MobileNumber) async throws -> [Guardian] {
        try await guardians(where: "g.mobile_key = \(bind: mobile.key)")
    }

    public func guardians(ofAccount id: Int64) async throws -> [Guardian] {
        try await guardians(where: "g.account_id = \(bind: id)")
    }

    func guardians(where condition: SQLQueryString) async throws -> [Guardian] {
        try await all("""
            SELECT \(unsafeRaw: Self.guardianColumns) FROM guardians g WHERE \(condition) ORDER BY g.id
            """).map(Self.guardian(from:))
    }

    public func guardianLinks(childBornOn date: CalendarDate) async throws -> [(guardian: Guardian, pupil: Pupil)] {
        try await all("""
            SELECT \(unsafeRaw: Self.guardianColumns), \(unsafeRaw: Self.pupilColumns)
            FROM pupils p JOIN legal_links l ON l.pupil_id = p.id JOIN guardians g ON g.id = l.guardian_id
            WHERE p.birth_date = \(bind: date.iso) AND p.status = 'enrolled' AND l.suspended = 0 ORDER BY g.id
            """).map { (try Self.guardian(from: $0), try Self.pupil(from: $0)) }
    }

    static let guardianColumns = "g.id AS g_id, g.siecle_id AS g_siecle_id, g.uai AS g_uai, g.civility AS g_civility, g.family_name AS g_family_name, g.first_name AS g_first_name, g.mobile AS g_mobile, g.email AS g_email, g.accepts_sms AS g_accepts_sms, g.account_id AS g_account_id"

    static func guardian(from row: any SQLRow) throws -> Guardian {
        Guardian(id: try row.int64("g_id"), siecleID: try row.string("g_siecle_id"), uai: UAI(try row.string("g_uai")) ?? UAI("0000000A")!,
                 civility: try row.optionalString("g_civility"), familyName: try row.string("g_family_name"),
                 firstName: try row.string("g_first_name"), mobile: try row.optionalString("g_mobile"), email: try row.optionalString("g_email"),
                 acceptsSMS: try row.bool("g_accepts_sms"), accountID: try row.decode(column: "g_account_id", as: Int64?.self))
    }

    public func accounts(validatedEmail: String) async throws -> [Account] {
        try await all("""
            SELECT \(unsafeRaw: Self.accountColumns) FROM accounts
            WHERE LOWER(email) = \(bind: validatedEmail.lowercased()) AND email_validated = 1 ORDER BY id
            """).map(Self.account(from:))
    }

    public func setEmail(_ email: String?, validated: Bool, forAccount id: Int64) async throws {
        try await execute("UPDATE accounts SET email = \(bind: email), email_validated = \(bind: validated ? 1 : 0) WHERE id = \(bind: id)")
    }

    public func setMobile(_ mobile: String?, forAccount id: Int64) async throws {
        try await execute("UPDATE accounts SET mobile = \(bind: mobile) WHERE id = \(bind: id)")
    }

    public func account(franceConnectSubject subject: String) async throws -> Account? {
        try await first("SELECT \(unsafeRaw: Self.accountColumns) FROM accounts WHERE franceconnect_sub = \(bind: subject)").map(Self.account(from:))
    }

    public func setFranceConnectSubject(_ subject: String?, forAccount id: Int64) async throws -> Bool {
        if let subject, let holder = try await account(franceConnectSubject: subject), holder.id != id { return false }
        try await execute("UPDATE accounts SET franceconnect_sub = \(bind: subject) WHERE id = \(bind: id)")
        return true
    }

    public func suspendLink(guardianID: Int64, pupilID: Int64) async throws {
        try await execute("UPDATE legal_links SET suspended = 1 WHERE guardian_id = \(bind: guardianID) AND pupil_id = \(bind: pupilID)")
    }

    public func openTicket(_ t: AssistanceTicket) async throws -> AssistanceTicket {
        guard let row = try await first("""
            INSERT INTO assistance_tickets (opened_at, kind, account_id, pupil_id, uai, detail, open)
            VALUES (\(bind: t.openedAt.millis), \(bind: t.kind.rawValue), \(bind: t.accountID), \(bind: t.pupilID), \(bind: t.uai),
                    \(bind: t.detail), \(bind: t.open ? 1 : 0))
            RETURNING id
            """) else { throw StoreError.missingRow("assistance ticket insert") }
        var saved = t
        saved.id = try row.int64("id")
        return saved
    }

    public func tickets(openOnly: Bool) async throws -> [AssistanceTicket] {
        try await all("""
            SELECT id, opened_at, kind, account_id, pupil_id, uai, detail, open FROM assistance_tickets
            \(unsafeRaw: openOnly ? "WHERE open = 1" : "") ORDER BY opened_at, id
            """).map { row in
            AssistanceTicket(id: try row.int64("id"), openedAt: try row.date("opened_at"),
                             kind: AssistanceTicket.Kind(rawValue: try row.string("kind")) ?? .notLegalGuardian,
                             accountID: try row.decode(column: "account_id", as: Int64?.self),
                             pupilID: try row.decode(column: "pupil_id", as: Int64?.self), uai: try row.optionalString("uai"),
                             detail: try row.string("detail"), open: try row.bool("open"))
        }
    }

    /// Guardians stored before mobile search existed get their key once.
    func fillMobileKeys() async throws {
        let rows = try await all("SELECT id, mobile FROM guardians WHERE mobile_key IS NULL AND mobile IS NOT NULL")
        for row in rows {
            guard let key = MobileNumber(try row.string("mobile"))?.key else { continue }
            try await execute("UPDATE guardians SET mobile_key = \(bind: key) WHERE id = \(bind: try row.int64("id"))")
        }
    }
}
