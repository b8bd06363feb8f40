import Accounts
import Foundation
import Hummingbird
import Logging
import Messaging
import Primitives

/// Activation with the provisional credentials of the school's letter: once
/// the provisional password is accepted at /login, the person chooses their
/// own password, gives an e-mail address (validated by a link; the only
/// self-recovery path for a pupil) and, for a guardian, a child's birth date.
struct ActivationRoutes: Sendable {
    let flow: SelfService
    /// Long enough to read the rule and choose a password.
    static let lifetime: TimeInterval = 30 * 60

    func register(on router: Router<SesameContext>) {
        router.get("/activation") { request, _ in try await page(request, handle: request.uri.queryParameters["r"].map(String.init), errors: []) }
        router.post("/activation") { request, context in try await complete(request, context: context) }
        router.get("/courriel/valider") { request, context in try await validateEmail(request, context: context) }
    }

    /// Called by the login form: the provisional password was right.
    func start(for account: Account, next: String?) async throws -> Response {
        let handle = SecureRandom.token(bytes: 24)
        try await flow.store.saveVerification(Verification(
            handle: handle, purpose: .activation, accountID: account.id, secretHash: "", maxAttempts: 1,
            expiresAt: Date() + Self.lifetime, payload: SelfServiceStep(stage: .password, next: next).encoded()))
        return SelfService.seeOther("/activation?r=" + handle)
    }

    static let passwordStep = PasswordStep(purpose: .activation, action: "/activation", title: "Activation du compte",
                                           heading: "Activez votre compte", button: "Activer mon compte", restart: "/login",
                                           journey: .letter)

    /// `birthDate`: a readable date typed before, kept when something else was wrong.
    func page(_ request: Request, handle: String?, errors: [String], email: String = "", birthDate: String = "",
              status: HTTPResponse.Status = .ok) async throws -> Response {
        let (_, _, account) = try await flow.pending(handle, purpose: .activation, stage: .password, restart: "/login")
        let guardian = account.role == .guardian
        return try await flow.passwordPage(Self.passwordStep, request, handle: handle, errors: errors, extra: [
            "askEmail": true, "email": email, "askBirthDate": guardian, "birthDate": String(birthDate.prefix(24)),
            "emailHelp": guardian ? "Pour recevoir un nouveau mot de passe si vous l'oubliez. Un lien de confirmation vous sera envoyé."
                : "Conseillé : c'est le seul moyen de retrouver seul votre mot de passe. Un lien de confirmation vous sera envoyé.",
        ], status: status)
    }

    func complete(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        let handle = form["r"] ?? ""
        let (_, step, account) = try await flow.pending(handle, purpose: .activation, stage: .password, restart: "/login")
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces)
        var problems: [String] = []
        if !email.isEmpty, (try? EmailAddress(email))?.hasPublicDomain != true {
            problems.append("L'adresse électronique n'est pas valide : vérifiez la partie après « @ » (par exemple nom@exemple.fr).")
        }
        let typedDate = (form["naissance"] ?? "").trimmingCharacters(in: .whitespaces)
        // Shown again if something else was wrong; an unreadable or wrong date is not.
        var keptDate = CalendarDate(typed: typedDate) == nil ? "" : typedDate
        if account.role == .guardian, keptDate.isEmpty {
            // Unreadable or missing: said so, and no try counted.
            problems.append(typedDate.isEmpty ? "Saisissez la date de naissance d'un de vos enfants." : CalendarDate.unreadable())
        } else if account.role == .guardian {
            // Reserved before the comparison: guesses sent at once all count.
            let budget = [ThrottleBudget.answers(accountID: account.id)]
            if let wait = try await flow.store.reserveAttempt(budget) {
                return try await page(request, handle: handle, errors: [LoginService.Refusal.throttled(retryAfter: wait).userMessage],
                                      email: email, status: .tooManyRequests)
            }
            if try await knowsAChild(account, typed: form["naissance"]) {
                try await flow.store.forgive(budget)
            } else {
                problems.append("La date de naissance ne correspond à aucun de vos enfants. Vérifiez-la.")
                keptDate = ""
            }
        }
        let outcome = try await flow.finish(account, handle: handle, form: form, next: step.next, ip: context.clientAddress, request: request,
                                            extraProblems: problems) {
            if !email.isEmpty { try await sendValidation(to: email, account: account, logger: context.logger) }
        }
        switch outcome {
        case .done(let response): return response
        case .refused(let problems):
            return try await page(request, handle: handle, errors: problems, email: email, birthDate: keptDate, status: .badRequest)
        }
    }

    func knowsAChild(_ account: Account, typed: String?) async throws -> Bool {
        guard let date = typed.flatMap(CalendarDate.init(typed:)) else { return false }
        return try await flow.store.profile(ofAccount: account.id)?.children.contains { $0.pupil.birthDate == date } ?? false
    }

    /// Keeps the address unvalidated and mails a link valid 24 hours.
    func sendValidation(to email: String, account: Account, logger: Logger) async throws {
        try await flow.store.setEmail(email, validated: false, forAccount: account.id)
        let (token, handle) = VerificationSecrets.newLinkToken()
        try await flow.store.saveVerification(Verification(
            handle: handle, purpose: .emailAddress, accountID: account.id, secretHash: "", maxAttempts: 1,
            expiresAt: Date() + Verification.addressLinkLifetime, payload: SelfServiceStep(stage: .code, email: email).encoded()))
        let link = URL(string: flow.publicURL + "/courriel/valider?t=" + token)!
        try await flow.deliveries.email(flow.deliveries.templates.emailValidationLinkEmail(displayName: "\(account.firstName) \(account.familyName)", link: link),
                                        to: email, name: "\(account.firstName) \(account.familyName)", logger: logger)
        try await flow.store.record(AuditEvent(kind: .emailChanged, actor: account.identifier, subject: account.identifier, detail: "validation sent"))
    }

    func validateEmail(_ request: Request, context: SesameContext) async throws -> Response {
        let token = request.uri.queryParameters["t"].map(String.init) ?? ""
        let handle = VerificationSecrets.linkHandle(token)
        guard token.utf8.count <= 64, let verification = try await flow.store.verification(handle: handle, purpose: .emailAddress, now: Date()),
              let email = SelfServiceStep.decode(verification.payload)?.email, let id = verification.accountID,
              let account = try await flow.store.account(id: id), account.email == email,
              try await flow.store.consumeVerification(handle: handle) else {
            return flow.message("Lien expiré", ["Ce lien de confirmation n'est plus valable : il dure 24 heures et ne sert qu'une fois.",
                                               "Vous pouvez indiquer à nouveau votre adresse depuis la page « Mon compte »."],
                                links: [("Mon compte", "/compte")], status: .badRequest)
        }
        try await flow.store.setEmail(email, validated: true, forAccount: id)
        try await flow.store.record(AuditEvent(kind: .emailChanged, actor: account.identifier, subject: account.identifier, ip: context.clientAddress, detail: "validated"))
        return flow.message("Adresse confirmée", ["Votre adresse électronique \(email) est confirmée. Elle vous permettra de retrouver votre mot de passe."],
                            links: [("Mon compte", "/compte")])
    }
}
