import Accounts
import Foundation
import HTTPTypes
import Hummingbird
import Primitives

/// What the console's pages share: the signed-in staff member, scope
/// checks, pages with CSRF.
struct Console: Sendable {
    let pages: Pages
    let csrf: CSRF
    /// What the console reads and changes for the establishments in scope.
    typealias Store = AccountStore & DirectoryStore & AuditTrail & StaffStore & ConsoleStore & SelfServiceStore & LegacyAccountStore & ThrottleStore & VerificationStore & FlowStateStore
    let store: any Store
    let staff: StaffSessions
    let hasher: PasswordHasher
    let deliveries: Deliveries
    let publicURL: String

    /// The staff member, or the console's login page.
    func signedIn(_ request: Request, _ body: (StaffScope) async throws -> Response) async throws -> Response {
        guard let scope = try await staff.current(request) else { return .redirect(to: "/admin/connexion", type: .normal) }
        return try await body(scope)
    }

    /// The roster of an establishment this staff member covers; 404 otherwise,
    /// so nobody learns which establishments exist elsewhere.
    func roster(_ uai: String?, for scope: StaffScope) async throws -> Roster {
        guard let uai = uai.flatMap(UAI.init), scope.covers(uai), let roster = try await store.roster(of: uai) else { throw PageError.notFound }
        return roster
    }

    func render(_ template: String, title: String, _ values: [String: Any], request: Request, scope: StaffScope?,
                status: HTTPResponse.Status = .ok) -> Response {
        var all = values
        if let scope { all["staffName"] = scope.member.displayName; all["staffRole"] = Self.roleLabel(scope.member.role) }
        return csrf.render(pages, template, title: title, all, request: request, status: status)
    }

    static func roleLabel(_ role: StaffRole) -> String {
        switch role {
        case .chef: "Chef d'établissement"
        case .secretariat: "Secrétariat (délégation)"
        case .rupn: "Référent numérique (élèves)"
        case .academie: "Académie"
        }
    }

    static let forbidden = PageError(.forbidden, title: "Action non autorisée",
        message: "Votre rôle ne permet pas cette action. Adressez-vous au chef d'établissement.", log: "console: role refused",
        backURL: "/admin", backLabel: "Retour à la console")
}
