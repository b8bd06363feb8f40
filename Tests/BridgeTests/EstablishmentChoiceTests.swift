import Accounts
import Attributes
import Bridge
import CAS
import Foundation
import Hummingbird
import HummingbirdTesting
import SesameTestSupport
import Testing
import Primitives

/// A guardian with children in the collège and the lycée (DirectoryFixture)
/// meets the establishment choice through CAS; the rules are the same for SAML.
@Suite struct EstablishmentChoiceTests {
    static let yaml = """
        allowInsecure: true
        services:
          - id: ent
            name: ENT du département
            match: { exact: "http://127.0.0.1:9/ent" }
            profile: ent-perso
          - id: lycees
            name: Portail des lycées
            match: { exact: "http://127.0.0.1:9/lycees" }
            profile: cas-ent
            establishments: [0861003Y]
          - id: ecoles
            name: ENT des écoles
            match: { exact: "http://127.0.0.1:9/ecoles" }
            profile: cas-ent
            establishments: [0861001W]
        """
    static let college = DirectoryFixture.collegeUAI.value, lycee = DirectoryFixture.lyceeUAI.value

    func make() async throws -> (WebFixture, Application<RouterResponder<SesameContext>>) {
        try await Self.make(portals: [PortalEntry(uai: Self.college, url: "https://ent.example.org/", staffURL: "https://ent.example.org/agents")])
    }

    /// The services above, the fixture's directory, and these portal entries.
    static func make(portals: [PortalEntry]) async throws -> (WebFixture, Application<RouterResponder<SesameContext>>) {
        let web = try await WebFixture.make()
        let profiles = try ProfileCatalog(definitions: ["ent-perso": ProfileDefinition(base: "cas-ent", rename: ["uai": "ENTEleveUAI"], drop: ["uid"])])
        let configuration = BridgeConfiguration(hasher: .fast, casServices: try ServiceRegistry.load(yaml: Self.yaml), profiles: profiles,
                                                portals: PortalDirectory(portals))
        try configuration.checkProfilesExist()
        let router = try await SesameWeb.buildRouter(configuration: configuration, store: web.store, metrics: web.metrics)
        return (web, Application(router: router))
    }

    func login(_ service: String) -> String { "/cas/login?service=" + PercentEncoding.encode(service) }

    /// Attributes of a CAS 3 validation for the ticket in `redirect`.
    func attributes(_ client: some TestClientProtocol, _ redirect: TestResponse, service: String) async throws -> [String: Any] {
        let location = try #require(redirect.headers[.location])
        let ticket = try #require(location.components(separatedBy: "ticket=").last)
        let answer = try await client.execute(uri: "/cas/p3/serviceValidate?format=JSON&service=\(PercentEncoding.encode(service))&ticket=\(ticket)", method: .get)
        let json = try JSONSerialization.jsonObject(with: Data(buffer: answer.body)) as? [String: Any]
        let success = (json?["serviceResponse"] as? [String: Any])?["authenticationSuccess"] as? [String: Any]
        return try #require(success?["attributes"] as? [String: Any])
    }

