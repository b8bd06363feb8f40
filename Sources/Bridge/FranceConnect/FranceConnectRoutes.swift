import Accounts
import Foundation
import FranceConnect
import Hummingbird
import Logging
import Primitives

/// "S'identifier avec FranceConnect": the authorization code flow, a known
/// identity logged in at once, a first login linked after the mobile known
/// to the school, an SMS code and the children's birth dates (the same
/// pages as self-registration), and the provider's logout.
struct FranceConnectRoutes: Sendable {
    let flow: SelfService
    let fc: FranceConnectLogin
    var exit: FranceConnectExit { FranceConnectExit(fc: fc, store: flow.store) }
    /// The authorization request, under its state, while the person is at the provider.
    static let parkedAuthorizations = ParkedFlow<Pending>(kind: "fc-pending", handlePrefix: "fc:", lifetime: 600, maxHandleLength: 128)
    static let stateCookie = "sesame_fc"

    struct Pending: Codable, ParkablePayload { var authorization: PendingAuthorization; var next: String? }

    func register(on router: Router<SesameContext>) {
        router.get("/franceconnect/connexion") { request, _ in try await start(request) }
        router.get(RouterPath(FranceConnectLogin.callbackPath)) { request, context in try await callback(request, context: context) }
        router.get("/franceconnect/premiere-connexion") { request, _ in try await mobilePage(request, handle: request.uri.queryParameters["r"].map(String.init), error: nil) }
        router.post("/franceconnect/premiere-connexion") { request, context in try await mobileGiven(request, context: context) }
        router.get(RouterPath(FranceConnectLogin.logoutPath)) { request, _ in try await afterProviderLogout(request) }
        router.post("/compte/franceconnect/retirer") { request, context in try await unlink(request, context: context) }
    }

    // MARK: to the provider and back

    func start(_ request: Request) async throws -> Response {
        let authorization = fc.relyingParty.makeAuthorizationRequest()
        let next = LocalPath.validated(request.uri.queryParameters["next"].map(String.init))
        try await Self.parkedAuthorizations.park(Pending(authorization: authorization.pending, next: next), handle: authorization.pending.state,
                                                 in: flow.store)
        var response = Response.redirect(to: authorization.url, type: .normal)
        // Binds the answer to this browser: a state from someone else's request is refused.
        response.setCookie(Cookie(name: Self.stateCookie, value: authorization.pending.state, maxAge: 600, path: FranceConnectLogin.callbackPath,
                                  secure: flow.sessions.secureCookies, httpOnly: true, sameSite: .lax))
        return response
    }

    func callback(_ request: Request, context: SesameContext) async throws -> Response {
        let state = request.uri.queryParameters["state"].map(String.init) ?? ""
        let cookie = request.cookies[Self.stateCookie]?.value ?? ""
        guard Self.parkedAuthorizations.accepted(state) != nil, ConstantTime.equal(Array(state.utf8), Array(cookie.utf8)),
              let pending = try await Self.parkedAuthorizations.take(state, from: flow.store) else {
            return try await refuse(FranceConnectError.stateMismatch, context: context)
        }
        let result: LoginResult
        do {
            result = try await fc.relyingParty.completeLogin(callbackQuery: request.uri.query ?? "", pending: pending.authorization)
        } catch let error as FranceConnectError {
            return try await refuse(error, context: context, next: pending.next)
        }
        let identity = result.identity
        if let account = try await flow.store.account(franceConnectSubject: identity.subject), account.state != .disabled {
            return try await logIn(account, idToken: result.idToken.raw, next: pending.next, ip: context.clientAddress, replacing: request)
        }
        // First time: find the person by the mobile the school knows.
        let handle = SecureRandom.token(bytes: 24)
        let first = SelfServiceStep.FirstFranceConnectLogin(subject: identity.subject, givenName: identity.givenName ?? "",
                                                            familyName: identity.familyName ?? "", idToken: result.idToken.raw)
        try await flow.store.saveVerification(Verification(
            handle: handle, purpose: .registration, accountID: nil, secretHash: "", maxAttempts: 1, expiresAt: Date() + Verification.codeLifetime,
            payload: SelfServiceStep(stage: .mobile, next: pending.next, franceConnect: first).encoded()))
        return SelfService.seeOther("/franceconnect/premiere-connexion?r=" + handle)
    }

    /// `next`: the service the person was going to, when the refusal comes after our own state was checked.
    func refuse(_ error: FranceConnectError, context: SesameContext, next: String? = nil) async throws -> Response {
        context.logger.info("FranceConnect refused: \(error.logMessage)")
        try await flow.store.record(AuditEvent(kind: .franceConnectFailed, ip: context.clientAddress, detail: String(error.logMessage.prefix(300))))
        var response = flow.message("Connexion avec FranceConnect impossible", [
            error.userMessage, "Vous pouvez aussi vous connecter avec votre identifiant et votre mot de passe.",
        ], links: [("Retour à la connexion", LocalPath.keeping(next, on: "/login"))],
           status: .badRequest)
        response.setCookie(Cookie(name: Self.stateCookie, value: "", maxAge: 0, path: FranceConnectLogin.callbackPath, httpOnly: true, sameSite: .lax))
        return response
    }

    /// A session for `account`; the ID token is kept to end the provider's session at logout.
    func logIn(_ account: Account, idToken: String, next: String?, ip: String, replacing request: Request? = nil) async throws -> Response {
        try await flow.sessions.endPrevious(request)
        let success = try await flow.login.openSession(for: account, method: "franceconnect", ip: ip)
        try await exit.remember(idToken: idToken, sessionKey: success.token.storageKey, until: success.session.expiresAt)
        var response = SelfService.seeOther(LocalPath.validated(next) ?? "/compte")
        response.setCookie(flow.sessions.cookie(for: success.token, expires: success.session.expiresAt))
        return response
    }

