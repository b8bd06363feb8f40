import Foundation
import Primitives

/// An old portal account carried over with its password hash and matched to
/// exactly one Sesame account. Its credentials serve once: moving to Sesame
/// switches them off for good.
public struct LegacyAccount: Sendable, Hashable {
    public var id: Int64
    /// As exported; compared case-insensitively (LDAP `uid` semantics).
    public var login: String
    /// The exported hash text (`{SSHA}…`, `$2b$…`), verified with LegacyCredentials.
    public var passwordHash: String
    /// Scheme label, kept to pick a representative hash for unknown logins.
    public var scheme: String
    public var familyName: String
    public var firstName: String
    public var birthDate: CalendarDate?
    public var linkedPupilID: String?
    public var email: String?
    public var accountID: Int64
    /// Where the matched person is known; the transition ends per establishment.
    public var establishments: [UAI]
    /// Line of the import file the row came from, for the administrator.
    public var sourceLine: Int
    public var importedAt: Date
    public var movedAt: Date?
    public var disabled: Bool

    public init(id: Int64 = 0, login: String, passwordHash: String, scheme: String, familyName: String, firstName: String,
                birthDate: CalendarDate?, linkedPupilID: String?, email: String?, accountID: Int64, establishments: [UAI],
                sourceLine: Int, importedAt: Date, movedAt: Date? = nil, disabled: Bool = false) {
        self.id = id; self.login = login; self.passwordHash = passwordHash; self.scheme = scheme
        self.familyName = familyName; self.firstName = firstName; self.birthDate = birthDate
        self.linkedPupilID = linkedPupilID; self.email = email; self.accountID = accountID
        self.establishments = establishments; self.sourceLine = sourceLine; self.importedAt = importedAt
        self.movedAt = movedAt; self.disabled = disabled
    }

    public var loginKey: String { Self.key(login) }

    /// The unique key of a login: trimmed and lower-cased, as the readers
    /// compare logins when they refuse duplicates.
    public static func key(_ login: String) -> String {
        login.trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// True while the old login and password may still be used once.
    public var isUsable: Bool { movedAt == nil && !disabled }
}

/// A chef's decision that legacy logins are refused for an establishment.
public struct TransitionEnd: Sendable, Hashable {
    public var uai: UAI
    public var endedAt: Date
    public var endedBy: String

    public init(uai: UAI, endedAt: Date, endedBy: String) {
        self.uai = uai; self.endedAt = endedAt; self.endedBy = endedBy
    }
}

/// The console's numbers for one establishment.
public struct LegacyEstablishmentStatus: Sendable, Hashable {
    public var uai: UAI
    public var imported: Int
    public var moved: Int
    public var remaining: Int { imported - moved }
    public var ended: TransitionEnd?

    public init(uai: UAI, imported: Int, moved: Int, ended: TransitionEnd?) {
        self.uai = uai; self.imported = imported; self.moved = moved; self.ended = ended
    }
}
