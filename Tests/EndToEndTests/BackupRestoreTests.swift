import Demo
import Foundation
import SesameTestSupport
import Testing

/// `sesame backup` while the server runs, `sesame restore` into a fresh
/// folder: a server started there has the same accounts and the same keys.
@Suite struct BackupRestoreTests {
    @Test func aBackupTakenWhileServingRestoresToAWorkingServer() async throws {
        let first = try SesameProcess.temporaryDirectory(), second = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--demo"], in: first)
        defer { server.stop() }
        let accounts = try JSONDecoder().decode([DemoAcademy.Credential].self, from: Data(try await Browser().get(server.baseURL + "/demo/accounts.json").body.utf8))
        let pupil = try #require(accounts.first { $0.role == "pupil" })
        #expect(try await Browser().logIn(at: server.baseURL, pupil.identifier, pupil.password).status == 303)
        let certificate = try #require(try await Browser().get(server.baseURL + "/saml/metadata").body.firstCapture(of: "<ds:X509Certificate>([^<]+)<"))

        let backup = first.appendingPathComponent("sauvegarde")
        let taken = try SesameProcess.run(["backup", "--to", backup.path], in: first)
        #expect(taken.status == 0, "\(taken.output)")
        let again = try SesameProcess.run(["backup", "--to", backup.path], in: first)
        #expect(again.status != 0 && again.output.contains("n'est pas vide"), "a backup never overwrites another")
        server.stop()

        let restored = try SesameProcess.run(["restore", "--from", backup.path, "--data-dir", second.appendingPathComponent("data").path], in: second)
        #expect(restored.status == 0, "\(restored.output)")
        let attributes = try FileManager.default.attributesOfItem(atPath: second.appendingPathComponent("data/sesame.sqlite3").path)
        #expect((attributes[.posixPermissions] as? Int) == 0o600, "the restored database is the service's only")
        let revived = try await SesameProcess.serve([], in: second)
        defer { revived.stop() }
        #expect(try await Browser().logIn(at: revived.baseURL, pupil.identifier, pupil.password).status == 303, "the same accounts and passwords")
        let metadata = try await Browser().get(revived.baseURL + "/saml/metadata").body
        #expect(metadata.firstCapture(of: "<ds:X509Certificate>([^<]+)<") == certificate, "the same signing key")
    }
}
