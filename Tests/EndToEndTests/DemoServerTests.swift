import Accounts
import Demo
import Foundation
import SesameTestSupport
import Testing
import Primitives

/// `sesame serve --demo` as a newcomer runs it: SQLite in a data directory.
@Suite struct DemoServerTests {
    @Test func theDemoAcademyIsServedAndItsAccountsLogIn() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--demo"], in: directory)
        let browser = Browser()
        let json = try await browser.get(server.baseURL + "/demo/accounts.json")
        #expect(json.status == 200)
        let accounts = try JSONDecoder().decode([DemoAcademy.Credential].self, from: Data(json.body.utf8))
        let schools = Set(accounts.flatMap(\.establishments))
        #expect(schools.count == 3)
        #expect(schools.allSatisfy { UAI($0) != nil })
        #expect(accounts.filter { $0.role == "pupil" }.count >= 30)
        #expect(accounts.contains { $0.role == "guardian" && $0.establishments.count == 2 })
        #expect(accounts.contains { $0.note.contains("groupé") })
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/sesame.sqlite3").path))

        let page = try await browser.get(server.baseURL + "/demo")
        #expect(page.body.contains("Comptes de démonstration"))
        let parent = try #require(accounts.first { $0.establishments.count == 2 })
        #expect(try await browser.logIn(at: server.baseURL, parent.identifier, parent.password).status == 303)
        let account = try await browser.get(server.baseURL + "/compte")
        #expect(account.body.contains("Collège Marie Curie"))

        // The banner names the URL and a few accounts to try.
        server.stop()
        let banner = String(decoding: server.output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(banner.contains(server.baseURL))
        #expect(banner.contains(parent.identifier) || banner.contains(accounts[0].identifier))

        // Started again on the same data, nothing is loaded twice.
        let again = try await SesameProcess.serve(["--demo"], in: directory)
        defer { again.stop() }
        let second = try await Browser().get(again.baseURL + "/demo/accounts.json")
        #expect(try JSONDecoder().decode([DemoAcademy.Credential].self, from: Data(second.body.utf8)) == accounts)
    }

    @Test func outsideDemoModeThereIsNoDemo() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve([], in: directory)
        defer { server.stop() }
        #expect(try await Browser().get(server.baseURL + "/demo/accounts.json").status == 404)
        #expect(try await Browser().get(server.baseURL + "/healthz").status == 200)
    }
}
