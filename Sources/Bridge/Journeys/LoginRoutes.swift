import Accounts
import CAS
import Foundation
import HTTPTypes
import Hummingbird
import Primitives

/// /login and /logout.
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
}
