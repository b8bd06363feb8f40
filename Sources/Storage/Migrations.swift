import Foundation
import SQLKit

/// Versioned schema changes, applied in order at start and by `sesame
/// migrate`. Never edit a released migration: add the next one.
public enum Migrations {
    struct Migration { let version: Int; let name: String; let statements: [String] }

    /// `{ID}` becomes an auto-increment primary key that never reuses values.
    static let all: [Migration] = [
        Migration(version: 1, name: "directory, accounts, sessions, throttles, audit, staff", statements: [
            """
            CREATE TABLE establishments (
                uai TEXT PRIMARY KEY, name TEXT NOT NULL, city TEXT NOT NULL,
                kind TEXT NOT NULL, academie TEXT NOT NULL)
            """,
            // Every identifier ever handed out, so none is given twice.
            "CREATE TABLE issued_identifiers (identifier TEXT PRIMARY KEY, issued_at BIGINT NOT NULL)",
            """
            CREATE TABLE accounts (
                id {ID},
                identifier TEXT NOT NULL UNIQUE REFERENCES issued_identifiers(identifier),
                role TEXT NOT NULL, state TEXT NOT NULL,
                family_name TEXT NOT NULL, first_name TEXT NOT NULL,
                password_hash TEXT, provisional_until BIGINT,
                email TEXT, email_validated BIGINT NOT NULL DEFAULT 0, mobile TEXT,
                franceconnect_sub TEXT UNIQUE,
                created_at BIGINT NOT NULL, last_login_at BIGINT)
            """,
            """
            CREATE TABLE pupils (
                id {ID}, ine TEXT, siecle_id TEXT NOT NULL,
                uai TEXT NOT NULL REFERENCES establishments(uai),
                family_name TEXT NOT NULL, first_name TEXT NOT NULL,
                birth_date TEXT, division TEXT, status TEXT NOT NULL,
                account_id BIGINT REFERENCES accounts(id),
                UNIQUE (uai, siecle_id))
            """,
            """
            CREATE TABLE guardians (
                id {ID}, siecle_id TEXT NOT NULL,
                uai TEXT NOT NULL REFERENCES establishments(uai),
                civility TEXT, family_name TEXT NOT NULL, first_name TEXT NOT NULL,
                mobile TEXT, email TEXT, accepts_sms BIGINT NOT NULL DEFAULT 1,
                account_id BIGINT REFERENCES accounts(id),
                UNIQUE (uai, siecle_id))
            """,
            """
            CREATE TABLE legal_links (
                guardian_id BIGINT NOT NULL REFERENCES guardians(id),
                pupil_id BIGINT NOT NULL REFERENCES pupils(id),
                rank BIGINT NOT NULL, suspended BIGINT NOT NULL DEFAULT 0,
                PRIMARY KEY (guardian_id, pupil_id))
            """,
            "CREATE INDEX pupils_account ON pupils(account_id)",
            "CREATE INDEX guardians_account ON guardians(account_id)",
            "CREATE INDEX legal_links_pupil ON legal_links(pupil_id)",
            """
            CREATE TABLE sessions (
                key TEXT PRIMARY KEY, account_id BIGINT NOT NULL REFERENCES accounts(id),
                created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, method TEXT NOT NULL)
            """,
            "CREATE INDEX sessions_expiry ON sessions(expires_at)",
            """
            CREATE TABLE throttles (
                key TEXT PRIMARY KEY, failures BIGINT NOT NULL,
                last_failure BIGINT NOT NULL, blocked_until BIGINT NOT NULL)
            """,
            """
            CREATE TABLE audit_events (
                id {ID}, at BIGINT NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL,
                subject TEXT NOT NULL, ip TEXT NOT NULL, detail TEXT NOT NULL)
            """,
            "CREATE INDEX audit_events_at ON audit_events(at)",
            """
            CREATE TABLE staff (
                id {ID}, login TEXT NOT NULL UNIQUE, display_name TEXT NOT NULL,
                role TEXT NOT NULL, establishments TEXT NOT NULL, password_hash TEXT)
            """,
            "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL)",
        ]),
        Migration(version: 2, name: "service tickets and services used per session", statements: [
            """
            CREATE TABLE tickets (
                id TEXT PRIMARY KEY, service TEXT NOT NULL, account_id BIGINT NOT NULL REFERENCES accounts(id),
                session_key TEXT, from_new_login BIGINT NOT NULL, proxies TEXT NOT NULL,
                granting_ticket TEXT, issued_at BIGINT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX tickets_expiry ON tickets(expires_at)",
            "CREATE INDEX tickets_session ON tickets(session_key)",
            """
            CREATE TABLE session_services (
                session_key TEXT NOT NULL, service TEXT NOT NULL, ticket TEXT NOT NULL, used_at BIGINT NOT NULL,
                PRIMARY KEY (session_key, ticket))
            """,
        ]),
        Migration(version: 3, name: "flow states and replay caches", statements: [
            "CREATE TABLE once_keys (key TEXT PRIMARY KEY, expires_at BIGINT NOT NULL)",
            "CREATE INDEX once_keys_expiry ON once_keys(expires_at)",
            """
            CREATE TABLE flow_states (
                handle TEXT PRIMARY KEY, kind TEXT NOT NULL, payload TEXT NOT NULL, expires_at BIGINT NOT NULL)
            """,
            "CREATE INDEX flow_states_expiry ON flow_states(expires_at)",
        ]),
        Migration(version: 4, name: "establishment choices", statements: [
            """
            CREATE TABLE establishment_choices (
                scope TEXT NOT NULL, service TEXT NOT NULL, service_name TEXT NOT NULL, uai TEXT NOT NULL,
                chosen_at BIGINT NOT NULL, PRIMARY KEY (scope, service))
            """,
            "ALTER TABLE tickets ADD COLUMN establishment TEXT",
        ]),
        Migration(version: 5, name: "self-service: codes and links, mobile search, assistance tickets", statements: [
            """
            CREATE TABLE verifications (
                handle TEXT PRIMARY KEY, purpose TEXT NOT NULL, account_id BIGINT, secret_hash TEXT NOT NULL,
                attempts BIGINT NOT NULL, max_attempts BIGINT NOT NULL, expires_at BIGINT NOT NULL, payload TEXT NOT NULL)
            """,
            "CREATE INDEX verifications_expiry ON verifications(expires_at)",
            "ALTER TABLE guardians ADD COLUMN mobile_key TEXT",
            "CREATE INDEX guardians_mobile_key ON guardians(mobile_key)",
            "CREATE INDEX accounts_email ON accounts(email)",
            """
            CREATE TABLE assistance_tickets (
                id {ID}, opened_at BIGINT NOT NULL, kind TEXT NOT NULL, account_id BIGINT, pupil_id BIGINT,
                uai TEXT, detail TEXT NOT NULL, open BIGINT NOT NULL)
            """,
        ]),
        Migration(version: 6, name: "legacy portal accounts and transition ends", statements: [
            """
            CREATE TABLE legacy_accounts (
                id {ID}, login TEXT NOT NULL, login_key TEXT NOT NULL UNIQUE,
                password_hash TEXT NOT NULL, scheme TEXT NOT NULL,
                family_name TEXT NOT NULL, first_name TEXT NOT NULL, birth_date TEXT, linked_pupil TEXT, email TEXT,
                account_id BIGINT NOT NULL REFERENCES accounts(id), source_line BIGINT NOT NULL,
                imported_at BIGINT NOT NULL, moved_at BIGINT, disabled BIGINT NOT NULL DEFAULT 0)
            """,
            "CREATE INDEX legacy_accounts_account ON legacy_accounts(account_id)",
            """
            CREATE TABLE legacy_account_establishments (
                legacy_id BIGINT NOT NULL REFERENCES legacy_accounts(id), uai TEXT NOT NULL,
                PRIMARY KEY (legacy_id, uai))
            """,
            "CREATE INDEX legacy_account_establishments_uai ON legacy_account_establishments(uai)",
            "CREATE TABLE legacy_transition_ends (uai TEXT PRIMARY KEY, ended_at BIGINT NOT NULL, ended_by TEXT NOT NULL)",
        ]),
        Migration(version: 7, name: "throttle reservations, link requests", statements: [
            // Which attempt a reservation granted: the one whose nonce is there.
            "ALTER TABLE throttles ADD COLUMN last_attempt TEXT",
        ]),
        Migration(version: 8, name: "session participants by kind", statements: [
            // SAML participants were kept under a "saml:" prefix of the service.
            "ALTER TABLE session_services ADD COLUMN kind TEXT NOT NULL DEFAULT 'cas'",
            "UPDATE session_services SET kind = 'saml', service = substr(service, 6) WHERE service LIKE 'saml:%'",
        ]),
    ]

    public static var latestVersion: Int { all.last?.version ?? 0 }

    /// Applies what is missing and returns the versions applied. Safe when
    /// several processes start at once: PostgreSQL takes an advisory lock,
    /// SQLite a write lock, and the loser sees the winner's work.
    @discardableResult
    public static func run(on database: Database, through last: Int = .max) async throws -> [Int] {
        let engine = database.engine
        return try await database.transaction { db in
            if engine == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(7346238)").run()
            }
            try await db.raw("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)").run()
            let done = Set(try await db.raw("SELECT version FROM schema_migrations").all()
                .map { try $0.decode(column: "version", as: Int.self) })
            var applied: [Int] = []
            for migration in all where !done.contains(migration.version) && migration.version <= last {
                for statement in migration.statements {
                    try await db.raw(SQLQueryString(dialect(statement, engine))).run()
                }
                try await db.raw("INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.version), \(bind: migration.name), \(bind: Date().millis))").run()
                applied.append(migration.version)
            }
            return applied
        }
    }

    static func dialect(_ statement: String, _ engine: Database.Engine) -> String {
        let id = engine == .sqlite ? "INTEGER PRIMARY KEY AUTOINCREMENT" : "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY"
        return statement.replacingOccurrences(of: "{ID}", with: id)
    }
}

extension Date {
    /// Milliseconds since 1970: portable across both engines.
    var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded()) }
    init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}
