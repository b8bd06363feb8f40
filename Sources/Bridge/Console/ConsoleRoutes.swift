import Accounts
import Foundation
import Hummingbird
import NIOCore
import Primitives

/// The console's reading side: sign-in, the establishments a staff member
/// manages, each one's accounts by class with their state, statistics as
/// charts and CSV.
struct ConsoleRoutes: Sendable {
    let console: Console

    func register(on router: Router<SesameContext>) {
        router.get("/admin/connexion") { request, _ in console.render("admin-login", title: "Console des établissements", [:], request: request, scope: nil) }
        router.post("/admin/connexion") { request, context in try await signIn(request, context: context) }
        router.post("/admin/deconnexion") { request, context in
            _ = try await console.csrf.checkedForm(request, context: context, audit: console.store)
            var response = Response.redirect(to: "/admin/connexion", type: .normal)
            response.status = .seeOther
            response.setCookie(try await console.staff.close(request))
            return response
        }
        router.get("/admin") { request, _ in try await console.signedIn(request) { try await home(request, $0) } }
        router.get("/admin/etablissement/:uai") { request, context in
            try await console.signedIn(request) { try await establishment(request, $0, uai: context.parameters.get("uai")) }
        }
        router.get("/admin/etablissement/:uai/statistiques.csv") { request, context in
            try await console.signedIn(request) { try await csv(try await console.roster(context.parameters.get("uai"), for: $0), $0) }
        }
    }

    func signIn(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await console.csrf.checkedForm(request, context: context, audit: console.store)
        let login = String((form["login"] ?? "").prefix(64)).lowercased()
        let budgets = ThrottleBudget.password(identifier: "staff:" + login, ip: context.clientAddress)
        // Reserved before the hash: attempts sent at once all count.
        if let wait = try await console.store.reserveAttempt(budgets) {
            return console.render("admin-login", title: "Console des établissements",
                                  ["error": LoginService.Refusal.throttled(retryAfter: wait).userMessage],
                                  request: request, scope: nil, status: .tooManyRequests)
        }
        let member = try await console.store.staff().first { $0.login.lowercased() == login }
        let typed = form["password"] ?? ""
        let matches: Bool
        if let hash = member?.passwordHash {
            matches = try await console.hasher.verifyGated(typed, against: hash, for: "staff:" + login).matches
        } else {
            try await console.hasher.verifyNothingGated(typed, for: "staff:" + login)
            matches = false
        }
        guard let member, matches else {
            try await console.store.record(AuditEvent(kind: .staffLoginFailed, subject: login, ip: context.clientAddress))
            return console.render("admin-login", title: "Console des établissements",
                                  ["error": "Identifiant ou mot de passe incorrect.", "login": login], request: request, scope: nil, status: .unauthorized)
        }
        try await console.store.forgive(budgets)
        try await console.store.record(AuditEvent(kind: .staffLogin, actor: member.login, subject: member.login, ip: context.clientAddress))
        var response = Response.redirect(to: "/admin", type: .normal)
        response.status = .seeOther
        response.setCookie(try await console.staff.open(for: member))
        return response
    }

    func home(_ request: Request, _ scope: StaffScope) async throws -> Response {
        let legacy = Dictionary(try await console.store.legacyStatus().map { ($0.uai.value, $0) }, uniquingKeysWith: { a, _ in a })
        var rows: [[String: Any]] = []
        for school in try await console.store.establishments() where scope.covers(school.uai) {
            guard let roster = try await console.store.roster(of: school.uai) else { continue }
            let pupils = Roster.counts(roster.pupils), guardians = Roster.counts(roster.guardians)
            var row: [String: Any] = ["uai": school.uai.value, "name": school.name, "city": school.city,
                                      "pupils": "\(pupils[.active] ?? 0) activés sur \(roster.pupils.count)"]
            if scope.seesGuardians { row["guardians"] = "\(guardians[.active] ?? 0) activés sur \(roster.guardians.count)" }
            if let status = legacy[school.uai.value], status.imported > 0 {
                row["legacy"] = "\(status.moved) sur \(status.imported) passés à Sesame" + (status.ended == nil ? "" : " (transition terminée)")
                row["mayEnd"] = scope.mayEndTransition && status.ended == nil
            }
            rows.append(row)
        }
        let open = try await console.store.tickets(openOnly: true).filter { $0.uai.flatMap(UAI.init).map(scope.covers) ?? (scope.member.role == .academie) }
        return console.render("admin-home", title: "Console des établissements", [
            "establishments": rows, "seesGuardians": scope.seesGuardians, "openTickets": open.count, "mayDelegate": scope.mayDelegate,
        ], request: request, scope: scope)
    }

