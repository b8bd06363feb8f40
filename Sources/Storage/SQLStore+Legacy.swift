import Accounts
import Foundation
import SQLKit
import Primitives

extension SQLStore: LegacyAccountStore {
    static let legacyColumns = """
        l.id, l.login, l.password_hash, l.scheme, l.family_name, l.first_name, l.birth_date, l.linked_pupil, l.email,
        l.account_id, l.source_line, l.imported_at, l.moved_at, l.disabled
        """

    public func legacyDirectory() async throws -> LegacyDirectory {
        let pupils = try await all("SELECT \(unsafeRaw: Self.pupilColumns) FROM pupils p ORDER BY p.id").map(Self.pupil(from:))
        let guardians = try await all("""
            SELECT id, siecle_id, uai, civility, family_name, first_name, mobile, email, accepts_sms, account_id
            FROM guardians ORDER BY id
            """).map { row -> Guardian in
            guard let uai = UAI(try row.string("uai")) else { throw StoreError.missingRow("valid UAI") }
            return Guardian(id: try row.int64("id"), siecleID: try row.string("siecle_id"), uai: uai,
                            civility: try row.optionalString("civility"), familyName: try row.string("family_name"),
                            firstName: try row.string("first_name"), mobile: try row.optionalString("mobile"),
                            email: try row.optionalString("email"), acceptsSMS: try row.bool("accepts_sms"),
                            accountID: try row.optionalInt64("account_id"))
        }
        let links = try await all("SELECT guardian_id, pupil_id, rank, suspended FROM legal_links").map {
            LegalLink(guardianID: try $0.int64("guardian_id"), pupilID: try $0.int64("pupil_id"),
                      rank: Int(try $0.int64("rank")), suspended: try $0.bool("suspended"))
        }
        return LegacyDirectory(pupils: pupils, guardians: guardians, links: links)
    }

    public func legacyLoginKeys() async throws -> Set<String> {
        Set(try await all("SELECT login_key FROM legacy_accounts").map { try $0.string("login_key") })
    }

    public func importLegacyAccounts(_ rows: [LegacyAccount]) async throws -> Set<String> {
        try await database.transaction { db in
            var inserted = Set<String>()
            for a in rows {
                // A login imported meanwhile by another run is left alone, not overwritten.
                guard let row = try await db.raw("""
                    INSERT INTO legacy_accounts (login, login_key, password_hash, scheme, family_name, first_name, birth_date,
                                                 linked_pupil, email, account_id, source_line, imported_at, disabled)
                    VALUES (\(bind: a.login), \(bind: a.loginKey), \(bind: a.passwordHash), \(bind: a.scheme), \(bind: a.familyName),
                            \(bind: a.firstName), \(bind: a.birthDate?.iso), \(bind: a.linkedPupilID), \(bind: a.email),
                            \(bind: a.accountID), \(bind: a.sourceLine), \(bind: a.importedAt.millis), \(bind: a.disabled ? 1 : 0))
                    ON CONFLICT (login_key) DO NOTHING RETURNING id
                    """).first() else { continue }
                let id = try row.decode(column: "id", as: Int64.self)
                for uai in Set(a.establishments) {
                    try await db.raw("INSERT INTO legacy_account_establishments (legacy_id, uai) VALUES (\(bind: id), \(bind: uai.value))").run()
                }
                inserted.insert(a.loginKey)
            }
            return inserted
        }
    }

    public func legacyAccount(login: String) async throws -> LegacyAccount? {
        guard let row = try await first("SELECT \(unsafeRaw: Self.legacyColumns) FROM legacy_accounts l WHERE l.login_key = \(bind: LegacyAccount.key(login))") else {
            return nil
        }
        var legacy = try Self.legacyAccount(from: row)
        legacy.establishments = try await all("SELECT uai FROM legacy_account_establishments WHERE legacy_id = \(bind: legacy.id) ORDER BY uai")
            .compactMap { UAI(try $0.string("uai")) }
        return legacy
    }