    @Test func aGuardianChoosesOnceAndTheServiceReceivesThatEstablishmentOnly() async throws {
        let (web, app) = try await make()
        try await app.test(.router) { client in
            let jar = CookieJar()
            #expect(try await client.logIn(web.directory.guardian.identifier, DirectoryFixture.password, jar: jar).status == .seeOther)
            let asked = try await client.get(login("http://127.0.0.1:9/ent"), jar: jar)
            let choicePath = try #require(asked.headers[.location])
            #expect(choicePath.hasPrefix("/etablissement?r="))
            let page = try await client.get(choicePath, jar: jar)
            #expect(page.status == .ok)
            #expect(ChoicePage.offered(in: page.text) == [Self.college, Self.lycee])
            #expect(page.text.contains("Collège Test") && page.text.contains("Niort") && page.text.contains("Enfant : Tom"), "one child, singular")
            #expect(page.text.contains("ENT du département"))

            // A UAI that is not offered changes nothing.
            let wrong = try await client.post("/etablissement", form: ChoicePage.fields(page: page.text, location: choicePath, choosing: "0861001W"), jar: jar)
            #expect(wrong.status == .badRequest)
            #expect(wrong.text.contains("Choisissez un des établissements"))
            // Without the CSRF field: refused.
            let forged = try await client.post("/etablissement", form: [("r", "x"), ("establishment", Self.lycee)], jar: jar)
            #expect(forged.status == .forbidden)

            let fields = ChoicePage.fields(page: page.text, location: choicePath, choosing: Self.lycee, remember: true)
            let chosen = try await client.post("/etablissement", form: fields, jar: jar)
            #expect(chosen.status == .seeOther)
            #expect(chosen.headers[.location]?.hasPrefix("/cas/login?service=") == true, "back to where the flow stopped")
            #expect(try await client.post("/etablissement", form: fields, jar: jar).status == .badRequest, "a choice page serves once")
            let issued = try await client.get(try #require(chosen.headers[.location]), jar: jar)
            let released = try await attributes(client, issued, service: "http://127.0.0.1:9/ent")
            #expect(released["ENTEleveUAI"] as? [String] == [Self.lycee], "the configured profile renames uai")
            #expect(released["enfants"] as? [String] == ["Tom Durand"], "only the children of the chosen establishment")
            #expect(released["uid"] == nil, "the configured profile drops uid")

            // Same session, same service: no second question.
            #expect(try await client.get(login("http://127.0.0.1:9/ent"), jar: jar).headers[.location]?.hasPrefix("http://127.0.0.1:9/ent?ticket=") == true)
            // A lycée-only portal never asks and gets the lycée.
            let lycees = try await client.get(login("http://127.0.0.1:9/lycees"), jar: jar)
            #expect(try await attributes(client, lycees, service: "http://127.0.0.1:9/lycees")["uai"] as? [String] == [Self.lycee])
            // A service for none of the children's schools says so.
            let ecoles = try await client.get(login("http://127.0.0.1:9/ecoles"), jar: jar)
            #expect(ecoles.status == .forbidden)
            #expect(ecoles.text.contains("pas ouvert aux établissements de vos enfants"))
        }
    }

    @Test func aRememberedChoiceOutlivesTheSessionUntilForgotten() async throws {
        let (web, app) = try await make()
        try await app.test(.router) { client in
            let first = CookieJar()
            _ = try await client.logIn(web.directory.guardian.identifier, DirectoryFixture.password, jar: first)
            let asked = try await client.get(login("http://127.0.0.1:9/ent"), jar: first)
            _ = try await client.passingEstablishmentChoice(asked, jar: first, choosing: Self.college, remember: true)

            let second = CookieJar()
            _ = try await client.logIn(web.directory.guardian.identifier, DirectoryFixture.password, jar: second)
            let direct = try await client.get(login("http://127.0.0.1:9/ent"), jar: second)
            #expect(try await attributes(client, direct, service: "http://127.0.0.1:9/ent")["ENTEleveUAI"] as? [String] == [Self.college])

            let account = try await client.get("/compte", jar: second)
            #expect(account.text.contains("Établissements mémorisés") && account.text.contains("ENT du département : <strong>Collège Test</strong>"))
            let forget = try await client.post("/compte/choix/oublier", form: [("csrf", account.text.csrfField ?? ""), ("service", "cas:ent")], jar: second)
            #expect(forget.headers[.location] == "/compte?choix=oublie")
            #expect(try await client.get(login("http://127.0.0.1:9/ent"), jar: second).headers[.location]?.hasPrefix("/etablissement") == true)
        }
    }

    /// A parent who remembered the lycée for the ENT, then picks the collège
    /// on the portal, enters the ENT as the collège: an explicit choice wins,
    /// and is not asked again. A pick of a school that is not theirs changes nothing.
    @Test func aPortalChoiceWinsOverARememberedOneAndIsNotAskedAgain() async throws {
        let (web, app) = try await Self.make(portals: [PortalEntry(uai: Self.college, url: "http://127.0.0.1:9/ent"),
                                                       PortalEntry(uai: Self.lycee, url: "http://127.0.0.1:9/ent"),
                                                       PortalEntry(uai: "0861001W", url: "http://127.0.0.1:9/ent")])
        let ent = "http://127.0.0.1:9/ent"
        try await app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            _ = try await client.passingEstablishmentChoice(try await client.get(login(ent), jar: jar), jar: jar, choosing: Self.lycee, remember: true)
            let home = try await client.get("/?q=0861", jar: jar)
            let picked = try await client.post("/portail", form: [("csrf", home.text.csrfField ?? ""), ("etab", Self.college)], jar: jar)
            #expect(picked.headers[.location] == ent)
            let entered = try await client.get(login(ent), jar: jar)
            #expect(try await attributes(client, entered, service: ent)["ENTEleveUAI"] as? [String] == [Self.college], "the portal's pick, not the remembered lycée")
            // Another family's school picked on the portal: ignored; this session's
            // explicit pick still holds over the remembered lycée.
            let other = try await client.post("/portail", form: [("csrf", home.text.csrfField ?? ""), ("etab", "0861001W")], jar: jar)
            #expect(other.status == .seeOther)
            let back = try await client.get(login(ent), jar: jar)
            #expect(try await attributes(client, back, service: ent)["ENTEleveUAI"] as? [String] == [Self.college])
        }
    }

