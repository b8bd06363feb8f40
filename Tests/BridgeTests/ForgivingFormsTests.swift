import Accounts
import Bridge
import Foundation
import Hummingbird
import HummingbirdTesting
import Primitives
import SesameTestSupport
import Testing

/// What people type on a phone: a birth date on the numeric keypad, a code
/// cut short. Read as meant; what cannot be read is said so and costs no try.
@Suite struct ForgivingFormsTests {
    func form(_ response: TestResponse) -> [(String, String)] { [("csrf", response.text.csrfField ?? "")] }

    @Test func aParentOnTheNumericKeypadIsNeitherRefusedNorCharged() async throws {
        let d = try await SelfServiceTests.deploy()
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/inscription", jar: jar)
            let started = try await client.post("/inscription", form: form(page) + [("nom", "Martin"), ("prenom", "Marie"), ("mobile", "0700112233")], jar: jar)
            let r = started.headers[.location]?.components(separatedBy: "r=").last ?? ""
            let code = try #require(try d.lastCode())
            let codePage = try await client.get("/inscription/code?r=" + r, jar: jar)
            // Four digits: said so, and no try spent.
            let short = try await client.post("/inscription/code", form: form(codePage) + [("r", r), ("code", String(code.prefix(4)))], jar: jar)
            #expect(short.status == .badRequest && short.text.contains("Le code comporte 6 chiffres"))
            let wrong = try await client.post("/inscription/code", form: form(codePage) + [("r", r), ("code", code == "000000" ? "111111" : "000000")], jar: jar)
            #expect(wrong.text.contains("Il vous reste 4 essais"), "the short code cost nothing")
            let spaced = String(code.prefix(3)) + " " + String(code.suffix(3))
            #expect(try await client.post("/inscription/code", form: form(codePage) + [("r", r), ("code", spaced)], jar: jar).status == .seeOther)

            let children = try await client.get("/inscription/enfants?r=" + r, jar: jar)
            let pupil = try #require(children.text.firstCapture(of: #"name="naissance-(\d+)""#))
            func answer(_ date: String) async throws -> TestResponse {
                try await client.post("/inscription/enfants", form: form(children) + [("r", r), ("legal-" + pupil, "oui"), ("naissance-" + pupil, date)], jar: jar)
            }
            // More unreadable dates than the throttle's free tries: none counts.
            for unreadable in ["mai 2012", "04/05", "4 ju 2012", "31/02/2012", "0405201"] {
                let refused = try await answer(unreadable)
                #expect(refused.status == .badRequest && refused.text.contains("illisible"), "\(unreadable)")
                #expect(refused.text.contains("value=\"\(unreadable)\""), "what was typed stays, to be corrected")
            }
            let keypad = try await answer("04052012")
            #expect(keypad.headers[.location] == "/inscription/mot-de-passe?r=" + r, "08 digits typed on the keypad are read")
        }
    }

    /// "Ajouter un enfant" reads the date the same way and says when it cannot.
    @Test func addingAChildReadsADateTypedInWords() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            let page = try await client.get("/compte/enfants", jar: jar)
            let unreadable = try await client.post("/compte/enfants", form: form(page) + [("prenom", "Léa"), ("naissance", "le 4 mai")], jar: jar)
            #expect(unreadable.status == .badRequest && unreadable.text.contains("illisible"))
            let words = try await client.post("/compte/enfants", form: form(page) + [("prenom", "Léa"), ("naissance", "4 mai 2012")], jar: jar)
            #expect(!words.text.contains("illisible") && words.status != .tooManyRequests)
        }
    }

    /// A new password after "Mot de passe perdu" is said as such, not "activé, bienvenue".
    @Test func aResetEndsWithItsOwnSentence() async throws {
        let d = try await SelfServiceTests.deploy()
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/mot-de-passe-perdu", jar: jar)
            let asked = try await client.post("/mot-de-passe-perdu", form: form(page) + [("identifier", d.web.directory.guardian.identifier), ("canal", "sms")], jar: jar)
            let r = asked.headers[.location]?.components(separatedBy: "r=").last ?? ""
            _ = try await client.post("/mot-de-passe-perdu/code", form: form(page) + [("r", r), ("code", try #require(try d.lastCode()))], jar: jar)
            let reset = try await client.get("/reinitialiser?r=" + r, jar: jar)
            let done = try await client.post("/reinitialiser", form: form(reset) + [("r", r), ("password", "Nouveau-Soleil-7"), ("confirmation", "Nouveau-Soleil-7")], jar: jar)
            #expect(done.headers[.location] == "/compte?modifie=mot-de-passe")
            let account = try await client.get(done.headers[.location] ?? "/compte", jar: jar)
            #expect(account.text.contains("Votre mot de passe a été modifié.") && !account.text.contains("Bienvenue"))
        }
    }

    /// Every page leads to help and to the accessibility statement.
    @Test func helpAndAccessibilityAreOneClickAwayFromEveryPage() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let login = try await client.execute(uri: "/login", method: .get)
            #expect(login.text.contains(#"href="/aide""#) && login.text.contains(#"href="/aide/accessibilite""#))
            let help = try await client.execute(uri: "/aide", method: .get)
            #expect(help.status == .ok && help.text.contains("/aide/mot-de-passe-perdu") && help.text.contains("secrétariat"))
            let statement = try await client.execute(uri: "/aide/accessibilite", method: .get)
            #expect(statement.status == .ok && statement.text.contains("RGAA"))
        }
    }

    /// A pupil on "Mot de passe perdu" is offered no SMS, gets the link that
    /// can reach them, and sees the very page a parent or a stranger sees.
    @Test func aPupilWhoLostAPasswordGetsTheWayThatWorksAndTheSamePageAsEveryone() async throws {
        let d = try await SelfServiceTests.deploy()
        let pupil = d.web.directory.pupil
        try await d.web.store.setEmail("lea@example.org", validated: true, forAccount: pupil.id)
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/mot-de-passe-perdu", jar: jar)
            #expect(!page.text.contains(#"value="sms""#), "no SMS choice to get wrong")
            func ask(_ identifier: String) async throws -> String {
                let asked = try await client.post("/mot-de-passe-perdu", form: form(page) + [("identifier", identifier)], jar: jar)
                let next = try await client.get(asked.headers[.location] ?? "/", jar: jar)
                // The handle differs each time; the words must not.
                return next.text.replacingOccurrences(of: #"name="r" value="[^"]*""#, with: "", options: .regularExpression)
                    .replacingOccurrences(of: #"name="csrf" value="[^"]*""#, with: "", options: .regularExpression)
            }
            let forPupil = try await ask(pupil.identifier)
            #expect(try d.lastLink("/reinitialiser") != nil, "the pupil's link went to the confirmed address")
            #expect(!forPupil.contains("au votre"))
            #expect(forPupil == (try await ask(d.web.directory.guardian.identifier)), "a guardian sees the same page")
            #expect(forPupil == (try await ask("personne.inconnue99")), "and so does a stranger")
        }
    }

    /// On a phone the results are far below the form: the search lands on
    /// them, and says "aucun" rather than "0 établissement trouvé".
    @Test func aPortalSearchLandsOnItsResultsInPlainWords() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let home = try await client.execute(uri: "/", method: .get)
            #expect(home.text.contains(#"action="/#titre-resultats""#))
            let none = try await client.execute(uri: "/?q=zzzzzz", method: .get)
            #expect(none.text.contains("Aucun établissement trouvé") && !none.text.contains("0 établissement"))
        }
    }

    /// A side road taken from an ENT ends in that ENT: "Mot de passe perdu"
    /// from a login that a service started, then the code, then the new password.
    @Test func aLostPasswordFromAServiceEndsInThatService() async throws {
        let d = try await SelfServiceTests.deploy()
        let service = "/cas/login?service=https%3A%2F%2Fent.example%2F"
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let login = try await client.get("/login?next=" + PercentEncoding.encode(service), jar: jar)
            let side = try #require(login.text.firstCapture(of: #"href="(/mot-de-passe-perdu[^"]*)""#))
            #expect(side.contains("next="))
            let page = try await client.get(side.replacingOccurrences(of: "&amp;", with: "&"), jar: jar)
            let asked = try await client.post("/mot-de-passe-perdu", form: form(page) + [("identifier", d.web.directory.guardian.identifier),
                                                                                       ("next", service)], jar: jar)
            let r = asked.headers[.location]?.components(separatedBy: "r=").last ?? ""
            let codePage = try await client.get("/mot-de-passe-perdu/code?r=" + r, jar: jar)
            #expect(codePage.text.contains("/mot-de-passe-perdu?next="), "starting again keeps the service too")
            _ = try await client.post("/mot-de-passe-perdu/code", form: form(page) + [("r", r), ("code", try #require(try d.lastCode()))], jar: jar)
            let reset = try await client.get("/reinitialiser?r=" + r, jar: jar)
            let done = try await client.post("/reinitialiser", form: form(reset) + [("r", r), ("password", "Nouveau-Soleil-7"), ("confirmation", "Nouveau-Soleil-7")], jar: jar)
            #expect(done.headers[.location] == service)
        }
    }

    /// "Renvoyer le code": a new code, the old one ended, rationed like the first.
    @Test func aCodeCanBeSentAgainAndTheOldOneEnds() async throws {
        let d = try await SelfServiceTests.deploy()
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/inscription", jar: jar)
            let started = try await client.post("/inscription", form: form(page) + [("nom", "Martin"), ("prenom", "Marie"), ("mobile", "0700112233")], jar: jar)
            let first = started.headers[.location]?.components(separatedBy: "r=").last ?? ""
            let oldCode = try #require(try d.lastCode())
            let codePage = try await client.get("/inscription/code?r=" + first, jar: jar)
            #expect(codePage.text.contains("Renvoyer le code"))
            let resent = try await client.post("/inscription/code/renvoyer", form: form(codePage) + [("r", first)], jar: jar)
            let location = try #require(resent.headers[.location])
            #expect(location.hasPrefix("/inscription/code?r=") && location.hasSuffix("&renvoye=1"))
            #expect(try await client.get(location, jar: jar).text.contains("Un nouveau code vient d'être envoyé"))
            let second = String(location.dropFirst("/inscription/code?r=".count).prefix { $0 != "&" })
            let newCode = try #require(try d.lastCode())
            #expect(try await client.post("/inscription/code", form: form(codePage) + [("r", first), ("code", oldCode)], jar: jar).status == .badRequest,
                    "the first handle ended")
            #expect(try await client.post("/inscription/code", form: form(codePage) + [("r", second), ("code", newCode)], jar: jar).status == .seeOther)
            let again = try await client.post("/inscription/code/renvoyer", form: form(codePage) + [("r", second)], jar: jar)
            #expect(again.status == .badRequest, "the code step is over: nothing more to send")
        }
    }
}
