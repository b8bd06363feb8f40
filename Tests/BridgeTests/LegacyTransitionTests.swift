import Accounts
import Foundation
import HummingbirdTesting
import LegacyCredentials
import SesameTestSupport
import Storage
import Testing

/// "Je n'ai pas de compte" → "J'ai un ancien compte" over HTTP.
@Suite struct LegacyTransitionTests {
    static let newPassword = "Nouveau-Depart7"

    func make(_ engine: Database.Engine = .sqlite) async throws -> WebFixture {
        let web = try await WebFixture.make(engine: engine)
        let mapping = LegacyFieldMapping(birthDate: "ENTPersonDateNaissance", linkedPupilID: "ENTAuxEnsEleveINE")
        let report = try await LegacyImporter(store: web.store).run(Data(LegacyFixture.ldif.utf8), format: .ldif, mapping: mapping, dryRun: false)
        #expect(report.imported.count == 2)
        return web
    }

    func oldLogin(_ client: some TestClientProtocol, _ login: String, _ password: String, jar: CookieJar,
                  next: String? = nil) async throws -> TestResponse {
        let csrf = try await client.csrfToken(jar: jar, page: "/ancien-compte")
        return try await client.post("/ancien-compte", form: [("csrf", csrf), ("login", login), ("password", password)]
                                     + (next.map { [("next", $0)] } ?? []), jar: jar)
    }

    func choose(_ client: some TestClientProtocol, handle: String, _ password: String, _ confirmation: String? = nil,
                jar: CookieJar) async throws -> TestResponse {
        let csrf = try await client.csrfToken(jar: jar, page: "/ancien-compte")
        return try await client.post("/ancien-compte/mot-de-passe", form: [("csrf", csrf), ("r", handle), ("password", password),
                                                                          ("confirmation", confirmation ?? password)], jar: jar)
    }

