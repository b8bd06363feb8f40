import Accounts
import CAS
import Foundation
import HTTPTypes
import Hummingbird
import Primitives

/// /login, /logout and the account page.
struct LoginRoutes: Sendable {
    let pages: Pages
    let csrf: CSRF
    let sessions: BrowserSession
    let login: LoginService
    let metrics: SesameMetrics
    let ending: SessionEnd
    /// Where an account still on its provisional password goes instead of a session.
    let activation: ActivationRoutes
    /// Shows "S'identifier avec FranceConnect".
    let franceConnect: Bool
    static let formLimit = 16 * 1024
    static let maxIdentifierLength = 64

    func register(on router: Router<SesameContext>) {
        router.get("/login") { request, context in try await self.showForm(request) }
        router.post("/login") { request, context in try await self.submit(request, context: context) }
        router.post("/logout") { request, context in try await self.logout(request, context: context) }
        router.get("/compte") { request, context in try await self.account(request) }
    }

    func showForm(_ request: Request) async throws -> Response {
        let next = LocalPath.validated(request.uri.queryParameters["next"].map(String.init))
        // `force` (CAS renew) asks for the password even with a session.
        let force = request.uri.queryParameters["force"] != nil
        if !force, try await sessions.current(request) != nil {
            return .redirect(to: next ?? "/compte", type: .normal)
        }
        let notice = request.uri.queryParameters["deconnexion"] != nil ? "Vous êtes déconnecté. À bientôt !" : nil
        return formPage(request, next: next, username: "", error: nil, notice: notice, status: .ok)
    }

    func formPage(_ request: Request, next: String?, username: String, error: String?, notice: String?,
                  status: HTTPResponse.Status) -> Response {
        var values: [String: Any] = ["username": username, "hasUsername": !username.isEmpty]
        if let next { values["next"] = next; values["nextQuery"] = LocalPath.keeping(next, on: "") }
        values["franceConnect"] = franceConnect
        if let error { values["error"] = error }
        if let notice { values["notice"] = notice }
        return csrf.render(pages, "login", title: "Connexion", values, request: request, status: status)
    }

    func submit(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await checkedForm(request, context: context)
        let username = form["username"] ?? ""
        let password = form["password"] ?? ""
        let next = LocalPath.validated(form["next"])
        guard username.count <= Self.maxIdentifierLength, password.count <= PasswordPolicy.maximumLength else {
            throw PageError.fieldTooLong
        }
        let typed = IdentifierFormat.normalize(username)
        guard !typed.isEmpty, !password.isEmpty else {
            return formPage(request, next: next, username: typed, error: "Saisissez votre identifiant et votre mot de passe.",
                            notice: nil, status: .badRequest)
        }
        switch try await login.authenticate(identifier: typed, password: password, ip: context.clientAddress) {
        case .success(let account) where account.state == .notified:
            return try await activation.start(for: account, next: next)
        case .success(let account):
            try await sessions.endPrevious(request)
            let success = try await login.openSession(for: account, method: "password", ip: context.clientAddress)
            metrics.loginOK.increment()
            var response = Response.redirect(to: next ?? "/compte", type: .found)
            response.status = .seeOther
            response.setCookie(sessions.cookie(for: success.token, expires: success.session.expiresAt))
            return response
        case .failure(let refusal):
            var response: Response
            switch refusal {
            case .invalidCredentials:
                metrics.loginFailed.increment()
                response = formPage(request, next: next, username: typed, error: refusal.userMessage, notice: nil, status: .unauthorized)
            case .throttled(let wait):
                metrics.loginThrottled.increment()
                response = formPage(request, next: next, username: typed, error: refusal.userMessage, notice: nil, status: .tooManyRequests)
                response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
            case .provisionalExpired:
                response = formPage(request, next: next, username: typed, error: refusal.userMessage, notice: nil, status: .unauthorized)
            }
            return response
        }
    }

    func checkedForm(_ request: Request, context: SesameContext) async throws -> [String: String] {
        try await csrf.checkedForm(request, context: context, audit: login.store, limit: Self.formLimit)
    }

    func logout(_ request: Request, context: SesameContext) async throws -> Response {
        _ = try await checkedForm(request, context: context)
        return try await ending.leave(request, context: context, via: "/logout", then: "/login?deconnexion=1")
    }

    func account(_ request: Request) async throws -> Response {
        guard let current = try await sessions.current(request),
              let profile = try await login.store.profile(ofAccount: current.account.id) else {
            return .redirect(to: "/login?next=%2Fcompte", type: .normal)
        }
        let account = profile.account
        let establishments: [[String: Any]] = profile.establishments.map { school in
            let children = profile.children.filter { $0.establishment.uai == school.uai }.map { child -> [String: Any] in
                ["firstName": child.pupil.firstName, "familyName": child.pupil.familyName, "division": child.pupil.division ?? ""]
            }
            return ["name": school.name, "city": school.city, "uai": school.uai.value,
                    "children": children, "hasChildren": !children.isEmpty]
        }
        var values: [String: Any] = [
            "identifier": account.identifier, "firstName": account.firstName, "familyName": account.familyName,
            "role": account.role.label, "state": account.state.label,
            "isGuardian": account.role == .guardian,
            "hasEstablishments": !establishments.isEmpty, "establishments": establishments,
        ]
        if let last = account.lastLoginAt { values["lastLogin"] = FrenchDate.dateTime(last) }
        let remembered = try await login.store.choices(scope: .account(id: account.id)).map { choice -> [String: Any] in
            let school = profile.establishments.first { $0.uai.value == choice.uai }
            return ["service": choice.service, "serviceName": choice.serviceName, "establishment": school?.name ?? choice.uai]
        }
        values["remembered"] = remembered
        values["hasRemembered"] = !remembered.isEmpty
        if let email = account.email { values["email"] = email + (account.emailValidated ? "" : " (à confirmer : ouvrez le lien reçu)") }
        if let mobile = account.mobile { values["mobile"] = mobile }
        values["franceConnectLinked"] = account.franceConnectSubject != nil
        values["notice"] = Self.notices[request.uri.queryParameters["modifie"].map(String.init) ?? ""]
            ?? (request.uri.queryParameters["bienvenue"] != nil ? "Votre compte est activé. Bienvenue !" : nil)
            ?? (request.uri.queryParameters["choix"] != nil ? "Votre choix a été oublié : l'établissement vous sera demandé à la prochaine connexion à ce service." : nil)
        return csrf.render(pages, "account", title: "Mon compte", values, request: request)
    }
}

extension LoginRoutes {
    static let notices = [
        "mot-de-passe": "Votre mot de passe a été modifié.",
        "franceconnect": "Votre compte n'est plus lié à FranceConnect.",
        "franceconnect-lie": "Votre compte est maintenant lié à FranceConnect : la prochaine fois, un clic sur « S'identifier avec FranceConnect » suffit.",
        "enfants": "Votre compte regroupe désormais ces enfants.",
        "mobile": "Votre numéro de téléphone portable a été enregistré. Pensez à le signaler aussi à l'établissement.",
    ]
}
