import Accounts
import Foundation
import Hummingbird
import Messaging

/// The console's acting side: notify (a letter with the identifier and a
/// provisional password valid 3 months, or the same by e-mail), reset,
/// disable, enable, for one person, a selection or a class.
struct ConsoleActions: Sendable {
    let console: Console

    func register(on router: Router<SesameContext>) {
        router.post("/admin/etablissement/:uai/actions") { request, context in
            let form = try await console.csrf.checkedForm(request, context: context, audit: console.store, limit: 256 * 1024)
            return try await console.signedIn(request) { scope in
                try await act(form, request: request, scope: scope, uai: context.parameters.get("uai"), ip: context.clientAddress, context: context)
            }
        }
    }

    enum Action: String { case letters = "notifier", email = "notifier-courriel", disable = "desactiver", enable = "reactiver" }

    func act(_ form: [String: String], request: Request, scope: StaffScope, uai: String?, ip: String, context: SesameContext) async throws -> Response {
        let roster = try await console.roster(uai, for: scope)
        guard let action = form["action"].flatMap(Action.init) else {
            throw PageError(.badRequest, title: "Action inconnue", message: "Choisissez une action dans la liste.", log: "console: no action",
                            backURL: "/admin/etablissement/" + roster.establishment.uai.value, backLabel: "Retour")
        }
        // Only people of this establishment now, whose account is theirs
        // alone, and only those the role may touch; the rest is read-only.
        let everyone = (roster.pupils + roster.guardians).filter(scope.mayActOn)
        var chosen = Set(form.compactMap { $0.key.hasPrefix("compte-") && $0.value == "1" ? Int64($0.key.dropFirst(7)) : nil })
        // "Toute la classe": every account of that class the role may touch.
        if let division = form["classe-entiere"], !division.isEmpty {
            chosen.formUnion(everyone.filter { $0.division == division }.compactMap { $0.account?.id })
        }
        let people = everyone.filter { $0.account.map { chosen.contains($0.id) } ?? false }
        guard people.count == chosen.count, !people.isEmpty else {
            if chosen.isEmpty {
                throw PageError(.badRequest, title: "Aucun compte choisi", message: "Cochez au moins un compte, ou choisissez une classe entière.",
                                log: "console: empty selection", backURL: "/admin/etablissement/" + roster.establishment.uai.value, backLabel: "Retour")
            }
            throw Console.forbidden
        }
        let accounts = people.compactMap(\.account)
        switch action {
        case .disable, .enable:
            for account in accounts {
                let state: AccountState = action == .disable ? .disabled
                    : account.passwordHash == nil ? .created : account.provisionalUntil != nil ? .notified : .active
                try await console.store.setState(state, forAccount: account.id)
                try await console.store.record(AuditEvent(kind: action == .disable ? .accountDisabled : .accountEnabled, actor: scope.member.login,
                                                          subject: account.identifier, ip: ip))
            }
            var response = Response.redirect(to: "/admin/etablissement/" + roster.establishment.uai.value, type: .normal)
            response.status = .seeOther
            return response
        case .letters, .email:
            let resetActive = form["reinitialiser"] == "1"
            let activeGuardians = accounts.filter { $0.role == .guardian && $0.state == .active }
            if resetActive, !activeGuardians.isEmpty, form["confirme"] != "1" {
                return console.render("admin-confirm", title: "Confirmer la notification", [
                    "uai": roster.establishment.uai.value, "names": activeGuardians.map { "\($0.firstName) \($0.familyName) (\($0.identifier))" },
                    "fields": form.filter { $0.key != "csrf" }.map { ["name": $0.key, "value": $0.value] },
                ], request: request, scope: scope)
            }
            return try await notify(people, roster: roster, resetActive: resetActive, byEmail: action == .email, scope: scope, ip: ip, context: context,
                                    request: request)
        }
    }

    func notify(_ people: [Roster.Person], roster: Roster, resetActive: Bool, byEmail: Bool, scope: StaffScope, ip: String,
                context: SesameContext, request: Request) async throws -> Response {
        var letters: [[String: String]] = [], emailed: [String] = [], skipped: [String] = []
        let until = Date() + ProvisionalPassword.validity
        for person in people {
            guard let account = person.account else { continue }
            if account.state == .disabled || (account.state == .active && !resetActive) {
                skipped.append("\(account.firstName) \(account.familyName) (\(account.state.label))"); continue
            }
            let password = ProvisionalPassword.make()
            try await console.store.setPasswordHash(try await console.hasher.hashGated(password, for: account.identifier), provisionalUntil: until, state: .notified, forAccount: account.id)
            try await console.store.record(AuditEvent(kind: .accountNotified, actor: scope.member.login, subject: account.identifier, ip: ip,
                                                      detail: byEmail ? "email" : "letter"))
            let name = "\(account.firstName) \(account.familyName)"
            let address = account.email ?? person.guardian?.email
            if byEmail, account.role == .guardian, let address, (try? EmailAddress(address)) != nil {
                let content = console.deliveries.templates.provisionalCredentialsEmail(
                    displayName: name, identifier: account.identifier, provisionalPassword: password, loginURL: URL(string: console.publicURL + "/login")!)
                try await console.deliveries.email(content, to: address, name: name, logger: context.logger)
                emailed.append(name)
                continue
            }
            let about = [account.role == .pupil ? "élève" : "responsable légal",
                         account.role == .guardian && !person.related.isEmpty ? "enfants : " + person.related.joined(separator: ", ") : nil,
                         person.division.map { "classe " + $0 }].compactMap { $0 }.joined(separator: ", ")
            letters.append(["name": name, "identifier": account.identifier, "password": password, "until": FrenchDate.day(until), "about": about])
        }
        return console.render("admin-letters", title: "Courriers de notification", [
            "school": roster.establishment.name, "city": roster.establishment.city, "uai": roster.establishment.uai.value,
            "letters": letters, "hasLetters": !letters.isEmpty, "emailed": emailed, "skipped": skipped,
            "hasEmailed": !emailed.isEmpty, "hasSkipped": !skipped.isEmpty, "loginURL": console.publicURL + "/login",
        ], request: request, scope: scope)
    }
}
