import Accounts
import CAS
import Foundation
import Hummingbird
import Primitives

/// Guardian self-registration ("Je n'ai pas de compte" → "Activer mon
/// compte"): names and mobile → SMS code → children's birth dates →
/// identifier shown → password → logged in. Nothing on the way says
/// whether the person was found.
struct RegistrationRoutes: Sendable {
    let flow: SelfService
    /// Ends a first FranceConnect login instead of the password step; nil without FranceConnect.
    let franceConnect: FranceConnectRoutes?
    static let restart = "/inscription"

    func register(on router: Router<SesameContext>) {
        router.get("/activer") { request, _ in
            var values = JourneyMarks.values(next: next(request))
            values.merge(["nextQuery": LocalPath.keeping(next(request), on: ""), "franceConnect": franceConnect != nil]) { $1 }
            return flow.render("activate", title: "Activer mon compte", values, request: request)
        }
        router.get("/inscription") { request, _ in form(request, values: ["next": next(request) ?? ""], error: nil) }
        router.post("/inscription") { request, context in try await start(request, context: context) }
        router.get("/inscription/code") { request, _ in try await codePage(request, handle: request.uri.queryParameters["r"].map(String.init), error: nil) }
        router.post("/inscription/code") { request, context in try await checkCode(request, context: context) }
        router.post("/inscription/code/renvoyer") { request, context in
            try await flow.resendCode(request, context: context, purpose: .registration, codePath: "/inscription/code", restart: Self.restart,
                                      text: { flow.deliveries.templates.confirmationCodeSMS(code: $0) })
        }
        router.get("/inscription/enfants") { request, _ in try await childrenPage(request, handle: request.uri.queryParameters["r"].map(String.init), error: nil) }
        router.post("/inscription/enfants") { request, context in try await answerChildren(request, context: context) }
        router.get("/inscription/mot-de-passe") { request, _ in try await flow.passwordPage(Self.passwordStep, request, handle: request.uri.queryParameters["r"].map(String.init), errors: []) }
        router.post("/inscription/mot-de-passe") { request, context in try await flow.submitPassword(Self.passwordStep, request, context: context) }
    }

    func next(_ request: Request) -> String? { LocalPath.validated(request.uri.queryParameters["next"].map(String.init)) }

    func form(_ request: Request, values: [String: String], error: String?, status: HTTPResponse.Status = .ok) -> Response {
        var all = JourneyMarks.values(.registration, step: 1, next: values["next"])
        all.merge(values) { $1 }
        if let error { all["error"] = error }
        return flow.render("register", title: "Activer mon compte", all, request: request, status: status)
    }

    // MARK: 1. names and mobile

    func start(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        let family = (form["nom"] ?? "").trimmingCharacters(in: .whitespaces)
        let first = (form["prenom"] ?? "").trimmingCharacters(in: .whitespaces)
        let typedMobile = form["mobile"] ?? ""
        let values = ["nom": family, "prenom": first, "mobile": typedMobile, "next": LocalPath.validated(form["next"]) ?? ""]
        guard family.count <= 100, first.count <= 100, typedMobile.count <= 32 else { throw PageError.fieldTooLong }
        guard !family.isEmpty, !first.isEmpty else {
            return self.form(request, values: values, error: "Saisissez votre nom et votre prénom.", status: .badRequest)
        }
        guard let mobile = MobileNumber(typedMobile) else {
            return self.form(request, values: values, error: "Numéro de téléphone portable non reconnu. Saisissez un numéro qui commence par 06 ou 07, par exemple 06 12 34 56 78.", status: .badRequest)
        }
        try await flow.deliveries.allow(recipient: "sms:" + mobile.key, ip: context.clientAddress)
        let account = try await match(family: family, first: first, mobile: mobile)
        if account == nil { try await flow.reportUnmatched(family: family, firstNames: [first], mobile: mobile, ip: context.clientAddress) }
        let step = SelfServiceStep(stage: .code, next: LocalPath.validated(form["next"]), mobile: mobile.key)
        let handle = try await flow.startCode(purpose: .registration, accountID: account?.id, to: mobile, step: step,
                                              text: { flow.deliveries.templates.confirmationCodeSMS(code: $0) }, logger: context.logger)
        return SelfService.seeOther("/inscription/code?r=" + handle)
    }

