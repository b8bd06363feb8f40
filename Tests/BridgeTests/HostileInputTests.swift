import Accounts
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import SesameTestSupport
import Testing

@Suite struct HostileInputTests {
    /// Counts what a refused request could have changed.
    func snapshot(_ web: WebFixture) async throws -> [Int] {
        try await web.store.database.run { db in
            var counts: [Int] = []
            for table in ["sessions", "throttles", "accounts"] {
                let row = try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()
                counts.append(try row?.decode(column: "n", as: Int.self) ?? -1)
            }
            return counts
        }
    }

    @Test func aMissingOrForgedCSRFTokenIsRefusedAndChangesNothing() async throws {
        let web = try await WebFixture.make()
        let before = try await snapshot(web)
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.csrfToken(jar: jar)
            for form in [[("username", web.directory.pupil.identifier), ("password", DirectoryFixture.password)],
                         [("csrf", "forged-token-forged-token-forged-token-xx"), ("username", web.directory.pupil.identifier),
                          ("password", DirectoryFixture.password)]] {
                let response = try await client.post("/login", form: form, jar: jar)
                #expect(response.status == .forbidden)
                #expect(response.text.contains("Formulaire expiré"))
                #expect(jar["sesame_session"] == nil)
            }
            // A valid field without its cookie (another browser's token) fails too.
            let otherJar = CookieJar()
            let stolen = try await client.csrfToken(jar: otherJar)
            let response = try await client.post("/login", form: [("csrf", stolen), ("username", web.directory.pupil.identifier),
                                                                  ("password", DirectoryFixture.password)], jar: CookieJar())
            #expect(response.status == .forbidden)
        }
        #expect(try await snapshot(web) == before)
        #expect(try await web.store.recentEvents(limit: 1).first?.kind == .csrfRejected)
    }

    @Test func overLongFieldsAreRefusedClearly() async throws {
        let web = try await WebFixture.make()
        let before = try await snapshot(web)
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            let csrf = try await client.csrfToken(jar: jar)
            for (user, pass) in [(String(repeating: "a", count: 65), "x"), ("p.dupont10", String(repeating: "A1!", count: 50))] {
                let response = try await client.post("/login", form: [("csrf", csrf), ("username", user), ("password", pass)], jar: jar)
                #expect(response.status == .badRequest)
                #expect(response.text.contains("Saisie trop longue"))
            }
        }
        #expect(try await snapshot(web) == before)
    }

    @Test func invalidUTF8AndBrokenEscapesAreRefused() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            let csrf = try await client.csrfToken(jar: jar)
            for body in ["csrf=\(csrf)&username=%C3%28&password=x", "csrf=\(csrf)&username=%ZZ&password=x",
                         "csrf=\(csrf)&username=%00abc&password=x", "csrf=\(csrf)&username=abc%"] {
                let response = try await client.post("/login", rawBody: body, jar: jar)
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.text.contains("Saisie illisible"))
            }
        }
    }

    @Test func hugeBodiesAreRefusedWithoutReadingThemWhole() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            let csrf = try await client.csrfToken(jar: jar)
            let response = try await client.post("/login", rawBody: "csrf=\(csrf)&username=" + String(repeating: "a", count: 200_000), jar: jar)
            #expect(response.status == .contentTooLarge)
            #expect(response.text.contains("Envoi trop volumineux"))
        }
    }

    @Test func unknownRoutesAndMethodsGetFrenchPages() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let missing = try await client.execute(uri: "/nulle-part", method: .get)
            #expect(missing.status == .notFound)
            #expect(String(buffer: missing.body).contains("Page introuvable"))
            let help = try await client.execute(uri: "/aide/inconnu", method: .get)
            #expect(help.status == .notFound)
        }
    }

    @Test func demoRoutesDoNotExistOutsideDemoMode() async throws {
        let web = try await WebFixture.make(demo: false)
        try await web.app.test(.router) { client in
            let page = try await client.execute(uri: "/demo", method: .get).status
            #expect(page == .notFound)
            let json = try await client.execute(uri: "/demo/accounts.json", method: .get).status
            #expect(json == .notFound)
        }
    }

    @Test func aForgedSessionCookieOpensNothing() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let response = try await client.execute(uri: "/compte", method: .get,
                                                    headers: [.cookie: "sesame_session=" + String(repeating: "A", count: 43)])
            #expect(response.status == .seeOther)
        }
    }
}
