import Accounts
import Foundation
import HummingbirdTesting
import SesameTestSupport
import Storage
import Testing

@Suite struct LoginPageTests {
    @Test func theLoginPageIsFrenchLabelledAndCarriesACSRFToken() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            let response = try await client.get("/login", jar: jar)
            #expect(response.status == .ok)
            let html = response.text
            #expect(html.contains(#"<html lang="fr">"#))
            #expect(html.contains(#"<label for="username">Identifiant</label>"#))
            #expect(html.contains(#"<label for="password">Mot de passe</label>"#))
            #expect(html.contains(#"name="username""#) && html.contains(#"name="password""#))
            #expect(html.contains("Identifiant perdu") && html.contains("Mot de passe perdu") && html.contains("Je n'ai pas de compte"))
            #expect(html.csrfField != nil)
            #expect(jar["sesame_csrf"] != nil)
            let setCookie = response.headers[values: .setCookie].joined()
            #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Lax"))
            #expect(response.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aGuardianLogsInSeesTheAccountPageAndLogsOut(_ engine: Database.Engine) async throws {
        let web = try await WebFixture.make(engine: engine)
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            let login = try await client.logIn(web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            #expect(login.status == .seeOther)
            #expect(login.headers[.location] == "/compte")
            #expect(jar["sesame_session"] != nil)
            let page = try await client.get("/compte", jar: jar)
            #expect(page.status == .ok)
            #expect(page.text.contains(web.directory.guardian.identifier))
            #expect(page.text.contains("Lycée Test") && page.text.contains("Collège Test"))
            #expect(page.text.contains("Tom Durand") && page.text.contains("Léa Durand"))
            let csrf = try #require(page.text.csrfField)
            let logout = try await client.post("/logout", form: [("csrf", csrf)], jar: jar)
            #expect(logout.status == .seeOther)
            #expect(jar["sesame_session"] == nil)
            let after = try await client.get("/compte", jar: jar)
            #expect(after.status == .seeOther)
            #expect(after.headers[.location]?.hasPrefix("/login") == true)
        }
        await web.store.database.shutdown()
    }

    @Test func wrongPasswordUnknownIdentifierAndDisabledAccountGetTheSameAnswer() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            var bodies: [String] = []
            for (identifier, password) in [(web.directory.pupil.identifier, "Wrong-2026"), ("z.nobody10", "Wrong-2026"),
                                           (web.directory.disabled.identifier, DirectoryFixture.password)] {
                let jar = CookieJar()
                let response = try await client.logIn(identifier, password, jar: jar)
                #expect(response.status == .unauthorized)
                #expect(jar["sesame_session"] == nil)
                let message = response.text.firstCapture(of: #"role="alert"[^>]*><p>([^<]+)</p>"#)
                bodies.append(message ?? "")
            }
            #expect(Set(bodies).count == 1)
            #expect(bodies[0].contains("Identifiant ou mot de passe incorrect"))
        }
    }

    @Test func repeatedFailuresAreAnsweredWithAWaitNotALock() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            for _ in 0..<ThrottlePolicy.identifier.freeFailures + 1 {
                let failed = try await client.logIn(web.directory.pupil.identifier, "Wrong-2026", jar: jar).status
                #expect(failed == .unauthorized)
            }
            let throttled = try await client.logIn(web.directory.pupil.identifier, DirectoryFixture.password, jar: jar)
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil)
            #expect(throttled.text.contains("Trop de tentatives"))
            #expect(jar["sesame_session"] == nil)
            // Another identifier from the same address is not blocked.
            let other = try await client.logIn(web.directory.guardian.identifier, DirectoryFixture.password, jar: CookieJar()).status
            #expect(other == .seeOther)
        }
        let metrics = web.metrics.registry.emitToString()
        #expect(metrics.contains(#"sesame_logins_total{result="throttled"} 1"#))
        #expect(metrics.contains(#"sesame_logins_total{result="failed"} 4"#))
        #expect(metrics.contains(#"sesame_logins_total{result="ok"} 1"#))
    }

    @Test func afterLoginOnlyLocalPathsAreFollowed() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            for (next, expected) in [("/compte?x=1", "/compte?x=1"), ("https://evil.example/", "/compte"),
                                     ("//evil.example/", "/compte"), ("/\\evil.example", "/compte")] {
                let jar = CookieJar()
                let csrf = try await client.csrfToken(jar: jar)
                let response = try await client.post("/login", form: [("csrf", csrf), ("username", web.directory.pupil.identifier),
                                                                      ("password", DirectoryFixture.password), ("next", next)], jar: jar)
                #expect(response.headers[.location] == expected, "next=\(next)")
            }
        }
    }

    @Test func aLoggedInVisitorSkipsTheForm() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(web.directory.pupil.identifier, DirectoryFixture.password, jar: jar)
            let again = try await client.get("/login", jar: jar)
            #expect(again.status == .seeOther)
            #expect(again.headers[.location] == "/compte")
        }
    }
}
