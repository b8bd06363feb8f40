import Foundation
import Primitives

public enum AccountRole: String, Sendable, Codable, CaseIterable { case pupil, guardian
    public var label: String { self == .pupil ? "Élève" : "Responsable légal" }
}

/// created → notified → active; disabled from any state.
public enum AccountState: String, Sendable, Codable, CaseIterable {
    case created, notified, active, disabled

    public var label: String {
        switch self {
        case .created: "créé"
        case .notified: "notifié"
        case .active: "activé"
        case .disabled: "désactivé"
        }
    }
}

public struct Account: Sendable, Hashable, Codable {
    public var id: Int64
    public var identifier: String
    public var role: AccountRole
    public var state: AccountState
    public var familyName: String
    public var firstName: String
    public var passwordHash: String?
    /// A provisional password (letter from the school) expires after 3 months.
    public var provisionalUntil: Date?
    public var email: String?
    public var emailValidated: Bool
    public var mobile: String?
    public var franceConnectSubject: String?
    public var createdAt: Date
    public var lastLoginAt: Date?

    public init(id: Int64, identifier: String, role: AccountRole, state: AccountState, familyName: String,
                firstName: String, passwordHash: String? = nil, provisionalUntil: Date? = nil, email: String? = nil,
                emailValidated: Bool = false, mobile: String? = nil, franceConnectSubject: String? = nil,
                createdAt: Date = Date(), lastLoginAt: Date? = nil) {
        self.id = id; self.identifier = identifier; self.role = role; self.state = state
        self.familyName = familyName; self.firstName = firstName; self.passwordHash = passwordHash
        self.provisionalUntil = provisionalUntil; self.email = email; self.emailValidated = emailValidated
        self.mobile = mobile; self.franceConnectSubject = franceConnectSubject
        self.createdAt = createdAt; self.lastLoginAt = lastLoginAt
    }
}

/// What a new account starts with; the store assigns id and identifier.
public struct NewAccount: Sendable {
    public var role: AccountRole
    public var state: AccountState
    public var familyName: String
    public var firstName: String
    public var passwordHash: String?
    public var email: String?
    public var mobile: String?

    public init(role: AccountRole, state: AccountState = .created, familyName: String, firstName: String,
                passwordHash: String? = nil, email: String? = nil, mobile: String? = nil) {
        self.role = role; self.state = state; self.familyName = familyName; self.firstName = firstName
        self.passwordHash = passwordHash; self.email = email; self.mobile = mobile
    }
}

/// The people and schools behind an account, for the account page and,
/// later, for assertions.
public struct AccountProfile: Sendable {
    public struct Child: Sendable, Hashable {
        public init(pupil: Pupil, establishment: Establishment, rank: Int) {
            self.pupil = pupil; self.establishment = establishment; self.rank = rank
        }
        public var pupil: Pupil
        public var establishment: Establishment
        public var rank: Int
    }
    public var account: Account
    /// For a pupil account: the pupil records (one per enrolment).
    public var pupils: [Pupil]
    public var pupilEstablishments: [Establishment]
    /// For a guardian account: the children reached through legal links not suspended.
    public var children: [Child]

    public init(account: Account, pupils: [Pupil], pupilEstablishments: [Establishment], children: [Child]) {
        self.account = account; self.pupils = pupils
        self.pupilEstablishments = pupilEstablishments; self.children = children
    }

    /// Establishments the person is linked to, without repeats, in a stable order.
    public var establishments: [Establishment] {
        var seen = Set<UAI>(), result: [Establishment] = []
        for e in pupilEstablishments + children.map(\.establishment) where seen.insert(e.uai).inserted {
            result.append(e)
        }
        return result
    }
}
