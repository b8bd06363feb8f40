import Accounts
import CAS
import Foundation
import HTTPTypes
import Hummingbird
import Primitives

/// "J'ai un ancien compte" (/ancien-compte): the old login once, then the
/// new identifier and a new password. The step between the two pages lives
/// in the database (any process can serve the second page) and serves once.
struct LegacyRoutes: Sendable {
    let pages: Pages
    let csrf: CSRF
    let sessions: BrowserSession
    let transition: LegacyTransition
    /// The proven old account, kept while the new password is chosen.
    static let parkedSteps = ParkedFlow<Step>(kind: "legacy-move", lifetime: 15 * 60)
    static let maxLoginLength = 128

    /// What the password page needs, bound to the browser that proved the old password.
    struct Step: Codable, ParkablePayload {
        var verified: LegacyTransition.Verified
        var next: String?
        /// SHA-256 of the CSRF cookie: a handle copied to another browser is worthless.
        var browser: String
    }

    func register(on router: Router<SesameContext>) {
        router.get("/ancien-compte") { request, _ in self.showLogin(request) }
        router.post("/ancien-compte") { request, context in try await self.submitLogin(request, context: context) }
        router.post("/ancien-compte/mot-de-passe") { request, context in try await self.submitPassword(request, context: context) }
    }

    func showLogin(_ request: Request) -> Response {
        loginPage(request, next: LocalPath.validated(request.uri.queryParameters["next"].map(String.init)), login: "", error: nil, status: .ok)
    }

    func loginPage(_ request: Request, next: String?, login: String, error: String?, status: HTTPResponse.Status) -> Response {
        var values: [String: Any] = ["login": login, "hasLogin": !login.isEmpty,
                                     "nextQuery": LocalPath.keeping(next, on: "")]
        if let next { values["next"] = next }
        if let error { values["error"] = error }
        return csrf.render(pages, "legacy-login", title: "J'ai un ancien compte", values, request: request, status: status)
    }

    func submitLogin(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await csrf.checkedForm(request, context: context, audit: transition.login.store)
        let login = (form["login"] ?? "").trimmingCharacters(in: .whitespaces)
        let password = form["password"] ?? ""
        let next = LocalPath.validated(form["next"])
        guard login.count <= Self.maxLoginLength, password.count <= PasswordPolicy.maximumLength else { throw PageError.fieldTooLong }
        guard !login.isEmpty, !password.isEmpty else {
            return loginPage(request, next: next, login: login, error: "Saisissez l'identifiant et le mot de passe de votre ancien compte.",
                             status: .badRequest)
        }
        switch try await transition.verify(login: login, password: password, ip: context.clientAddress) {
        case .success(let verified):
            let handle = SecureRandom.token(bytes: 32)
            let step = Step(verified: verified, next: next, browser: Self.browserKey(request) ?? "")
            try await Self.parkedSteps.park(step, handle: handle, in: transition.login.store)
            return passwordPage(request, handle: handle, step: step, errors: [], status: .ok)
        case .failure(let refusal):
            switch refusal {
            case .invalidCredentials:
                return loginPage(request, next: next, login: login, error: refusal.userMessage, status: .unauthorized)
            case .throttled(let wait):
                var response = loginPage(request, next: next, login: login, error: refusal.userMessage, status: .tooManyRequests)
                response.headers[.retryAfter] = String(Int(wait.rounded(.up)))
                return response
            case .transitionEnded:
                throw PageError(.forbidden, title: "Ancien compte plus accepté", message: refusal.userMessage
                                    + " Si vous ne les avez pas, le secrétariat de l'établissement peut vous les remettre.",
                                log: "legacy login after transition end",
                                backURL: LocalPath.keeping(next, on: "/login"),
                                backLabel: "Activer mon compte Sesame")
            }
        }
    }

    func passwordPage(_ request: Request, handle: String, step: Step, errors: [String], status: HTTPResponse.Status) -> Response {
        // The password step every flow shares: the rule before typing, the live checklist.
        var values = PasswordForm.values
        values.merge(["handle": handle, "identifier": step.verified.identifier, "action": "/ancien-compte/mot-de-passe",
                      "heading": "Choisir mon mot de passe", "button": "Confirmer", "errors": errors, "hasErrors": !errors.isEmpty]) { $1 }
        return csrf.render(pages, "password", title: "Choisir mon mot de passe", values, request: request, status: status)
    }

    func submitPassword(_ request: Request, context: SesameContext) async throws -> Response {
        let store = transition.login.store
        let form = try await csrf.checkedForm(request, context: context, audit: store)
        let handle = form["r"] ?? ""
        let password = form["password"] ?? "", confirmation = form["confirmation"] ?? ""
        guard password.count <= PasswordPolicy.maximumLength, confirmation.count <= PasswordPolicy.maximumLength else {
            throw PageError.fieldTooLong
        }
        // Read without consuming: a refused password leaves the step usable.
        guard let step = try await Self.parkedSteps.peek(handle, in: store),
              let browser = Self.browserKey(request), ConstantTime.equal(Array(browser.utf8), Array(step.browser.utf8)) else {
            throw Self.expired
        }
        var errors = LegacyTransition.violations(of: password, for: step.verified).map(\.message)
        if password != confirmation { errors.append("Les deux mots de passe saisis sont différents.") }
        guard errors.isEmpty else { return passwordPage(request, handle: handle, step: step, errors: errors, status: .badRequest) }

        guard try await Self.parkedSteps.take(handle, from: store) != nil else { throw Self.expired }
        try await sessions.endPrevious(request)
        switch try await transition.complete(step.verified, newPassword: password, ip: context.clientAddress) {
        case .success(let success):
            var response = Response.redirect(to: step.next ?? "/compte", type: .found)
            response.status = .seeOther
            response.setCookie(sessions.cookie(for: success.token, expires: success.session.expiresAt))
            return response
        case .failure:
            // Moved meanwhile from another tab (the policy was checked above).
            throw Self.expired
        }
    }

    static func browserKey(_ request: Request) -> String? {
        guard let token = request.cookies[CSRF.cookieName]?.value else { return nil }
        return Hex.encode(Digest.sha256(Array(token.utf8)))
    }

    static let expired = PageError(.badRequest, title: "Étape expirée",
        message: "Cette étape n'est plus valable : elle a déjà servi ou a expiré. Si votre compte n'est pas encore créé, recommencez avec votre ancien compte ; sinon, connectez-vous avec votre nouvel identifiant.",
        log: "legacy move step missing, expired, replayed or from another browser",
        backURL: "/ancien-compte", backLabel: "Recommencer")
}
