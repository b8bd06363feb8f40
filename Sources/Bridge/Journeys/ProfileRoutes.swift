import Accounts
import Foundation
import Hummingbird
import Messaging
import Primitives

/// The account holder's own changes: password (the current one required),
/// e-mail (validated by a link), mobile (validated by an SMS code; it does
/// not change the school's records).
struct ProfileRoutes: Sendable {
    let flow: SelfService
    let activation: ActivationRoutes

    func register(on router: Router<SesameContext>) {
        router.get("/compte/mot-de-passe") { request, _ in try await flow.signedIn(request) { passwordPage(request, $0, errors: []) } }
        router.post("/compte/mot-de-passe") { request, context in try await changePassword(request, context: context) }
        router.get("/compte/courriel") { request, _ in try await flow.signedIn(request) { emailPage(request, $0, error: nil) } }
        router.post("/compte/courriel") { request, context in try await changeEmail(request, context: context) }
        router.get("/compte/mobile") { request, _ in try await flow.signedIn(request) { mobilePage(request, $0, error: nil) } }
        router.post("/compte/mobile") { request, context in try await changeMobile(request, context: context) }
        router.post("/compte/mobile/code") { request, context in try await confirmMobile(request, context: context) }
        router.post("/compte/mobile/code/renvoyer") { request, context in
            try await flow.resendCode(request, context: context, purpose: .mobile, codePath: "/compte/mobile/code", restart: "/compte/mobile",
                                      text: { flow.deliveries.templates.confirmationCodeSMS(code: $0) })
        }
    }

    // MARK: password

    func passwordPage(_ request: Request, _ current: BrowserSession.Current, errors: [String], status: HTTPResponse.Status = .ok) -> Response {
        var values = PasswordForm.values
        values.merge(JourneyMarks.values(next: nil, home: .account)) { $1 }
        values.merge(["heading": "Changer de mot de passe", "action": "/compte/mot-de-passe", "button": "Enregistrer",
                      "askCurrent": true, "errors": errors, "hasErrors": !errors.isEmpty]) { $1 }
        return flow.render("password", title: "Changer de mot de passe", values, request: request, status: status)
    }

    func changePassword(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        return try await flow.signedIn(request) { current in
            let account = current.account
            // Counted as a password attempt on this identifier, reserved before the hash.
            let budgets = ThrottleBudget.password(identifier: account.identifier, ip: context.clientAddress)
            if let wait = try await flow.store.reserveAttempt(budgets) {
                return passwordPage(request, current, errors: [LoginService.Refusal.throttled(retryAfter: wait).userMessage], status: .tooManyRequests)
            }
            guard let stored = account.passwordHash,
                  try await flow.hasher.verifyGated(form["current"] ?? "", against: stored, for: account.identifier).matches else {
                return passwordPage(request, current, errors: ["Le mot de passe actuel est incorrect."], status: .badRequest)
            }
            try await flow.store.forgive(budgets)
            let password = form["password"] ?? ""
            let problems = PasswordForm.problems(password: password, confirmation: form["confirmation"], account: account)
            guard problems.isEmpty else { return passwordPage(request, current, errors: problems, status: .badRequest) }
            try await flow.store.setPasswordHash(try await flow.hasher.hashGated(password, for: account.identifier), provisionalUntil: nil, state: nil, forAccount: account.id)
            try await flow.store.record(AuditEvent(kind: .passwordChanged, actor: account.identifier, subject: account.identifier, ip: context.clientAddress))
            return SelfService.seeOther("/compte?modifie=mot-de-passe")
        }
    }

    // MARK: e-mail

    func emailPage(_ request: Request, _ current: BrowserSession.Current, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        var values: [String: Any] = ["email": current.account.email ?? ""]
        if let error { values["error"] = error }
        return flow.render("profile-email", title: "Adresse électronique", values, request: request, status: status)
    }

    func changeEmail(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        return try await flow.signedIn(request) { current in
            let email = String((form["email"] ?? "").prefix(254)).trimmingCharacters(in: .whitespaces)
            guard (try? EmailAddress(email))?.hasPublicDomain == true else {
                return emailPage(request, current, error: "L'adresse électronique n'est pas valide.", status: .badRequest)
            }
            try await flow.deliveries.allow(recipient: "mail:" + email.lowercased(), ip: context.clientAddress)
            try await activation.sendValidation(to: email, account: current.account, logger: context.logger)
            return flow.message("Confirmez votre adresse", ["Un lien de confirmation a été envoyé à \(email). Il est valable 24 heures.",
                                                           "Tant qu'elle n'est pas confirmée, cette adresse ne sert pas à retrouver votre mot de passe."],
                                links: [("Mon compte", "/compte")])
        }
    }

    // MARK: mobile

    func mobilePage(_ request: Request, _ current: BrowserSession.Current, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        var values: [String: Any] = ["mobile": current.account.mobile ?? ""]
        if let error { values["error"] = error }
        return flow.render("profile-mobile", title: "Téléphone portable", values, request: request, status: status)
    }

    func changeMobile(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        return try await flow.signedIn(request) { current in
            guard let mobile = MobileNumber(String((form["mobile"] ?? "").prefix(32))) else {
                return mobilePage(request, current, error: "Numéro de téléphone portable non reconnu. Saisissez un numéro qui commence par 06 ou 07.", status: .badRequest)
            }
            try await flow.deliveries.allow(recipient: "sms:" + mobile.key, ip: context.clientAddress)
            let handle = try await flow.startCode(purpose: .mobile, accountID: current.account.id, to: mobile,
                                                  step: SelfServiceStep(stage: .code, mobile: mobile.key),
                                                  text: { flow.deliveries.templates.confirmationCodeSMS(code: $0) }, logger: context.logger)
            return try await flow.codePage(request, handle: handle, purpose: .mobile, action: "/compte/mobile/code", restart: "/compte/mobile",
                                           heading: "Confirmez votre numéro")
        }
    }

    func confirmMobile(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        return try await flow.signedIn(request) { current in
            let handle = form["r"] ?? ""
            let outcome = try await flow.check(code: form["code"] ?? "", handle: handle, purpose: .mobile, then: .password, ip: context.clientAddress)
            switch outcome {
            case .expired: throw SelfService.codeExpired(restart: "/compte/mobile")
            case .wrong, .malformed:
                return try await flow.codePage(request, handle: handle, purpose: .mobile, action: "/compte/mobile/code", restart: "/compte/mobile",
                                               heading: "Confirmez votre numéro", error: outcome.pageError, status: .badRequest)
            case .accepted(let verification, let step):
                guard verification.accountID == current.account.id, let mobile = step.mobile.flatMap({ MobileNumber("0" + $0) }),
                      try await flow.store.consumeVerification(handle: handle) else { throw SelfService.codeExpired(restart: "/compte/mobile") }
                try await flow.store.setMobile(mobile.display, forAccount: current.account.id)
                try await flow.store.record(AuditEvent(kind: .mobileChanged, actor: current.account.identifier, subject: current.account.identifier,
                                                       ip: context.clientAddress))
                return SelfService.seeOther("/compte?modifie=mobile")
            }
        }
    }
}
