import Accounts
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Primitives

/// What the self-service flows share: pages with CSRF, SMS codes kept as
/// verifications, and the last step that sets a password and logs in.
struct SelfService: Sendable {
    let pages: Pages
    let csrf: CSRF
    /// What the people's journeys use: accounts and profiles, sessions, codes and links, throttles, parked FranceConnect state, the audit.
    typealias Store = AccountStore & DirectoryStore & SessionStore & AuditTrail & ThrottleStore & VerificationStore & SelfServiceStore & FlowStateStore
    let store: any Store
    let sessions: BrowserSession
    let login: LoginService
    let secrets: VerificationSecrets
    let deliveries: Deliveries
    let publicURL: String

    var hasher: PasswordHasher { login.hasher }

    /// A page with forms: the CSRF field is added and its cookie set if new.
    func render(_ template: String, title: String, _ values: [String: Any], request: Request,
                status: HTTPResponse.Status = .ok) -> Response {
        csrf.render(pages, template, title: title, values, request: request, status: status)
    }

    /// A page of plain text with a few links.
    func message(_ title: String, _ paragraphs: [String], links: [(String, String)] = [("Retour à la connexion", "/login")],
                 status: HTTPResponse.Status = .ok) -> Response {
        pages.render("message", title: title, ["paragraphs": paragraphs, "links": links.map { ["label": $0.0, "href": $0.1] }], status: status)
    }

    /// The one account whose guardian records carry this mobile, this family
    /// name and one of these first names (compared without case or accents);
    /// nil if none or several.
    func guardianAccount(family: String, firstNames: [String], mobile: MobileNumber) async throws -> Account? {
        let ids = Set(Self.named(family: family, firstNames: firstNames, in: try await store.guardians(mobile: mobile)).compactMap(\.accountID))
        guard ids.count == 1, let id = ids.first else { return nil }
        return try await store.account(id: id)
    }

    /// The records with this family name and one of these first names.
    static func named(family: String, firstNames: [String], in records: some Sequence<Guardian>) -> [Guardian] {
        let folded = IdentifierFormat.fold(family), firsts = Set(firstNames.map(IdentifierFormat.fold))
        return records.filter { IdentifierFormat.fold($0.familyName) == folded && firsts.contains(IdentifierFormat.fold($0.firstName)) }
    }

    /// The account's identifier by e-mail, to an address that is its own.
    func emailIdentifier(of account: Account, to address: String, logger: Logger) async throws {
        let name = "\(account.firstName) \(account.familyName)"
        try await deliveries.email(deliveries.templates.lostIdentifierEmail(displayName: name, identifier: account.identifier,
                                                                           loginURL: URL(string: publicURL + "/login")!),
                                   to: address, name: name, logger: logger)
    }

    /// The mobile a guardian can be texted at: their own, else one the school gave.
    func reachableMobile(of account: Account) async throws -> MobileNumber? {
        if let own = account.mobile.flatMap(MobileNumber.init) { return own }
        return try await store.guardians(ofAccount: account.id).lazy.compactMap { $0.mobile.flatMap(MobileNumber.init) }.first
    }