    static func handle(_ page: TestResponse) -> String? { page.text.firstCapture(of: #"name="r" value="([^"]+)""#) }

    @Test(arguments: TestDatabases.engines)
    func anOldAccountMovesOnceAndTheNewIdentifierLogsIn(_ engine: Database.Engine) async throws {
        let web = try await make(engine)
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            // The way in: login page → "Je n'ai pas de compte" → "J'ai un ancien compte", `next` carried along.
            #expect(try await client.get("/login?next=%2Fcompte%3Fx%3D1", jar: jar).text.contains("/activer?next=%2Fcompte%3Fx%3D1"))
            let choices = try await client.get("/activer?next=%2Fcompte%3Fx%3D1", jar: jar)
            #expect(choices.text.contains(#"href="/ancien-compte?next=%2Fcompte%3Fx%3D1""#))
            let form = try await client.get("/ancien-compte?next=%2Fcompte%3Fx%3D1", jar: jar)
            #expect(form.status == .ok && form.text.contains(#"name="next" value="/compte?x=1""#))

            let verified = try await oldLogin(client, "LDURAND", LegacyFixture.password, jar: jar, next: "/compte?x=1")
            #expect(verified.status == .ok)
            #expect(verified.text.contains("Notez l'identifiant qui vous est donné") || verified.text.contains("Notez l&#39;identifiant"))
            #expect(verified.text.contains(web.directory.pupil.identifier))
            #expect(verified.text.contains("Au moins 8 caractères"))
            let handle = try #require(Self.handle(verified))

            // Refused passwords keep the step: every broken rule is listed.
            let weak = try await choose(client, handle: handle, "durand", jar: jar)
            #expect(weak.status == .badRequest)
            #expect(weak.text.contains("au moins 8 caractères") && weak.text.contains("3 des 4 critères") && weak.text.contains("nom ou votre prénom"))
            let mismatch = try await choose(client, handle: handle, Self.newPassword, "Autre-Chose9", jar: jar)
            #expect(mismatch.status == .badRequest && mismatch.text.contains("sont différents"))

            let done = try await choose(client, handle: handle, Self.newPassword, jar: jar)
            #expect(done.status == .seeOther && done.headers[.location] == "/compte?x=1")
            #expect(jar["sesame_session"] != nil)
            #expect(try await client.get("/compte", jar: jar).text.contains(web.directory.pupil.identifier))

            // The handle serves once; the old credentials are off.
            let replay = try await choose(client, handle: handle, Self.newPassword, jar: jar)
            #expect(replay.status == .badRequest && replay.text.contains("Étape expirée"))
            let again = try await oldLogin(client, "ldurand", LegacyFixture.password, jar: CookieJar())
            #expect(again.status == .unauthorized)

            // The new identifier and password work like any account.
            let fresh = CookieJar()
            #expect(try await client.logIn(web.directory.pupil.identifier, Self.newPassword, jar: fresh).status == .seeOther)
        }
        let account = try await web.store.account(id: web.directory.pupil.id)
        #expect(account?.state == .active)
        let kinds = try await web.store.recentEvents(limit: 20).map(\.kind)
        #expect(kinds.contains(.legacyMoved) && kinds.contains(.legacyLoginFailed))
        #expect(try await web.store.legacyStatus().first?.moved == 1)
        await web.store.database.shutdown()
    }

    @Test func wrongPasswordAndUnknownLoginGetTheSameAnswerThenAreThrottled() async throws {
        let web = try await make()
        try await web.app.test(.router) { client in
            let wrong = try await oldLogin(client, "ldurand", "Pas-le-bon1", jar: CookieJar())
            let unknown = try await oldLogin(client, "personne", "Pas-le-bon1", jar: CookieJar())
            #expect(wrong.status == .unauthorized && unknown.status == .unauthorized)
            let message = #/<div class="alerte"[^>]*><p>([^<]+)</p>/#
            #expect(try message.firstMatch(in: wrong.text)?.1 == message.firstMatch(in: unknown.text)?.1)

            // Three free failures per login; the fourth starts the delays, which hold even for the right password.
            for _ in 0..<4 { _ = try await oldLogin(client, "pdurand", "Pas-le-bon1", jar: CookieJar()) }
            let throttled = try await oldLogin(client, "pdurand", LegacyFixture.password, jar: CookieJar())
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.headers[.retryAfter] != nil && throttled.text.contains("Trop de tentatives"))
        }
        #expect(try await web.store.recentEvents(limit: 1).first?.kind == .legacyLoginThrottled)
        await web.store.database.shutdown()
    }

    @Test func anEndedTransitionPointsToActivationOnlyAfterTheRightPassword() async throws {
        let web = try await make()
        #expect(try await web.store.endTransition(DirectoryFixture.collegeUAI, by: "chef", at: Date()))
        try await web.app.test(.router) { client in
            let ended = try await oldLogin(client, "ldurand", LegacyFixture.password, jar: CookieJar(), next: "/compte")
            #expect(ended.status == .forbidden)
            #expect(ended.text.contains("n&#39;accepte plus les anciens comptes") || ended.text.contains("n'accepte plus les anciens comptes"))
            #expect(ended.text.contains(#"href="/login?next=%2Fcompte""#))
            // A wrong password learns nothing about the establishment.
            #expect(try await oldLogin(client, "ldurand", "Pas-le-bon1", jar: CookieJar()).status == .unauthorized)
            // Paul's other child is at the lycée, which still accepts old accounts.
            #expect(try await oldLogin(client, "pdurand", LegacyFixture.password, jar: CookieJar()).status == .ok)
        }
        await web.store.database.shutdown()
    }

    @Test func aStepHandleIsWorthlessInAnotherBrowser() async throws {
        let web = try await make()
        try await web.app.test(.router) { client in
            let verified = try await oldLogin(client, "pdurand", LegacyFixture.password, jar: CookieJar())
            let handle = try #require(Self.handle(verified))
            let elsewhere = try await choose(client, handle: handle, Self.newPassword, jar: CookieJar())
            #expect(elsewhere.status == .badRequest && elsewhere.text.contains("Étape expirée"))
        }
        #expect(try await web.store.legacyAccount(login: "pdurand")?.isUsable == true)
        await web.store.database.shutdown()
    }
}