    func establishment(_ request: Request, _ scope: StaffScope, uai: String?) async throws -> Response {
        let roster = try await console.roster(uai, for: scope)
        let search = IdentifierFormat.fold(String((request.uri.queryParameters["q"].map(String.init) ?? "").prefix(64)))
        let division = request.uri.queryParameters["classe"].map(String.init)
        func keep(_ person: Roster.Person) -> Bool {
            (division == nil || division == "" || person.division == division)
                && (search.isEmpty || [person.account?.identifier ?? "", person.account.map { "\($0.firstName) \($0.familyName)" } ?? ""]
                        .contains { IdentifierFormat.fold($0).contains(search) })
        }
        func rows(_ people: [Roster.Person]) -> [[String: Any]] {
            people.filter(keep).compactMap { person in
                guard let account = person.account else { return nil }
                return ["id": String(account.id), "name": "\(account.familyName) \(account.firstName)", "identifier": account.identifier,
                        "state": account.state.label, "stateClass": account.state.rawValue, "division": person.division ?? "",
                        "lastLogin": account.lastLoginAt.map(FrenchDate.dateTime) ?? "jamais", "related": person.related.joined(separator: ", "),
                        "actionable": scope.mayActOn(person), "hasReadOnly": person.readOnly != nil,
                        "readOnly": person.readOnly?.label ?? ""]
            }
        }
        let since = Date() - 30 * 86400
        let logins = try await console.store.loginsPerDay(of: roster.establishment.uai, since: since)
        return console.render("admin-establishment", title: roster.establishment.name, [
            "uai": roster.establishment.uai.value, "name": roster.establishment.name, "city": roster.establishment.city,
            "pupils": rows(roster.pupils), "guardians": scope.seesGuardians ? rows(roster.guardians) : [],
            "seesGuardians": scope.seesGuardians, "q": search, "divisions": roster.divisions.map { ["name": $0, "selected": $0 == division] },
            "stateChart": Charts.states(roster, guardians: scope.seesGuardians),
            "loginChart": Charts.logins(logins, since: since),
            "classes": Charts.classRows(roster),
        ], request: request, scope: scope)
    }

    func csv(_ roster: Roster, _ scope: StaffScope) async throws -> Response {
        var rows = [["classe", "profil", "créés", "notifiés", "activés", "désactivés", "total"]]
        for division in roster.divisions {
            let groups: [(String, [Roster.Person])] = [("élèves", roster.pupils)] + (scope.seesGuardians ? [("responsables", roster.guardians)] : [])
            for (label, people) in groups {
                let inClass = people.filter { $0.division == division }
                let c = Roster.counts(inClass)
                let counts: [Int] = [c[.created] ?? 0, c[.notified] ?? 0, c[.active] ?? 0, c[.disabled] ?? 0, inClass.count]
                rows.append([division, label] + counts.map { String($0) })
            }
        }
        let name = "statistiques-\(roster.establishment.uai.value).csv"
        return Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .contentDisposition: "attachment; filename=\"\(name)\"",
                                               .cacheControl: "no-store"],
                        body: .init(byteBuffer: ByteBuffer(string: SpreadsheetCSV.document(rows))))
    }
}
