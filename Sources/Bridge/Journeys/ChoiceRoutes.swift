import Accounts
import CAS
import Foundation
import Hummingbird
import Primitives

/// The establishment choice page (/etablissement) and forgetting a
/// remembered choice from the account page.
struct ChoiceRoutes: Sendable {
    let pages: Pages
    let csrf: CSRF
    let sessions: BrowserSession
    /// Profiles, choices, the parked question, the audit of refused forms.
    typealias Store = DirectoryStore & EstablishmentChoiceStore & FlowStateStore & AuditTrail
    let store: any Store

    func register(on router: Router<SesameContext>) {
        router.get("/etablissement") { request, _ in try await self.show(request) }
        router.post("/etablissement") { request, context in try await self.choose(request, context: context) }
        router.post("/compte/choix/oublier") { request, context in try await self.forget(request, context: context) }
    }

    /// The pending choice, the session and the person's establishments for it.
    func load(handle: String?, _ request: Request) async throws -> (EstablishmentChooser.Pending, BrowserSession.Current, AccountProfile)? {
        guard let pending = try await EstablishmentChooser.parkedQuestions.peek(handle, in: store) else {
            throw Self.expired
        }
        guard let current = try await sessions.current(request), let profile = try await store.profile(ofAccount: current.account.id) else {
            return nil
        }
        return (pending, current, profile)
    }

    func show(_ request: Request) async throws -> Response {
        let handle = request.uri.queryParameters["r"].map(String.init)
        guard let (pending, _, profile) = try await load(handle: handle, request) else {
            return .redirect(to: "/login?next=" + PercentEncoding.encode("/etablissement?r=" + (handle ?? "")), type: .normal)
        }
        return page(request, handle: handle ?? "", pending: pending, profile: profile, error: nil, status: .ok)
    }

    func page(_ request: Request, handle: String, pending: EstablishmentChooser.Pending, profile: AccountProfile,
              error: String?, status: HTTPResponse.Status) -> Response {
        let options = pending.audience.candidates(in: profile).map { school -> [String: Any] in
            let children = profile.children.filter { $0.establishment.uai == school.uai }.map(\.pupil.firstName)
            return ["uai": school.uai.value, "name": school.name, "city": school.city, "kind": school.kind.label,
                    "children": Self.frenchList(children), "hasChildren": !children.isEmpty,
                    "childrenLabel": children.count > 1 ? "Enfants" : "Enfant"]
        }
        var values: [String: Any] = ["handle": handle, "serviceName": pending.audience.name, "options": options]
        if let error { values["error"] = error }
        return csrf.render(pages, "choice", title: "Choix de l'établissement", values, request: request, status: status)
    }

    func choose(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await csrf.checkedForm(request, context: context, audit: store)
        let handle = form["r"] ?? ""
        guard let (pending, current, profile) = try await load(handle: handle, request) else {
            return .redirect(to: "/login", type: .normal)
        }
        let candidates = pending.audience.candidates(in: profile)
        guard let school = candidates.first(where: { $0.uai.value == form["establishment"] }) else {
            return page(request, handle: handle, pending: pending, profile: profile,
                        error: "Choisissez un des établissements de la liste.", status: .badRequest)
        }
        // The handle serves once: a second submission finds nothing to resume.
        guard try await EstablishmentChooser.parkedQuestions.take(handle, from: store) != nil else {
            throw Self.expired
        }
        let choice = EstablishmentChoice(service: pending.audience.key, serviceName: pending.audience.name, uai: school.uai.value, chosenAt: Date())
        try await store.saveChoice(choice, scope: .session(key: current.token.storageKey))
        if form["remember"] == "1" { try await store.saveChoice(choice, scope: .account(id: current.account.id)) }
        var response = Response.redirect(to: LocalPath.validated(pending.next) ?? "/compte", type: .normal)
        response.status = .seeOther
        return response
    }

    func forget(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await csrf.checkedForm(request, context: context, audit: store)
        guard let current = try await sessions.current(request) else { return .redirect(to: "/login?next=%2Fcompte", type: .normal) }
        let service = String((form["service"] ?? "").prefix(600))
        for scope in EstablishmentChooser.scopes(current) { try await store.forgetChoice(service: service, scope: scope) }
        var response = Response.redirect(to: "/compte?choix=oublie", type: .normal)
        response.status = .seeOther
        return response
    }

    static let expired = PageError(.badRequest, title: "Demande expirée",
        message: "Le choix de l'établissement n'est plus possible depuis cette page. Revenez au portail de votre établissement et recommencez.",
        log: "establishment choice: no pending request")

    /// "Léa", "Léa et Tom", "Léa, Tom et Zoé".
    static func frenchList(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " et " + names.last!
    }
}