    public func legacyReferenceHash() async throws -> String? {
        try await first("""
            SELECT password_hash FROM legacy_accounts WHERE scheme = (
                SELECT scheme FROM legacy_accounts GROUP BY scheme ORDER BY COUNT(*) DESC, scheme LIMIT 1)
            ORDER BY id LIMIT 1
            """).map { try $0.string("password_hash") }
    }

    public func completeLegacyMove(legacyID: Int64, passwordHash: String, at: Date) async throws -> Account? {
        try await database.transaction { db in
            // The guarded UPDATE is the arbiter between two tabs: only one sees a row come back.
            guard let row = try await db.raw("""
                UPDATE legacy_accounts SET moved_at = \(bind: at.millis), disabled = 1
                WHERE id = \(bind: legacyID) AND moved_at IS NULL AND disabled = 0 RETURNING account_id
                """).first() else { return nil }
            let accountID = try row.decode(column: "account_id", as: Int64.self)
            let account = try await db.raw("""
                UPDATE accounts SET password_hash = \(bind: passwordHash), provisional_until = NULL, state = 'active'
                WHERE id = \(bind: accountID) AND state <> 'disabled'
                RETURNING \(unsafeRaw: Self.accountColumns)
                """).first()
            // A disabled account gets nothing; throwing rolls the legacy update back too.
            guard let account else { throw StoreError.missingRow("active account for legacy move") }
            return try Self.account(from: account)
        }
    }

    public func endTransition(_ uai: UAI, by: String, at: Date) async throws -> Bool {
        try await first("""
            INSERT INTO legacy_transition_ends (uai, ended_at, ended_by) VALUES (\(bind: uai.value), \(bind: at.millis), \(bind: by))
            ON CONFLICT (uai) DO NOTHING RETURNING uai
            """) != nil
    }

    public func transitionEnds() async throws -> [TransitionEnd] {
        try await all("SELECT uai, ended_at, ended_by FROM legacy_transition_ends ORDER BY uai").compactMap { row in
            guard let uai = UAI(try row.string("uai")) else { return nil }
            return TransitionEnd(uai: uai, endedAt: try row.date("ended_at"), endedBy: try row.string("ended_by"))
        }
    }

    public func legacyStatus() async throws -> [LegacyEstablishmentStatus] {
        let ends = Dictionary(uniqueKeysWithValues: try await transitionEnds().map { ($0.uai, $0) })
        let rows = try await all("""
            SELECT e.uai AS uai, COUNT(*) AS imported, COUNT(l.moved_at) AS moved
            FROM legacy_account_establishments e JOIN legacy_accounts l ON l.id = e.legacy_id
            GROUP BY e.uai ORDER BY e.uai
            """)
        var result: [UAI: LegacyEstablishmentStatus] = [:]
        for row in rows {
            guard let uai = UAI(try row.string("uai")) else { continue }
            result[uai] = LegacyEstablishmentStatus(uai: uai, imported: Int(try row.int64("imported")),
                                                    moved: Int(try row.int64("moved")), ended: ends[uai])
        }
        // An establishment may end the transition before any import.
        for (uai, end) in ends where result[uai] == nil {
            result[uai] = LegacyEstablishmentStatus(uai: uai, imported: 0, moved: 0, ended: end)
        }
        return result.values.sorted { $0.uai < $1.uai }
    }

    static func legacyAccount(from row: any SQLRow) throws -> LegacyAccount {
        LegacyAccount(id: try row.int64("id"), login: try row.string("login"), passwordHash: try row.string("password_hash"),
                      scheme: try row.string("scheme"), familyName: try row.string("family_name"),
                      firstName: try row.string("first_name"),
                      birthDate: try row.optionalString("birth_date").flatMap(CalendarDate.init(iso:)),
                      linkedPupilID: try row.optionalString("linked_pupil"), email: try row.optionalString("email"),
                      accountID: try row.int64("account_id"), establishments: [], sourceLine: Int(try row.int64("source_line")),
                      importedAt: try row.date("imported_at"), movedAt: try row.optionalDate("moved_at"),
                      disabled: try row.bool("disabled"))
    }
}