    func match(family: String, first: String, mobile: MobileNumber) async throws -> Account? {
        try await flow.guardianAccount(family: family, firstNames: [first], mobile: mobile)
    }

    // MARK: 2. code

    func codePage(_ request: Request, handle: String?, error: String?, status: HTTPResponse.Status = .ok) async throws -> Response {
        try await flow.codePage(request, handle: handle, purpose: .registration, action: "/inscription/code", restart: Self.restart,
                                error: error, status: status)
    }

    func checkCode(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        let handle = form["r"] ?? ""
        let outcome = try await flow.check(code: form["code"] ?? "", handle: handle, purpose: .registration, then: .children, ip: context.clientAddress)
        switch outcome {
        case .expired: throw Self.expired
        case .wrong, .malformed:
            return try await codePage(request, handle: handle, error: outcome.pageError, status: .badRequest)
        case .accepted(let verification, let step):
            guard let id = verification.accountID, let account = try await flow.store.account(id: id) else { throw Self.expired }
            if account.state == .active && step.franceConnect == nil {
                _ = try await flow.store.consumeVerification(handle: handle)
                return flow.message("Compte déjà activé", [
                    "Votre compte est déjà activé. Votre identifiant est \(account.identifier).",
                    "Si vous avez oublié votre mot de passe, demandez-en un nouveau par SMS.",
                ], links: [("Me connecter", LocalPath.keeping(step.next, on: "/login")),
                           ("Mot de passe perdu", "/mot-de-passe-perdu")])
            }
            return SelfService.seeOther("/inscription/enfants?r=" + handle)
        }
    }

    // MARK: 3. children

    func children(of account: Account) async throws -> [AccountProfile.Child] {
        try await flow.store.profile(ofAccount: account.id)?.children ?? []
    }

    /// `kept`: what was typed and stays (an error never erases the other answers).
    func childrenPage(_ request: Request, handle: String?, error: String?, status: HTTPResponse.Status = .ok,
                      kept: [String: String] = [:]) async throws -> Response {
        let (_, step, account) = try await flow.pending(handle, purpose: .registration, stage: .children, restart: Self.restart)
        let list = try await children(of: account).map { child -> [String: Any] in
            let id = String(child.pupil.id)
            return ["id": id, "firstName": child.pupil.firstName, "familyName": child.pupil.familyName, "ofFirstName": FrenchText.of(child.pupil.firstName),
                    "school": child.establishment.name, "date": String((kept["naissance-" + id] ?? "").prefix(24)),
                    "notLegal": kept["legal-" + id] == "non"]
        }
        var values = JourneyMarks.values(step.franceConnect == nil ? .registration : .franceConnectFirst, step: 3, next: step.next)
        values.merge(["handle": handle ?? "", "children": list]) { $1 }
        if let error { values["error"] = error }
        return flow.render("children", title: "Vos enfants", values, request: request, status: status)
    }

