import Accounts
import Foundation
import Hummingbird
import Logging
import Messaging
import Primitives

/// Lost password (guardians by SMS or e-mail, pupils by e-mail only) and
/// lost identifier. Every answer is the same whether or not an account
/// matched; a guardian can never reset a child's password, since only the
/// account's own phone or validated address is used.
struct RecoveryRoutes: Sendable {
    let flow: SelfService
    static let restart = "/mot-de-passe-perdu"

    func register(on router: Router<SesameContext>) {
        router.get("/mot-de-passe-perdu") { request, _ in flow.render("recovery", title: "Mot de passe perdu", Self.keeping(request, step: 1), request: request) }
        router.post("/mot-de-passe-perdu") { request, context in try await start(request, context: context) }
        router.get("/mot-de-passe-perdu/code") { request, _ in try await codePage(request, handle: request.uri.queryParameters["r"].map(String.init), error: nil) }
        router.post("/mot-de-passe-perdu/code") { request, context in try await checkCode(request, context: context) }
        router.post("/mot-de-passe-perdu/code/renvoyer") { request, context in
            try await flow.resendCode(request, context: context, purpose: .recovery, codePath: "/mot-de-passe-perdu/code", restart: Self.restart,
                                      text: { flow.deliveries.templates.passwordResetCodeSMS(code: $0) })
        }
        router.get("/reinitialiser") { request, _ in try await flow.passwordPage(Self.passwordStep, request, handle: try handle(request.uri.queryParameters), errors: []) }
        router.post("/reinitialiser") { request, context in try await flow.submitPassword(Self.passwordStep, request, context: context) }
        router.get("/identifiant-perdu") { request, _ in flow.render("lost-identifier", title: "Identifiant perdu", Self.keeping(request), request: request) }
        router.post("/identifiant-perdu") { request, context in try await sendIdentifier(request, context: context) }
    }

    /// The service the person was going to, kept on the side road (a form field and the links).
    /// `step`: the page is the first of the lost-password journey.
    static func keeping(_ request: Request, step: Int? = nil) -> [String: Any] {
        keeping(LocalPath.validated(request.uri.queryParameters["next"].map(String.init)), step: step)
    }

    static func keeping(_ next: String?, step: Int? = nil) -> [String: Any] {
        var values = step.map { JourneyMarks.values(.recovery, step: $0, next: next) } ?? JourneyMarks.values(next: next)
        guard let next = LocalPath.validated(next) else { return values }
        values.merge(["next": next, "nextQuery": LocalPath.keeping(next, on: "")]) { $1 }
        return values
    }

    /// A reset link carries `t` (its token); the SMS path carries `r`.
    func handle(_ query: some Sequence<(key: Substring, value: Substring)>) throws -> String? {
        var values: [String: String] = [:]
        for (key, value) in query { values[String(key)] = String(value) }
        if let token = values["t"] { return token.utf8.count <= 64 ? VerificationSecrets.linkHandle(token) : nil }
        return values["r"]
    }

    // MARK: asking

    func start(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        let next = LocalPath.validated(form["next"])
        let identifier = IdentifierFormat.normalize(String((form["identifier"] ?? "").prefix(64)))
        guard !identifier.isEmpty else {
            var values = Self.keeping(next, step: 1)
            values["error"] = "Saisissez votre identifiant."
            return flow.render("recovery", title: "Mot de passe perdu", values, request: request, status: .badRequest)
        }
        try await flow.deliveries.allow(recipient: "id:" + identifier, ip: context.clientAddress)
        let account = try await flow.store.account(identifier: identifier).flatMap { [.active, .notified].contains($0.state) ? $0 : nil }
        if form["canal"] == "courriel" {
            if let account, let email = account.email, account.emailValidated { try await sendLink(to: email, account: account, next: next, logger: context.logger) }
            return flow.message("Vérifiez votre messagerie", [
                "Si un compte correspond à cet identifiant et qu'une adresse électronique confirmée y est associée, un lien pour choisir un nouveau mot de passe vient d'y être envoyé. Il est valable 1 heure.",
                "Vous n'avez rien reçu ? Vérifiez les courriers indésirables, ou adressez-vous à l'établissement.",
            ])
        }
        // Each person gets the way that can work for them: a guardian an SMS
        // to a number the school or they gave; anyone else (a pupil, a parent
        // without a known mobile) a link to a confirmed address. The page
        // that follows is the same for everyone, so nothing tells who exists.
        let mobile = account?.role == .guardian ? try await flow.reachableMobile(of: account!) : nil
        if mobile == nil, let account, let email = account.email, account.emailValidated {
            try await sendLink(to: email, account: account, next: next, logger: context.logger)
        }
        let step = SelfServiceStep(stage: .code, next: next, mobile: mobile?.key)
        let handle = try await flow.startCode(purpose: .recovery, accountID: mobile == nil ? nil : account?.id, to: mobile, step: step,
                                              text: { flow.deliveries.templates.passwordResetCodeSMS(code: $0) }, logger: context.logger)
        return SelfService.seeOther("/mot-de-passe-perdu/code?r=" + handle)
    }