    /// An activation whose names and mobile matched no one account. When the
    /// number is on a school's records, under other names or under several
    /// accounts, that school hears of it once per record, so it can correct
    /// SIECLE (the pilot's first lesson); the person sees the same page as
    /// anyone, so nothing tells them whether the number is known.
    func reportUnmatched(family: String, firstNames: [String], mobile: MobileNumber, ip: String) async throws {
        let records = try await store.guardians(mobile: mobile).prefix(8)
        guard !records.isEmpty else { return }
        let sameNames = Self.named(family: family, firstNames: firstNames, in: records)
        let open = try await store.tickets(openOnly: true).filter { $0.kind == .unmatchedActivation }
        let typed = "« \(family) \(firstNames.first ?? "") » avec le \(mobile.masked)"
        for record in sameNames.isEmpty ? Array(records) : sameNames
        where !open.contains(where: { $0.uai == record.uai.value && $0.accountID == record.accountID }) {
            let why = sameNames.isEmpty
                ? "ce numéro est enregistré pour « \(record.familyName) \(record.firstName) ». Si c'est la même personne, corrigez l'orthographe du nom ou du prénom dans SIECLE, puis réimportez."
                : "plusieurs comptes portent ces nom et prénom avec ce numéro. Corrigez les fiches en double dans SIECLE, ou remettez le courrier de son compte au parent."
            _ = try await store.openTicket(AssistanceTicket(openedAt: Date(), kind: .unmatchedActivation, accountID: record.accountID, pupilID: nil,
                                                            uai: record.uai.value, detail: "Activation par SMS impossible pour \(typed) : " + why))
        }
        try await store.record(AuditEvent(kind: .activationUnmatched, subject: mobile.masked, ip: ip, detail: sameNames.isEmpty ? "names" : "several"))
    }

    /// The account holder's session, or the login page that comes back here.
    func signedIn(_ request: Request, _ body: (BrowserSession.Current) async throws -> Response) async throws -> Response {
        guard let current = try await sessions.current(request) else {
            return .redirect(to: "/login?next=" + (request.uri.path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "%2Fcompte"), type: .normal)
        }
        return try await body(current)
    }

    static func seeOther(_ location: String) -> Response {
        var response = Response.redirect(to: location, type: .normal)
        response.status = .seeOther
        return response
    }

    // MARK: codes

    /// Records a code for `accountID` (nil when nobody matched: the person
    /// sees the same page and no code can ever be right) and sends it.
    func startCode(purpose: Verification.Purpose, accountID: Int64?, to mobile: MobileNumber?, step: SelfServiceStep,
                   text: (String) -> String, logger: Logger) async throws -> String {
        let handle = SecureRandom.token(bytes: 24), code = VerificationSecrets.newCode()
        try await store.saveVerification(Verification(
            handle: handle, purpose: purpose, accountID: accountID, secretHash: secrets.hash(code, handle: handle),
            maxAttempts: Verification.codeTries, expiresAt: Date() + Verification.codeLifetime, payload: step.encoded()))
        if accountID != nil, let mobile {
            try await deliveries.sms(text(code), to: mobile, logger: logger)
            try await store.record(AuditEvent(kind: .codeSent, subject: String(accountID ?? 0), detail: purpose.rawValue))
        }
        return handle
    }

    /// "Renvoyer le code": a new code to the same number under a new handle,
    /// the old one ended; rationed like the first (per number and address),
    /// and for an identifier nobody has, as silent as the first.
    func resendCode(_ request: Request, context: SesameContext, purpose: Verification.Purpose, codePath: String, restart: String,
                    text: (String) -> String) async throws -> Response {
        let form = try await csrf.checkedForm(request, context: context, audit: store)
        guard let handle = form["r"], handle.utf8.count <= 64,
              let verification = try await store.verification(handle: handle, purpose: purpose, now: Date()),
              let step = SelfServiceStep.decode(verification.payload), step.stage == .code else { throw Self.codeExpired(restart: restart) }
        let mobile = step.mobile.flatMap { MobileNumber("0" + $0) }
        if let mobile { try await deliveries.allow(recipient: "sms:" + mobile.key, ip: context.clientAddress) }
        guard try await store.consumeVerification(handle: handle) else { throw Self.codeExpired(restart: restart) }
        let fresh = try await startCode(purpose: purpose, accountID: verification.accountID, to: mobile, step: step, text: text, logger: context.logger)
        return Self.seeOther(codePath + "?r=" + fresh + "&renvoye=1")
    }