    func answerChildren(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        let handle = form["r"] ?? ""
        let (_, _, account) = try await flow.pending(handle, purpose: .registration, stage: .children, restart: Self.restart)
        let children = try await children(of: account)
        var kept: [String: String] = [:]
        for child in children {
            for field in ["legal-", "naissance-"] { kept[field + String(child.pupil.id)] = form[field + String(child.pupil.id)] }
        }
        // Read before any try is counted: an unreadable date is not a guess.
        for child in children where form["legal-" + String(child.pupil.id)] == "oui" {
            let typed = (form["naissance-" + String(child.pupil.id)] ?? "").trimmingCharacters(in: .whitespaces)
            guard CalendarDate(typed: typed) != nil else {
                let error = typed.isEmpty ? "Saisissez la date de naissance \(FrenchText.of(child.pupil.firstName))." : CalendarDate.unreadable(child.pupil.firstName)
                return try await childrenPage(request, handle: handle, error: error, status: .badRequest, kept: kept)
            }
        }
        // Reserved before the dates are compared: answers sent at once all count.
        let budget = [ThrottleBudget.answers(accountID: account.id)]
        if let wait = try await flow.store.reserveAttempt(budget) {
            return try await childrenPage(request, handle: handle, error: LoginService.Refusal.throttled(retryAfter: wait).userMessage,
                                          status: .tooManyRequests, kept: kept)
        }
        var confirmed = 0, disputed: [AccountProfile.Child] = []
        for child in children {
            let id = String(child.pupil.id)
            switch form["legal-" + id] {
            case "non": disputed.append(child)
            case "oui":
                guard let typed = form["naissance-" + id].flatMap(CalendarDate.init(typed:)), typed == child.pupil.birthDate else {
                    // Only the wrong date is taken away; the other answers stay.
                    kept["naissance-" + id] = nil
                    return try await childrenPage(request, handle: handle, error: "La date de naissance \(FrenchText.of(child.pupil.firstName)) ne correspond pas à celle connue de l'établissement. Vérifiez-la.",
                                                  status: .badRequest, kept: kept)
                }
                confirmed += 1
            default:
                return try await childrenPage(request, handle: handle, error: "Répondez pour chacun des élèves de la liste.", status: .badRequest, kept: kept)
            }
        }
        for child in disputed { try await dispute(child, account: account, ip: context.clientAddress) }
        try await flow.store.forgive(budget)
        guard confirmed > 0 else {
            _ = try await flow.store.consumeVerification(handle: handle)
            return flow.message("Activation impossible", [
                "Vous avez indiqué n'être représentant(e) légal(e) d'aucun des élèves rattachés à ce numéro.",
                "Une demande d'assistance a été transmise à l'établissement, qui vérifiera votre rattachement. Contactez-le si besoin.",
            ], links: [("Retour à l'accueil", "/")])
        }
        var step = SelfServiceStep.decode(try await flow.pending(handle, purpose: .registration, stage: .children, restart: Self.restart).0.payload)
        if let first = step?.franceConnect, let franceConnect {
            // A new login in this browser: the session it had ends.
            try await flow.sessions.endPrevious(request)
            return try await franceConnect.link(first, to: account, handle: handle, next: step?.next, ip: context.clientAddress)
        }
        step?.stage = .password
        if let step { try await flow.store.updateVerificationPayload(handle: handle, payload: step.encoded()) }
        return SelfService.seeOther("/inscription/mot-de-passe?r=" + handle)
    }

    /// "Non" to "Je suis le représentant légal de cet élève": the link is
    /// suspended and the school gets an assistance ticket.
    func dispute(_ child: AccountProfile.Child, account: Account, ip: String) async throws {
        let records = try await flow.store.guardians(ofAccount: account.id)
        for record in records { try await flow.store.suspendLink(guardianID: record.id, pupilID: child.pupil.id) }
        _ = try await flow.store.openTicket(AssistanceTicket(
            openedAt: Date(), kind: .notLegalGuardian, accountID: account.id, pupilID: child.pupil.id, uai: child.establishment.uai.value,
            detail: "\(account.firstName) \(account.familyName) dit ne pas être représentant légal de \(child.pupil.firstName) \(child.pupil.familyName)"))
        try await flow.store.record(AuditEvent(kind: .linkDisputed, actor: account.identifier, subject: String(child.pupil.id), ip: ip))
    }

    // MARK: 4. identifier and password

    static let passwordStep = PasswordStep(purpose: .registration, action: "/inscription/mot-de-passe", title: "Choix du mot de passe",
                                           heading: "Choisissez votre mot de passe", button: "Activer mon compte", restart: restart,
                                           journey: .registration)

    static let expired = SelfService.codeExpired(restart: restart)
}