    func sendLink(to email: String, account: Account, next: String? = nil, logger: Logger) async throws {
        let (token, handle) = VerificationSecrets.newLinkToken()
        try await flow.store.saveVerification(Verification(
            handle: handle, purpose: .recovery, accountID: account.id, secretHash: "", maxAttempts: 1,
            expiresAt: Date() + Verification.resetLinkLifetime, payload: SelfServiceStep(stage: .password, next: next).encoded()))
        let link = URL(string: flow.publicURL + "/reinitialiser?t=" + token)!
        let name = "\(account.firstName) \(account.familyName)"
        try await flow.deliveries.email(flow.deliveries.templates.passwordResetLinkEmail(displayName: name, link: link), to: email, name: name, logger: logger)
    }

    // MARK: the SMS code

    func codePage(_ request: Request, handle: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        try await flow.codePage(request, handle: handle, purpose: .recovery, action: "/mot-de-passe-perdu/code", restart: Self.restart,
                                error: error, status: status)
    }

    func checkCode(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        let handle = form["r"] ?? ""
        let outcome = try await flow.check(code: form["code"] ?? "", handle: handle, purpose: .recovery, then: .password, ip: context.clientAddress)
        switch outcome {
        case .expired: throw SelfService.codeExpired(restart: Self.restart)
        case .wrong, .malformed:
            return try await codePage(request, handle: handle, error: outcome.pageError, status: .badRequest)
        case .accepted: return SelfService.seeOther("/reinitialiser?r=" + handle)
        }
    }

    // MARK: the new password

    static let passwordStep = PasswordStep(purpose: .recovery, action: "/reinitialiser", title: "Nouveau mot de passe",
                                           heading: "Choisissez un nouveau mot de passe", button: "Enregistrer", restart: restart,
                                           journey: .recovery)

    // MARK: lost identifier

    func sendIdentifier(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        let typed = String((form["contact"] ?? "").prefix(254)).trimmingCharacters(in: .whitespaces)
        if let mobile = MobileNumber(typed) {
            try await flow.deliveries.allow(recipient: "sms:" + mobile.key, ip: context.clientAddress)
            let ids = Set(try await flow.store.guardians(mobile: mobile).compactMap(\.accountID))
            var identifiers: [String] = []
            for id in ids.sorted() { if let account = try await flow.store.account(id: id), account.state != .disabled { identifiers.append(account.identifier) } }
            if !identifiers.isEmpty {
                try await flow.deliveries.sms(flow.deliveries.templates.lostIdentifierSMS(identifier: identifiers.joined(separator: ", ")), to: mobile, logger: context.logger)
                try await flow.store.record(AuditEvent(kind: .identifierSent, subject: identifiers.joined(separator: ","), ip: context.clientAddress, detail: "sms"))
            }
        } else if (try? EmailAddress(typed)) != nil {
            try await flow.deliveries.allow(recipient: "mail:" + typed.lowercased(), ip: context.clientAddress)
            for account in try await flow.store.accounts(validatedEmail: typed) where account.state != .disabled {
                try await flow.emailIdentifier(of: account, to: typed, logger: context.logger)
                try await flow.store.record(AuditEvent(kind: .identifierSent, subject: account.identifier, ip: context.clientAddress, detail: "email"))
            }
        } else {
            var values = Self.keeping(form["next"])
            values.merge(["error": "Saisissez un numéro de téléphone portable (06 ou 07…) ou une adresse électronique.", "contact": typed]) { $1 }
            return flow.render("lost-identifier", title: "Identifiant perdu", values, request: request, status: .badRequest)
        }
        let back = LocalPath.keeping(form["next"], on: "/login")
        return flow.message("Demande enregistrée", [
            "Si ce numéro ou cette adresse correspond à un compte, votre identifiant vient de vous être envoyé.",
            "Vous n'avez rien reçu ? Adressez-vous à l'école ou à l'établissement.",
        ], links: [("Retour à la connexion", back)])
    }
}
