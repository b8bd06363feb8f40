import Accounts
import Foundation
import Hummingbird
import Primitives

/// A guardian brings under one account the children the directory lists
/// under another record of theirs: by a child's first name and birth date
/// (the record must carry the account holder's names), or by proving the
/// other account with its identifier and password. An account left with no
/// record is disabled.
struct GroupingRoutes: Sendable {
    let flow: SelfService

    func register(on router: Router<SesameContext>) {
        router.get("/compte/enfants") { request, _ in try await signedIn(request) { page(request, $0, error: nil) } }
        router.post("/compte/enfants") { request, context in try await addChild(request, context: context) }
        router.post("/compte/regrouper") { request, context in try await group(request, context: context) }
    }

    func signedIn(_ request: Request, _ body: (BrowserSession.Current) async throws -> Response) async throws -> Response {
        try await flow.signedIn(request) { current in
            guard current.account.role == .guardian else { throw PageError.notFound }
            return try await body(current)
        }
    }

    func page(_ request: Request, _ current: BrowserSession.Current, error: String?, status: HTTPResponse.Status = .ok) -> Response {
        var values: [String: Any] = [:]
        if let error { values["error"] = error }
        return flow.render("profile-children", title: "Ajouter un enfant", values, request: request, status: status)
    }

    func addChild(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        return try await signedIn(request) { current in
            let account = current.account
            let firstName = IdentifierFormat.fold(String((form["prenom"] ?? "").prefix(100)))
            let typedDate = (form["naissance"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !firstName.isEmpty, !typedDate.isEmpty else {
                return page(request, current, error: "Saisissez le prénom de l'enfant et sa date de naissance.", status: .badRequest)
            }
            // Read before the try is counted: an unreadable date is not a guess.
            guard let born = CalendarDate(typed: typedDate) else {
                return page(request, current, error: CalendarDate.unreadable(), status: .badRequest)
            }
            // Reserved before the directory is searched: guesses sent at once all count.
            let budget = [ThrottleBudget("add-child:\(account.id)", .answers)]
            if let wait = try await flow.store.reserveAttempt(budget) {
                return page(request, current, error: LoginService.Refusal.throttled(retryAfter: wait).userMessage, status: .tooManyRequests)
            }
            let names = (IdentifierFormat.fold(account.familyName), IdentifierFormat.fold(account.firstName))
            let matches = try await flow.store.guardianLinks(childBornOn: born).filter { link in
                IdentifierFormat.fold(link.pupil.firstName) == firstName && link.guardian.accountID != account.id
                    && (IdentifierFormat.fold(link.guardian.familyName), IdentifierFormat.fold(link.guardian.firstName)) == names
            }
            guard !matches.isEmpty else {
                return page(request, current, error: "Aucun élève ne correspond parmi ceux dont vous êtes représentant(e) légal(e) avec ces nom et prénom. Vérifiez votre saisie ou contactez l'établissement.", status: .badRequest)
            }
            var movable: [Guardian] = [], undecided: [(guardian: Guardian, pupil: Pupil)] = []
            for match in matches {
                if try await handsOver(match.guardian, to: account) { movable.append(match.guardian) } else { undecided.append(match) }
            }
            if !movable.isEmpty {
                try await flow.store.forgive(budget)
                try await move(movable, to: account, ip: context.clientAddress)
            }
            guard undecided.isEmpty else { return try await requestLinks(undecided, for: account, ip: context.clientAddress) }
            return SelfService.seeOther("/compte?modifie=enfants")
        }
    }

    /// Names, a child's first name and birth date are known to homonyms
    /// and classmates' families: a record moves on its own only when nobody
    /// ever activated its account and it carries a contact this account
    /// has proven (its mobile, or its confirmed e-mail address).
    func handsOver(_ record: Guardian, to account: Account) async throws -> Bool {
        if let id = record.accountID {
            guard let holder = try await flow.store.account(id: id) else { return false }
            guard holder.state == .created || holder.state == .notified, holder.lastLoginAt == nil else { return false }
        }
        let sameMobile = record.mobile.flatMap(MobileNumber.init).map { own in
            account.mobile.flatMap(MobileNumber.init)?.key == own.key
        } ?? false
        let sameEmail = account.emailValidated && record.email.map { email in
            account.email.map { $0.caseInsensitiveCompare(email) == .orderedSame } ?? false
        } ?? false
        return sameMobile || sameEmail
    }

    /// Where the rules cannot decide, the school does: one ticket per child,
    /// nothing moved.
    func requestLinks(_ matches: [(guardian: Guardian, pupil: Pupil)], for account: Account, ip: String) async throws -> Response {
        let open = try await flow.store.tickets(openOnly: true)
        for match in matches where !open.contains(where: { $0.kind == .linkRequest && $0.accountID == account.id && $0.pupilID == match.pupil.id }) {
            _ = try await flow.store.openTicket(AssistanceTicket(
                openedAt: Date(), kind: .linkRequest, accountID: account.id, pupilID: match.pupil.id, uai: match.guardian.uai.value,
                detail: "\(account.firstName) \(account.familyName) (\(account.identifier)) demande le rattachement de \(match.pupil.firstName) \(match.pupil.familyName). "
                    + "Si c'est bien son représentant légal, remettez-lui le courrier de son compte dans l'établissement : il pourra ensuite regrouper ses comptes."))
            try await flow.store.record(AuditEvent(kind: .linkRequested, actor: account.identifier, subject: String(match.pupil.id), ip: ip))
        }
        return flow.message("Demande transmise à l'établissement", [
            "Nous n'avons pas pu vérifier seuls que cet élève est bien rattaché à vous : votre demande a été transmise à son établissement.",
            "L'établissement vous remettra les identifiants de votre compte chez lui ; vous pourrez ensuite regrouper vos comptes depuis cette page.",
        ], links: [("Mon compte", "/compte")])
    }

    func group(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await flow.csrf.checkedForm(request, context: context, audit: flow.store)
        return try await signedIn(request) { current in
            let typed = String((form["identifier"] ?? "").prefix(64))
            switch try await flow.login.authenticate(identifier: typed, password: form["password"] ?? "", ip: context.clientAddress) {
            case .success(let other) where other.role == .guardian && other.id != current.account.id:
                try await move(try await flow.store.guardians(ofAccount: other.id), to: current.account, ip: context.clientAddress)
                return SelfService.seeOther("/compte?modifie=enfants")
            case .success:
                return page(request, current, error: "Ce compte ne peut pas être regroupé avec le vôtre.", status: .badRequest)
            case .failure(let refusal):
                return page(request, current, error: refusal.userMessage, status: .badRequest)
            }
        }
    }

    /// Only ever called with records whose holder is this person (proven by
    /// password) or nobody yet (`handsOver`), so the account left empty is
    /// never someone else's.
    func move(_ records: [Guardian], to account: Account, ip: String) async throws {
        let previous = Set(records.compactMap(\.accountID))
        for record in records { try await flow.store.attachGuardian(record.id, toAccount: account.id) }
        for id in previous where try await flow.store.guardians(ofAccount: id).isEmpty {
            try await flow.store.setState(.disabled, forAccount: id)
            let old = try await flow.store.account(id: id)
            try await flow.store.record(AuditEvent(kind: .accountDisabled, actor: account.identifier, subject: old?.identifier ?? String(id), ip: ip,
                                                   detail: "grouped into \(account.identifier)"))
        }
        try await flow.store.record(AuditEvent(kind: .accountsGrouped, actor: account.identifier, subject: account.identifier, ip: ip,
                                               detail: "\(records.count) record(s)"))
    }
}
