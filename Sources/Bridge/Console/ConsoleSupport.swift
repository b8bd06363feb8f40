import Accounts
import Foundation
import Hummingbird
import Primitives

/// Assistance tickets and attachment errors, delegation of roles by the
/// chef, and the end of the legacy transition.
struct ConsoleSupport: Sendable {
    let console: Console

    func register(on router: Router<SesameContext>) {
        router.get("/admin/tickets") { request, _ in try await console.signedIn(request) { try await tickets(request, $0) } }
        router.post("/admin/tickets/:id") { request, context in
            let form = try await console.csrf.checkedForm(request, context: context, audit: console.store)
            return try await console.signedIn(request) { try await close(form, id: context.parameters.get("id"), scope: $0, ip: context.clientAddress) }
        }
        router.get("/admin/personnel") { request, _ in try await console.signedIn(request) { try await staffPage(request, $0, error: nil) } }
        router.post("/admin/personnel") { request, context in
            let form = try await console.csrf.checkedForm(request, context: context, audit: console.store)
            return try await console.signedIn(request) { try await delegate(form, request: request, scope: $0, ip: context.clientAddress) }
        }
        router.post("/admin/etablissement/:uai/fin-transition") { request, context in
            _ = try await console.csrf.checkedForm(request, context: context, audit: console.store)
            return try await console.signedIn(request) { scope in
                guard scope.mayEndTransition, let uai = context.parameters.get("uai").flatMap(UAI.init), scope.covers(uai) else { throw Console.forbidden }
                _ = try await console.store.endTransition(uai, by: scope.member.login, at: Date())
                return SelfService.seeOther("/admin")
            }
        }
    }

    func visible(_ ticket: AssistanceTicket, _ scope: StaffScope) -> Bool {
        scope.seesGuardians && (ticket.uai.flatMap(UAI.init).map(scope.covers) ?? (scope.member.role == .academie))
    }

    func tickets(_ request: Request, _ scope: StaffScope) async throws -> Response {
        let list = try await console.store.tickets(openOnly: request.uri.queryParameters["tous"] == nil).filter { visible($0, scope) }
        return console.render("admin-tickets", title: "Demandes d'assistance", [
            "tickets": list.map { t -> [String: Any] in
                ["id": String(t.id), "opened": FrenchDate.dateTime(t.openedAt), "detail": t.detail, "uai": t.uai ?? "", "open": t.open,
                 "restorable": t.open && t.kind == .notLegalGuardian && t.accountID != nil && t.pupilID != nil]
            },
            "empty": list.isEmpty,
        ], request: request, scope: scope)
    }

    func close(_ form: [String: String], id: String?, scope: StaffScope, ip: String) async throws -> Response {
        guard let id = id.flatMap(Int64.init), let ticket = try await console.store.tickets(openOnly: false).first(where: { $0.id == id }),
              visible(ticket, scope) else { throw PageError.notFound }
        let comment = String((form["commentaire"] ?? "").prefix(1000))
        // "Le lien est correct": the school checked, the link counts again.
        if form["retablir"] == "1", let account = ticket.accountID, let pupil = ticket.pupilID {
            try await console.store.restoreLinks(accountID: account, pupilID: pupil)
            try await console.store.record(AuditEvent(kind: .linkRestored, actor: scope.member.login, subject: String(pupil), ip: ip))
        }
        try await console.store.closeTicket(id: id, comment: "\(scope.member.displayName) : \(comment.isEmpty ? "traité" : comment)")
        try await console.store.record(AuditEvent(kind: .ticketClosed, actor: scope.member.login, subject: String(id), ip: ip))
        return SelfService.seeOther("/admin/tickets")
    }

    func staffPage(_ request: Request, _ scope: StaffScope, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard scope.mayDelegate else { throw Console.forbidden }
        let colleagues = try await console.store.staff().filter { member in member.establishments.contains { scope.covers($0) } }
        var values: [String: Any] = ["staff": colleagues.map { ["login": $0.login, "name": $0.displayName, "role": Console.roleLabel($0.role),
                                                                 "establishments": $0.establishments.map(\.value).joined(separator: ", ")] },
                                     "establishments": scope.member.establishments.map(\.value), "policy": PasswordPolicy.explanation]
        if let error { values["error"] = error }
        return console.render("admin-staff", title: "Personnels et délégations", values, request: request, scope: scope, status: status)
    }

    /// A chef delegates secretariat or rupn to a colleague of their establishment.
    func delegate(_ form: [String: String], request: Request, scope: StaffScope, ip: String) async throws -> Response {
        guard scope.mayDelegate else { throw Console.forbidden }
        let login = String((form["login"] ?? "").prefix(64)).lowercased(), name = String((form["nom"] ?? "").prefix(100))
        guard let role = form["role"].flatMap(StaffRole.init), [.secretariat, .rupn].contains(role),
              let uai = form["etablissement"].flatMap(UAI.init), scope.member.establishments.contains(uai) else { throw Console.forbidden }
        guard login.range(of: "^[a-z0-9][a-z0-9._-]{1,63}$", options: .regularExpression) != nil, !name.isEmpty else {
            return try await staffPage(request, scope, error: "Saisissez un identifiant (lettres, chiffres, point, tiret) et un nom.", status: .badRequest)
        }
        guard try await !console.store.staff().contains(where: { $0.login == login }) else {
            return try await staffPage(request, scope, error: "Cet identifiant est déjà utilisé.", status: .badRequest)
        }
        let password = form["password"] ?? ""
        let broken = PasswordPolicy.violations(of: password, identifier: login, names: [name])
        guard broken.isEmpty else { return try await staffPage(request, scope, error: broken.map(\.message).joined(separator: " "), status: .badRequest) }
        _ = try await console.store.addStaff(StaffMember(login: login, displayName: name, role: role, establishments: [uai],
                                                         passwordHash: try await console.hasher.hashGated(password, for: "staff:" + login)))
        try await console.store.record(AuditEvent(kind: .staffAdded, actor: scope.member.login, subject: login, ip: ip, detail: role.rawValue))
        return SelfService.seeOther("/admin/personnel")
    }
}
