import Foundation
import Primitives

/// What one staff member may see and do (DESIGN §2): a chef or a
/// secretariat all accounts of their establishments, a rupn pupil accounts
/// only, the académie every establishment (attachment errors, tickets).
public struct StaffScope: Sendable {
    public let member: StaffMember

    public init(member: StaffMember) { self.member = member }

    public func covers(_ uai: UAI) -> Bool { member.role == .academie || member.establishments.contains(uai) }
    public var seesGuardians: Bool { member.role != .rupn }
    public func mayActOn(_ role: AccountRole) -> Bool { role == .pupil || seesGuardians }
    public var mayDelegate: Bool { member.role == .chef }
    public var mayEndTransition: Bool { member.role == .chef || member.role == .academie }
}

/// One establishment's people as the console lists them.
public struct Roster: Sendable {
    /// Why the school may see a person but not act on their account.
    public enum ReadOnly: Sendable, Equatable {
        /// A pupil who left, a guardian with no current legal link to an enrolled pupil.
        case left
        /// The account is also that of a person enrolled or linked in another
        /// establishment: only the académie acts on it.
        case sharedWithAnotherEstablishment

        public var label: String {
            switch self {
            case .left: "sorti (lecture seule)"
            case .sharedWithAnotherEstablishment: "compte partagé avec un autre établissement (lecture seule)"
            }
        }
    }

    public struct Person: Sendable {
        public var account: Account?
        /// nil when this establishment may act on the account.
        public var readOnly: ReadOnly?
        public var division: String?
        /// Pupils: their guardians' names; guardians: their children's names.
        public var related: [String]
        public var pupil: Pupil?
        public var guardian: Guardian?

        public init(account: Account?, division: String?, related: [String], pupil: Pupil? = nil, guardian: Guardian? = nil) {
            self.account = account; self.division = division; self.related = related; self.pupil = pupil; self.guardian = guardian
        }
    }

    public var establishment: Establishment
    public var pupils: [Person]
    public var guardians: [Person]

    public init(establishment: Establishment, pupils: [Person], guardians: [Person]) {
        self.establishment = establishment; self.pupils = pupils; self.guardians = guardians
    }

    /// Accounts by state, as the pilot counted them ("45 of 193 pupils").
    public static func counts(_ people: [Person]) -> [AccountState: Int] {
        var counts: [AccountState: Int] = [:]
        for person in people { if let state = person.account?.state { counts[state, default: 0] += 1 } }
        return counts
    }

    public var divisions: [String] { Array(Set(pupils.compactMap(\.division))).sorted() }
}

extension StaffScope {
    /// A school acts on its pupils enrolled now and on guardians with a
    /// current legal link to one of them, when the account is theirs alone;
    /// the académie also on accounts shared between establishments.
    public func mayActOn(_ person: Roster.Person) -> Bool {
        guard let account = person.account, mayActOn(account.role) else { return false }
        switch person.readOnly {
        case nil: return true
        case .sharedWithAnotherEstablishment: return member.role == .academie
        case .left: return false
        }
    }
}

/// The provisional password of a letter: easy to type from paper (no 0/O,
/// 1/l/I), valid 3 months, and within the password policy.
public enum ProvisionalPassword {
    public static let validity: TimeInterval = 92 * 86400
    static let upper = Array("ABCDEFGHJKLMNPQRSTUVWXYZ"), lower = Array("abcdefghijkmnopqrstuvwxyz"), digits = Array("23456789")

    public static func make() -> String {
        func pick(_ alphabet: [Character], _ count: Int) -> String {
            String(SecureRandom.bytes(count).map { alphabet[Int($0) % alphabet.count] })
        }
        return pick(upper, 1) + pick(lower, 3) + "-" + pick(digits, 4) + "-" + pick(lower, 4)
    }
}

public protocol ConsoleStore: Sendable {
    func roster(of uai: UAI) async throws -> Roster?
    /// Successful logins per day of the accounts of an establishment.
    func loginsPerDay(of uai: UAI, since: Date) async throws -> [(day: String, count: Int)]
    func closeTicket(id: Int64, comment: String) async throws
    /// Undoes a "je ne suis pas le représentant légal" once the school checked it.
    func restoreLinks(accountID: Int64, pupilID: Int64) async throws
}
