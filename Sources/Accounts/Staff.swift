import Foundation
import Primitives

/// School staff roles (DESIGN §2). Stored now; the console uses them.
public enum StaffRole: String, Sendable, Codable, CaseIterable {
    /// Head of establishment: all accounts, may delegate.
    case chef
    /// Delegated by the chef: all accounts.
    case secretariat
    /// Responsable numérique: pupil accounts only.
    case rupn
    /// Académie: across establishments, attachment errors and tickets.
    case academie
}

public struct StaffMember: Sendable, Hashable, Codable {
    public var id: Int64
    public var login: String
    public var displayName: String
    public var role: StaffRole
    /// Establishments managed; empty for the académie role, which sees all.
    public var establishments: [UAI]
    public var passwordHash: String?

    public init(id: Int64 = 0, login: String, displayName: String, role: StaffRole, establishments: [UAI],
                passwordHash: String? = nil) {
        self.id = id; self.login = login; self.displayName = displayName; self.role = role
        self.establishments = establishments; self.passwordHash = passwordHash
    }
}
