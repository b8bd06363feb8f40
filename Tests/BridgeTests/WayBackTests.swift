import Accounts
import Attributes
import Bridge
import CAS
import Foundation
import Hummingbird
import HummingbirdTesting
import Primitives
import SesameTestSupport
import Testing

/// Nobody stranded: every self-service page says where the person stands
/// and leads back to the service; "Mes services" is a home with each
/// school's ENT; a parent changes establishment without logging out; the
/// school hears of activations its records made fail.
@Suite struct WayBackTests {
    static let service = "/cas/login?service=https%3A%2F%2Fent.example%2F"
    func form(_ response: TestResponse) -> [(String, String)] { [("csrf", response.text.csrfField ?? "")] }

    /// Both schools of the fixture's guardian have an ENT on the portal.
    func make() async throws -> (WebFixture, Application<RouterResponder<SesameContext>>) {
        try await EstablishmentChoiceTests.make(portals: [
            PortalEntry(uai: EstablishmentChoiceTests.college, url: "http://127.0.0.1:9/ent", name: "ENT Collèges"),
            PortalEntry(uai: EstablishmentChoiceTests.lycee, url: "http://127.0.0.1:9/ent", name: "ENT Lycées"),
        ])
    }

    @Test func everySelfServicePageSaysItsStepAndLeadsBackToTheService() async throws {
        let d = try await SelfServiceTests.deploy()
        let kept = "/login?next=" + PercentEncoding.encode(Self.service)
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let next = "?next=" + PercentEncoding.encode(Self.service)
            for (path, step) in [("/inscription", "Étape 1 sur 4"), ("/mot-de-passe-perdu", "Étape 1 sur 3"), ("/identifiant-perdu", nil), ("/activer", nil)] {
                let page = try await client.get(path + next, jar: jar)
                #expect(page.text.contains(#"<p class="retour"><a href="\#(kept.replacingOccurrences(of: "&", with: "&amp;"))">"#), "\(path): Annuler keeps the service")
                #expect(page.text.contains(#"class="marque" href="\#(Self.service.replacingOccurrences(of: "&", with: "&amp;"))""#), "\(path): the logo leads back")
                if let step { #expect(page.text.contains(step) && page.text.contains("<title>\(step)"), "\(path)") }
            }
            // The code page of a registration started from the service: step 2, same way back.
            let page = try await client.get("/inscription" + next, jar: jar)
            let started = try await client.post("/inscription", form: form(page) + [("nom", "Martin"), ("prenom", "Marie"), ("mobile", "0700112233"),
                                                                                  ("next", Self.service)], jar: jar)
            let code = try await client.get(try #require(started.headers[.location]), jar: jar)
            #expect(code.text.contains("Étape 2 sur 4") && code.text.contains(kept.replacingOccurrences(of: "&", with: "&amp;")))
            // Signed-in changes go back to the home, not to a login.
            _ = try await client.logIn(d.web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            let change = try await client.get("/compte/mot-de-passe", jar: jar)
            #expect(change.text.contains(#"<a href="/compte">Annuler et revenir à mes services</a>"#) && !change.text.contains("Étape"))
        }
    }

    @Test func theHomeOffersEachSchoolsENTAndTheIdentifierInALegibleFont() async throws {
        let (web, app) = try await make()
        try await app.test(.router) { client in
            let jar = CookieJar()
            let login = try await client.logIn(web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            #expect(login.headers[.location] == "/compte")
            let home = try await client.get("/compte", jar: jar)
            #expect(home.text.contains("<h1>Mes services</h1>"))
            #expect(home.text.contains("Aller sur ENT Collèges") && home.text.contains("Aller sur ENT Lycées"))
            #expect(home.text.contains(#"<code class="identifiant">\#(web.directory.guardian.identifier)</code>"#))
            #expect(!home.text.contains("Vous êtes dans"), "no service entered yet")
        }
    }

    /// "Vous êtes dans : Collège Test — changer": the other school's ENT from
    /// the home, and the service is entered with it, no logout, no question.
    @Test func aParentSwitchesEstablishmentWithoutLoggingOut() async throws {
        let (web, app) = try await make()
        let ent = "http://127.0.0.1:9/ent"
        try await app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            let first = try await client.passingEstablishmentChoice(try await client.get("/cas/login?service=" + PercentEncoding.encode(ent), jar: jar),
                                                                    jar: jar, choosing: EstablishmentChoiceTests.college)
            #expect(first.headers[.location]?.contains("ticket=") == true)
            let home = try await client.get("/compte", jar: jar)
            #expect(home.text.contains("Vous êtes dans : <strong>Collège Test</strong>") && home.text.contains(##"<a href="#titre-etab">changer</a>"##))
            // The lycée's button, as the home renders it.
            let switched = try await client.post("/portail", form: form(home) + [("etab", EstablishmentChoiceTests.lycee), ("profil", "eleve-parent")], jar: jar)
            #expect(switched.headers[.location] == ent)
            let entered = try await client.get("/cas/login?service=" + PercentEncoding.encode(ent), jar: jar)
            let attributes = try await EstablishmentChoiceTests().attributes(client, entered, service: ent)
            #expect((attributes["ENTEleveUAI"] as? [String])?.first == EstablishmentChoiceTests.lycee, "entered with the lycée at once")
            #expect(try await client.get("/compte", jar: jar).text.contains("Vous êtes dans : <strong>Lycée Test</strong>"))
        }
    }

    /// Threat: a stranger types a known number with other names. They learn
    /// nothing (the same page, no SMS); the school whose record carries the
    /// number hears of it once, and only that school's staff see it.
    @Test func aMismatchedActivationTellsTheSchoolNotTheStranger() async throws {
        let d = try await SelfServiceTests.deploy()
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/inscription", jar: jar)
            func attempt(_ family: String, _ mobile: String) async throws -> String {
                let started = try await client.post("/inscription", form: form(page) + [("nom", family), ("prenom", "Paul"), ("mobile", mobile)], jar: jar)
                #expect(started.status == .seeOther)
                let code = try await client.get(try #require(started.headers[.location]), jar: jar)
                return code.text.replacingOccurrences(of: #"name="r" value="[^"]*""#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: #"\*\* \d\d"#, with: "", options: .regularExpression)
            }
            let before = try d.messageCount()
            let known = try await attempt("Durant", "06 11 22 33 44")
            let unknown = try await attempt("Durant", "06 99 88 77 66")
            #expect(known == unknown, "the page does not tell a known number from an unknown one")
            #expect(try d.messageCount() == before, "no SMS for names that do not match")
            _ = try await attempt("Durant", "0611223344")
            let tickets = try await d.web.store.tickets(openOnly: true).filter { $0.kind == .unmatchedActivation }
            #expect(Set(tickets.compactMap(\.uai)) == [DirectoryFixture.collegeUAI.value, DirectoryFixture.lyceeUAI.value], "each school of the record, once")
            #expect(tickets.count == 2, "a second attempt adds no ticket")
            #expect(tickets.allSatisfy { $0.detail.contains("« Durant Paul »") && $0.detail.contains("« Durand Paul »") && !$0.detail.contains("0611223344") })
        }
    }

    /// Threat: "m'envoyer mon identifiant" aimed elsewhere. It goes to the
    /// account's own ways only, whatever the form carries, and needs a session.
    @Test func theIdentifierIsSentOnlyToTheAccountsOwnWays() async throws {
        let d = try await SelfServiceTests.deploy()
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let anonymous = try await client.post("/compte/identifiant", form: [("csrf", try await client.csrfToken(jar: jar)), ("to", "0700000000")], jar: jar)
            #expect(anonymous.headers[.location]?.hasPrefix("/login") == true)
            _ = try await client.logIn(d.web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            let home = try await client.get("/compte", jar: jar)
            #expect(home.text.contains("M'envoyer mon identifiant par SMS") || home.text.contains("M&#39;envoyer mon identifiant par SMS"))
            let sent = try await client.post("/compte/identifiant", form: form(home) + [("to", "0700000000"), ("mobile", "0700000000")], jar: jar)
            #expect(sent.headers[.location] == "/compte?envoye=1")
            guard case .sms(let sms)? = try d.lastMessage() else { Issue.record("no SMS"); return }
            #expect(sms.to == "+33611223344" && sms.text.contains(d.web.directory.guardian.identifier))
        }
    }

    /// The letter page keeps a readable date when only the password was wrong.
    @Test func theLetterPageKeepsTheDateAfterAPasswordError() async throws {
        let d = try await SelfServiceTests.deploy()
        let paul = d.web.directory.guardian
        try await d.web.store.setPasswordHash(try PasswordHasher.fast.hash("Provisoire-1"), provisionalUntil: Date() + 86400, state: .notified, forAccount: paul.id)
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let login = try await client.logIn(paul.identifier, "Provisoire-1", jar: jar)
            let path = try #require(login.headers[.location])
            let page = try await client.get(path, jar: jar)
            #expect(page.text.contains("Étape 2 sur 2"))
            let refused = try await client.post("/activation", form: form(page) + [("r", path.components(separatedBy: "r=").last ?? ""),
                                                                                ("password", "court"), ("confirmation", "court"), ("naissance", "4 mai 2012")], jar: jar)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains(#"value="4 mai 2012""#), "the date typed stays")
        }
    }
}