    @Test func aPupilIsNeverAsked() async throws {
        let (web, app) = try await make()
        try await app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(web.directory.pupil.identifier, DirectoryFixture.password, jar: jar)
            let issued = try await client.get(login("http://127.0.0.1:9/ent"), jar: jar)
            #expect(try await attributes(client, issued, service: "http://127.0.0.1:9/ent")["ENTEleveUAI"] as? [String] == [Self.college])
            let refused = try await client.get(login("http://127.0.0.1:9/lycees"), jar: jar)
            #expect(refused.status == .forbidden)
            #expect(refused.text.contains("pas ouvert à votre établissement"))
        }
    }

    @Test func theDiscoveryPortalFindsAnEstablishmentAndGoesOnlyToItsRegisteredENT() async throws {
        let (_, app) = try await make()
        try await app.test(.router) { client in
            let jar = CookieJar()
            let home = try await client.get("/", jar: jar)
            #expect(home.text.contains("Élève ou parent") && home.text.contains("Personnel collectivité et invité"))
            #expect(!home.text.contains("name=\"etab\""), "no list before a search")
            let found = try await client.get("/?profil=eleve-parent&niveau=college&q=poitiers", jar: jar)
            #expect(found.text.contains("1 établissement trouvé") && found.text.contains("value=\"\(Self.college)\""))
            #expect(try await client.get("/?niveau=college&q=COLLEGE%20test", jar: jar).text.contains("Collège Test"), "accents and case folded")
            #expect(try await client.get("/?niveau=college&q=0861002", jar: jar).text.contains("Collège Test"), "by UAI")
            #expect(try await client.get("/?niveau=lycee", jar: jar).text.contains("Aucun établissement"), "the lycée has no registered ENT")

            let csrf = found.text.csrfField ?? ""
            let go = try await client.post("/portail", form: [("csrf", csrf), ("profil", "eleve-parent"), ("etab", Self.college), ("memoriser", "oui")], jar: jar)
            #expect(go.status == .seeOther)
            #expect(go.headers[.location] == "https://ent.example.org/")
            #expect(go.headers[values: .setCookie].contains { $0.hasPrefix("sesame_portail=\(Self.college)") })
            let remembered = try await client.get("/", jar: jar)
            #expect(remembered.text.contains("Votre établissement") && remembered.text.contains("Collège Test"))

            let staff = try await client.post("/portail", form: [("csrf", csrf), ("profil", "personnel-en"), ("etab", Self.college), ("memoriser", "non")], jar: jar)
            #expect(staff.headers[.location] == "https://ent.example.org/agents")
            #expect(!staff.headers[values: .setCookie].contains { $0.hasPrefix("sesame_portail=") })
            let unknown = try await client.post("/portail", form: [("csrf", csrf), ("etab", Self.lycee)], jar: jar)
            #expect(unknown.status == .badRequest)
            #expect(unknown.headers[.location] == nil)
            #expect(try await client.post("/portail", form: [("etab", Self.college)], jar: jar).status == .forbidden, "CSRF")
        }
    }

    @Test func portalEntriesMustBeHTTPAddressesOrLocalPaths() {
        #expect(PortalEntry(uai: Self.college, url: "https://ent.example.org/").problems.isEmpty)
        #expect(PortalEntry(uai: Self.college, url: "/demo/ent/x/").problems.isEmpty)
        for bad in ["javascript:alert(1)", "//evil.example/", "ftp://x.example/", "https://", "https://ok.example/\nx"] {
            #expect(!PortalEntry(uai: Self.college, url: bad).problems.isEmpty, "\(bad)")
        }
    }
}
