import Foundation
import Primitives

/// The persistence the domain needs, implemented by module Storage on
/// SQLite and PostgreSQL. Each call commits before returning.
public protocol DirectoryStore: Sendable {
    func saveEstablishment(_ establishment: Establishment) async throws
    func establishments() async throws -> [Establishment]
    func establishment(_ uai: UAI) async throws -> Establishment?
    func insertPupil(_ pupil: Pupil) async throws -> Pupil
    func insertGuardian(_ guardian: Guardian) async throws -> Guardian
    func link(_ link: LegalLink) async throws
    func attachPupil(_ pupilID: Int64, toAccount accountID: Int64) async throws
    func attachGuardian(_ guardianID: Int64, toAccount accountID: Int64) async throws
    func profile(ofAccount accountID: Int64) async throws -> AccountProfile?
    /// The same for an account already read (a session's): one query less.
    func profile(of account: Account) async throws -> AccountProfile
    func countPupils() async throws -> Int
}

public struct AccountFilter: Sendable {
    public var role: AccountRole?
    public var state: AccountState?
    public var establishment: UAI?
    public var limit: Int
    public init(role: AccountRole? = nil, state: AccountState? = nil, establishment: UAI? = nil, limit: Int = 1000) {
        self.role = role; self.state = state; self.establishment = establishment; self.limit = limit
    }
}

public protocol AccountStore: Sendable {
    /// Creates the account with a fresh identifier, unique even when several
    /// processes create accounts at once, and never given out again.
    func createAccount(_ new: NewAccount) async throws -> Account
    func account(identifier: String) async throws -> Account?
    func account(id: Int64) async throws -> Account?
    func accounts(matching filter: AccountFilter) async throws -> [Account]
    func setPasswordHash(_ hash: String, provisionalUntil: Date?, state: AccountState?, forAccount id: Int64) async throws
    /// Replaces the hash only if it is still `old` (a rehash after login must
    /// not undo a password changed meanwhile); true when it did.
    func rehashPassword(from old: String, to new: String, forAccount id: Int64) async throws -> Bool
    func setState(_ state: AccountState, forAccount id: Int64) async throws
    func recordLogin(accountID: Int64, at: Date) async throws
}

public protocol SessionStore: Sendable {
    func createSession(_ session: Session, key: String) async throws
    /// The live session for that key, nil when absent or expired.
    func session(key: String, now: Date) async throws -> Session?
    /// The live session and its account in one look-up (every page asks).
    func sessionAndAccount(key: String, now: Date) async throws -> (Session, Account)?
    func deleteSession(key: String) async throws
    func purgeExpiredSessions(now: Date) async throws
}

public protocol ThrottleStore: Sendable {
    func throttleState(key: String) async throws -> ThrottleState?
    /// Adds one failure atomically and returns the new state.
    func recordFailure(key: String, policy: ThrottlePolicy, now: Date) async throws -> ThrottleState
    func clearThrottle(key: String) async throws
    /// In one atomic statement: refuses when the key is blocked (counting
    /// nothing), else counts one failure now and sets the next block.
    func reserveAttempt(key: String, policy: ThrottlePolicy, now: Date) async throws -> ThrottleReservation
    /// Takes one counted failure back (a reserved attempt that succeeded).
    func refundAttempt(key: String) async throws
}

/// Failures of a store that callers handle, whatever the engine.
public enum StoreFailure: Error, Sendable {
    /// A write refused for lack of disk space; the transaction was rolled back whole.
    case diskFull
}

public protocol AuditTrail: Sendable {
    func record(_ event: AuditEvent) async throws
    func recentEvents(limit: Int) async throws -> [AuditEvent]
}

public protocol StaffStore: Sendable {
    func addStaff(_ member: StaffMember) async throws -> StaffMember
    func staff() async throws -> [StaffMember]
}

/// Secrets shared by every process on one database (CSRF key, …).
public protocol SettingsStore: Sendable {
    /// Returns the stored value, storing `make()` first if there is none.
    func setting(_ name: String, orInsert make: @Sendable () -> String) async throws -> String
    func existingSetting(_ name: String) async throws -> String?
    func removeSetting(_ name: String) async throws
    /// Checks the database answers (for /healthz).
    func ping() async throws
}

public typealias SesameStore = DirectoryStore & AccountStore & SessionStore & ThrottleStore & AuditTrail & StaffStore & SettingsStore & TicketStore & SessionParticipantStore & FlowStateStore & EstablishmentChoiceStore
    & VerificationStore & SelfServiceStore & ConsoleStore
    & LegacyAccountStore
