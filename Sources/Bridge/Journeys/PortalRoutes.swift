import Accounts
import Foundation
import Hummingbird
import Primitives

/// The discovery portal at / ("Services en ligne"): profile, level and
/// establishment, then on to that establishment's ENT as registered.
/// Works without JavaScript: one GET form to search, one POST form to go.
struct PortalRoutes: Sendable {
    let pages: Pages
    let csrf: CSRF
    /// Establishments, and the audit of refused forms.
    typealias Store = DirectoryStore & AuditTrail
    let store: any Store
    let portals: PortalDirectory
    let secureCookies: Bool
    static let cookieName = "sesame_portail"
    static let rememberFor: TimeInterval = 365 * 86400

    enum Audience: String, CaseIterable {
        case family = "eleve-parent", nationalStaff = "personnel-en", localStaff = "personnel-collectivite"
        var label: String {
            switch self {
            case .family: "Élève ou parent"
            case .nationalStaff: "Personnel de l'Éducation nationale"
            case .localStaff: "Personnel collectivité et invité"
            }
        }
    }

    enum Level: String, CaseIterable {
        case ecole, college, lycee
        var label: String { switch self { case .ecole: "École"; case .college: "Collège"; case .lycee: "Lycée" } }
        func includes(_ kind: EstablishmentKind) -> Bool {
            switch self {
            case .ecole: kind == .ecole
            case .college: kind == .college
            case .lycee: kind == .lycee || kind == .lyceeProfessionnel
            }
        }
    }

    func register(on router: Router<SesameContext>) {
        router.get("/") { request, _ in try await self.show(request) }
        router.post("/portail") { request, context in try await self.go(request, context: context) }
        router.post("/portail/oublier") { request, context in
            _ = try await csrf.checkedForm(request, context: context, audit: store)
            var response = Response.redirect(to: "/", type: .normal)
            response.status = .seeOther
            response.setCookie(Cookie(name: Self.cookieName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                                      secure: secureCookies, httpOnly: true, sameSite: .lax))
            return response
        }
    }

    func show(_ request: Request) async throws -> Response {
        let query = request.uri.queryParameters
        let audience = query["profil"].flatMap { Audience(rawValue: String($0)) } ?? .family
        let level = query["niveau"].flatMap { Level(rawValue: String($0)) }
        let search = String((query["q"].map(String.init) ?? "").prefix(80)).trimmingCharacters(in: .whitespaces)
        let all = try await store.establishments().filter { portals[$0.uai.value] != nil }
        var values: [String: Any] = [
            "audiences": Audience.allCases.map { ["value": $0.rawValue, "label": $0.label, "checked": $0 == audience] },
            "levels": Level.allCases.map { ["value": $0.rawValue, "label": $0.label, "checked": $0 == level] },
            "search": search, "profil": audience.rawValue,
        ]
        if let uai = request.cookies[Self.cookieName]?.value, let school = all.first(where: { $0.uai.value == uai }),
           level == nil, search.isEmpty {
            values["remembered"] = ["uai": uai, "name": school.name, "city": school.city]
        }
        if level != nil || !search.isEmpty {
            // Names compared as identifiers are: case, accents, spaces and hyphens aside.
            let letters = IdentifierFormat.fold(search)
            let found = all.filter { school in
                (level?.includes(school.kind) ?? true)
                    && (search.isEmpty || school.uai.value.lowercased().hasPrefix(search.lowercased())
                        || (!letters.isEmpty && (IdentifierFormat.fold(school.name).contains(letters) || IdentifierFormat.fold(school.city).contains(letters))))
            }.sorted { ($0.city, $0.name) < ($1.city, $1.name) }
            values["searched"] = true
            values["results"] = found.map { school -> [String: Any] in
                var row: [String: Any] = ["uai": school.uai.value, "name": school.name, "city": school.city, "kind": school.kind.label,
                                          "checked": found.count == 1]
                if let ent = portals[school.uai.value]?.name { row["ent"] = ent }
                return row
            }
            values["hasResults"] = !found.isEmpty
            values["count"] = found.isEmpty ? "Aucun établissement trouvé" : FrenchText.count(found.count, "établissement trouvé", "établissements trouvés")
        }
        return csrf.render(pages, "home", title: "Services en ligne", values, request: request)
    }

    func go(_ request: Request, context: SesameContext) async throws -> Response {
        let form = try await csrf.checkedForm(request, context: context, audit: store)
        guard let uai = form["etab"], let entry = portals[uai] else {
            throw PageError(.badRequest, title: "Établissement à choisir",
                            message: "Choisissez un établissement dans la liste, puis validez.", log: "portal: no or unknown establishment")
        }
        let audience = form["profil"].flatMap(Audience.init(rawValue:)) ?? .family
        // Only registered addresses: the portal is no open redirect.
        let destination = audience == .family ? entry.url : (entry.staffURL ?? entry.url)
        var response = Response.redirect(to: destination, type: .normal)
        response.status = .seeOther
        // The choice travels with this trip, so the service is entered with this school.
        response.setCookie(Cookie(name: BrowserSession.portalChoiceCookie, value: uai, maxAge: Int(BrowserSession.portalChoiceLifetime), path: "/",
                                  secure: secureCookies, httpOnly: true, sameSite: .lax))
        if form["memoriser"] == "oui" {
            response.setCookie(Cookie(name: Self.cookieName, value: uai, expires: Date() + Self.rememberFor, path: "/",
                                      secure: secureCookies, httpOnly: true, sameSite: .lax))
        }
        return response
    }
}