    /// The page where the SMS code is typed (after a restart link if none came).
    func codePage(_ request: Request, handle: String?, purpose: Verification.Purpose, action: String, restart: String,
                  heading: String = "Saisissez le code reçu", error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        guard let handle, handle.utf8.count <= 64,
              let verification = try await store.verification(handle: handle, purpose: purpose, now: Date()),
              let step = SelfServiceStep.decode(verification.payload) else { throw Self.codeExpired(restart: restart) }
        // "Recommencer" keeps the service the person was going to.
        let restartKeeping = LocalPath.keeping(step.next, on: restart)
        var values: [String: Any] = ["heading": heading, "handle": handle, "action": action, "restart": restartKeeping,
                                     "resendAction": action + "/renvoyer", "resent": request.uri.queryParameters["renvoye"] != nil,
                                     "masked": step.mobile.flatMap { MobileNumber("0" + $0)?.masked } ?? "numéro indiqué",
                                     // Recovery starts from an identifier: showing the number, or
                                     // not, would tell who has an account and of which kind.
                                     "hideNumber": purpose == .recovery]
        values.merge(Self.codeMarks(purpose: purpose, step: step)) { $1 }
        if let error { values["error"] = error }
        return render("code", title: "Code de confirmation", values, request: request, status: status)
    }

    /// The code page is the second page of every journey that sends one.
    static func codeMarks(purpose: Verification.Purpose, step: SelfServiceStep) -> [String: Any] {
        switch purpose {
        case .recovery: JourneyMarks.values(.recovery, step: 2, next: step.next)
        case .registration: JourneyMarks.values(step.franceConnect == nil ? .registration : .franceConnectFirst, step: 2, next: step.next)
        default: JourneyMarks.values(step: 2, of: 2, next: nil, home: .account)
        }
    }

    static func wrongCode(_ triesLeft: Int) -> String {
        "Code incorrect. Il vous reste \(FrenchText.count(triesLeft, "essai"))."
    }

    static func codeExpired(restart: String) -> PageError {
        PageError(.badRequest, title: "Code expiré",
                  message: "Ce code n'est plus valable : il dure 30 minutes et accepte 5 essais. Recommencez pour en recevoir un nouveau.",
                  log: "self-service: code expired or used up", backURL: restart, backLabel: "Recommencer")
    }

    enum CodeCheck {
        case accepted(Verification, SelfServiceStep), wrong(triesLeft: Int), expired
        /// Not six digits: said so, and no try counted.
        case malformed

        /// The error the code page shows again, nil when there is none to show.
        var pageError: String? {
            switch self {
            case .wrong(let left): SelfService.wrongCode(left)
            case .malformed: "Le code comporte 6 chiffres. Saisissez les 6 chiffres reçus par SMS."
            case .accepted, .expired: nil
            }
        }
    }

    /// Counts one try; a right code moves the flow to `next`.
    func check(code typed: String, handle: String, purpose: Verification.Purpose, then next: SelfServiceStep.Stage,
               ip: String) async throws -> CodeCheck {
        guard handle.utf8.count <= 64, typed.utf8.count <= 32 else { return .expired }
        // Checked before the try is counted: a slip of the keyboard is not a guess.
        guard let code = VerificationSecrets.typedCode(typed) else { return .malformed }
        guard let verification = try await store.attemptVerification(handle: handle, purpose: purpose, now: Date()),
              var step = SelfServiceStep.decode(verification.payload), step.stage == .code else { return .expired }
        guard verification.accountID != nil, secrets.matches(code, verification) else {
            try await store.record(AuditEvent(kind: .codeRefused, subject: String(verification.accountID ?? 0), ip: ip, detail: purpose.rawValue))
            let left = verification.maxAttempts - verification.attempts
            return left > 0 ? .wrong(triesLeft: left) : .expired
        }
        step.stage = next
        try await store.updateVerificationPayload(handle: handle, payload: step.encoded())
        return .accepted(verification, step)
    }

