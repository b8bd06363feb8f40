import Accounts
import Demo
import Foundation
import SesameTestSupport
import Storage
import Testing

/// Two `sesame serve` processes on one PostgreSQL database are one service.
@Suite struct SharedPostgreSQLTests {
    @Test func aSessionOpenedOnOneProcessIsValidOnTheOther() async throws {
        let (a, b, _) = try await twoServers()
        defer { a.stop(); b.stop() }

        let browser = Browser()
        let parent = try #require(try await demoAccounts(a).first { $0.role == "guardian" && $0.establishments.count == 2 })
        let login = try await browser.logIn(at: a.baseURL, parent.identifier, parent.password)
        #expect(login.status == 303)
        let onB = try await browser.get(b.baseURL + "/compte")
        #expect(onB.status == 200)
        #expect(onB.body.contains(parent.identifier))

        // Logging out on B ends the session on A too.
        let logout = try await browser.post(b.baseURL + "/logout", form: [("csrf", onB.body.csrfField ?? "")])
        #expect(logout.status == 303)
        let jar = browser.jar
        #expect(jar["sesame_session"] == nil)
        #expect(try await browser.get(a.baseURL + "/compte").status == 303)
    }

    @Test func failuresCountedOnOneProcessSlowTheOtherDown() async throws {
        let (a, b, url) = try await twoServers()
        defer { a.stop(); b.stop() }
        let pupil = try #require(try await demoAccounts(a).first { $0.role == "pupil" })
        for server in [a, b, a, b] {
            #expect(try await Browser().logIn(at: server.baseURL, pupil.identifier, "Wrong-2026").status == 401)
        }
        // All four counted in the one database, whichever process saw them
        // (checked there, not by timing a 2-second block on a busy machine).
        let store = try await SQLStore.open(url: url)
        // The strict key is the identifier from that address (the browser's, loopback).
        let state = try await store.throttleState(key: ThrottleKey.identifier(pupil.identifier, from: "127.0.0.1"))
        await store.database.shutdown()
        #expect(state?.failures == 4)
        #expect(state.map { $0.blockedUntil > $0.lastFailure } == true, "the fourth failure blocks the identifier for a while")
    }

    /// Two demo servers on a fresh PostgreSQL database; the second starts
    /// once the first has loaded the demo.
    func twoServers() async throws -> (SesameProcess, SesameProcess, String) {
        let url = try await TestDatabases.postgresURL()
        let directory = try SesameProcess.temporaryDirectory()
        let common = ["--demo", "--database", url]
        let a = try await SesameProcess.serve(common, in: directory)
        return (a, try await SesameProcess.serve(common, in: directory), url)
    }

    func demoAccounts(_ server: SesameProcess) async throws -> [DemoAcademy.Credential] {
        let page = try await Browser().get(server.baseURL + "/demo/accounts.json")
        return try JSONDecoder().decode([DemoAcademy.Credential].self, from: Data(page.body.utf8))
    }
}