    // MARK: first login

    func firstLogin(_ handle: String?) async throws -> (Verification, SelfServiceStep, SelfServiceStep.FirstFranceConnectLogin) {
        guard let handle, handle.utf8.count <= 64,
              let verification = try await flow.store.verification(handle: handle, purpose: .registration, now: Date()),
              let step = SelfServiceStep.decode(verification.payload), step.stage == .mobile, let first = step.franceConnect else {
            throw PageError(.badRequest, title: "Démarche expirée", message: "Cette étape n'est plus valable. Reconnectez-vous avec FranceConnect.",
                            log: "FranceConnect first login: no pending step", backURL: "/login", backLabel: "Retour à la connexion")
        }
        return (verification, step, first)
    }

    func mobilePage(_ request: Request, handle: String?, error: String?, mobile: String = "", status: HTTPResponse.Status = .ok) async throws -> Response {
        let (_, step, first) = try await firstLogin(handle)
        var values = JourneyMarks.values(.franceConnectFirst, step: 1, next: step.next)
        values.merge(["handle": handle ?? "", "name": "\(first.givenName) \(first.familyName)", "mobile": mobile]) { $1 }
        if let error { values["error"] = error }
        return flow.render("franceconnect-first", title: "Première connexion avec FranceConnect", values, request: request, status: status)
    }

    func mobileGiven(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        let handle = form["r"] ?? ""
        let (_, step, first) = try await firstLogin(handle)
        guard let mobile = MobileNumber(String((form["mobile"] ?? "").prefix(32))) else {
            return try await mobilePage(request, handle: handle, error: "Numéro de téléphone portable non reconnu. Saisissez un numéro qui commence par 06 ou 07.",
                                        mobile: form["mobile"] ?? "", status: .badRequest)
        }
        try await flow.deliveries.allow(recipient: "sms:" + mobile.key, ip: context.clientAddress)
        let account = try await match(first, mobile: mobile)
        if account == nil {
            try await flow.reportUnmatched(family: first.familyName, firstNames: Self.firstNames(first), mobile: mobile, ip: context.clientAddress)
        }
        _ = try await flow.store.consumeVerification(handle: handle)
        let next = SelfServiceStep(stage: .code, next: step.next, mobile: mobile.key, franceConnect: first)
        let codeHandle = try await flow.startCode(purpose: .registration, accountID: account?.id, to: mobile, step: next,
                                                  text: { flow.deliveries.templates.confirmationCodeSMS(code: $0) }, logger: context.logger)
        return SelfService.seeOther("/inscription/code?r=" + codeHandle)
    }

    /// The guardian whose record has this mobile and FranceConnect's names
    /// (all given names, or the first one, as schools often keep only that).
    static func firstNames(_ first: SelfServiceStep.FirstFranceConnectLogin) -> [String] {
        [first.givenName, first.givenName.split(separator: " ").first.map(String.init) ?? ""]
    }

    func match(_ first: SelfServiceStep.FirstFranceConnectLogin, mobile: MobileNumber) async throws -> Account? {
        try await flow.guardianAccount(family: first.familyName, firstNames: Self.firstNames(first), mobile: mobile)
    }

    /// Called by the children step once the birth dates matched.
    func link(_ first: SelfServiceStep.FirstFranceConnectLogin, to account: Account, handle: String, next: String?, ip: String) async throws -> Response {
        guard try await flow.store.consumeVerification(handle: handle) else { throw PageError.expiredForm }
        guard try await flow.store.setFranceConnectSubject(first.subject, forAccount: account.id) else {
            return flow.message("Identité déjà utilisée", ["Cette identité FranceConnect est déjà liée à un autre compte. Contactez l'établissement."], status: .conflict)
        }
        if account.state != .active { try await flow.store.setState(.active, forAccount: account.id) }
        try await flow.store.record(AuditEvent(kind: .franceConnectLinked, actor: account.identifier, subject: account.identifier, ip: ip))
        // Said once on "Mon compte" when no service waits; a service the person was going to comes first.
        return try await logIn(account, idToken: first.idToken, next: next ?? "/compte?modifie=franceconnect-lie", ip: ip)
    }

    // MARK: logout and unlinking

    func afterProviderLogout(_ request: Request) async throws -> Response {
        let destination = try await exit.destination(afterLogoutState: request.uri.queryParameters["state"].map(String.init))
        return .redirect(to: destination, type: .normal)
    }

    func unlink(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        _ = form
        guard let current = try await flow.sessions.current(request) else { return .redirect(to: "/login", type: .normal) }
        guard current.account.passwordHash != nil else {
            return flow.message("Choisissez d'abord un mot de passe", [
                "Votre compte n'a pas encore de mot de passe : sans FranceConnect, vous ne pourriez plus vous connecter.",
                "Demandez un mot de passe avec « Mot de passe perdu », puis revenez retirer le lien.",
            ], links: [("Mot de passe perdu", "/mot-de-passe-perdu"), ("Mon compte", "/compte")], status: .badRequest)
        }
        _ = try await flow.store.setFranceConnectSubject(nil, forAccount: current.account.id)
        try await flow.store.record(AuditEvent(kind: .franceConnectUnlinked, actor: current.account.identifier, subject: current.account.identifier,
                                               ip: context.clientAddress))
        return SelfService.seeOther("/compte?modifie=franceconnect")
    }
}