    /// The live verification at `stage`, or the "start again" page.
    func pending(_ handle: String?, purpose: Verification.Purpose, stage: SelfServiceStep.Stage,
                 restart: String) async throws -> (Verification, SelfServiceStep, Account) {
        guard let handle, handle.utf8.count <= 64,
              let verification = try await store.verification(handle: handle, purpose: purpose, now: Date()),
              let step = SelfServiceStep.decode(verification.payload), step.stage == stage,
              let id = verification.accountID, let account = try await store.account(id: id), account.state != .disabled else {
            throw PageError(.badRequest, title: "Démarche expirée",
                            message: "Cette étape n'est plus valable (elle dure 30 minutes et ne sert qu'une fois). Recommencez depuis le début.",
                            log: "self-service: no pending \(purpose.rawValue) at \(stage.rawValue)", backURL: restart, backLabel: "Recommencer")
        }
        return (verification, step, account)
    }

    // MARK: the last step

    /// The password page of `step`, with the identifier to note.
    func passwordPage(_ step: PasswordStep, _ request: Request, handle: String?, errors: [String], extra: [String: Any] = [:],
                      status: HTTPResponse.Status = .ok) async throws -> Response {
        let (_, flowStep, account) = try await pending(handle, purpose: step.purpose, stage: .password, restart: step.restart)
        var values = PasswordForm.values
        values.merge(JourneyMarks.values(step.journey, step: step.journey.total, next: flowStep.next)) { $1 }
        values.merge(["heading": step.heading, "identifier": account.identifier, "handle": handle ?? "", "action": step.action,
                      "button": step.button, "errors": errors, "hasErrors": !errors.isEmpty]) { $1 }
        values.merge(extra) { $1 }
        return render("password", title: step.title, values, request: request, status: status)
    }

    /// The password page posted: done, or shown again with what is wrong.
    func submitPassword(_ step: PasswordStep, _ request: Request, context: SesameContext) async throws -> Response {
        let form = try await csrf.checkedForm(request, context: context, audit: store)
        let handle = form["r"] ?? ""
        let (_, flowStep, account) = try await pending(handle, purpose: step.purpose, stage: .password, restart: step.restart)
        switch try await finish(account, handle: handle, form: form, next: flowStep.next, ip: context.clientAddress, request: request) {
        case .done(let response): return response
        case .refused(let problems): return try await passwordPage(step, request, handle: handle, errors: problems, status: .badRequest)
        }
    }

    enum Finish { case done(Response), refused([String]) }

    /// Sets the chosen password (the account becomes active), ends the flow,
    /// opens a session and continues to `next`; or says what is wrong.
    /// `extra` runs once the password is accepted (an e-mail to confirm…).
    func finish(_ account: Account, handle: String, form: [String: String], next: String?, ip: String, request: Request? = nil,
                extraProblems: [String] = [], extra: (() async throws -> Void)? = nil) async throws -> Finish {
        let password = form["password"] ?? ""
        let problems = extraProblems + PasswordForm.problems(password: password, confirmation: form["confirmation"], account: account)
        guard problems.isEmpty else { return .refused(problems) }
        guard try await store.consumeVerification(handle: handle) else { throw PageError.expiredForm }
        try await store.setPasswordHash(try await hasher.hashGated(password, for: account.identifier), provisionalUntil: nil, state: .active, forAccount: account.id)
        // A new password: the failures of the old one no longer count.
        try await store.clearThrottle(key: ThrottleKey.identifier(account.identifier))
        try await store.clearThrottle(key: ThrottleKey.identifier(account.identifier, from: ip))
        try await extra?()
        // Each outcome its own words: an active account got a new password, another one was activated.
        let wasActive = account.state == .active
        try await store.record(AuditEvent(kind: wasActive ? .passwordChanged : .accountActivated, actor: account.identifier,
                                          subject: account.identifier, ip: ip))
        try await sessions.endPrevious(request)
        let success = try await login.openSession(for: account, method: "password", ip: ip)
        var response = Self.seeOther(LocalPath.validated(next) ?? (wasActive ? "/compte?modifie=mot-de-passe" : "/compte?bienvenue=1"))
        response.setCookie(sessions.cookie(for: success.token, expires: success.session.expiresAt))
        return .done(response)
    }
}
