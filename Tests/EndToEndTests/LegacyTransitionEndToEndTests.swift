import Accounts
import Demo
import Foundation
import SesameTestSupport
import Testing

/// The transition with the real binary: hashes made now by passlib, an LDIF
/// imported by `sesame import-legacy`, the old login in a browser, then the
/// new identifier.
@Suite struct LegacyTransitionEndToEndTests {
    static let oldPassword = "Vieux-Portail9"
    static let newPassword = "Tout-Neuf-2026"

    /// Chloé Dupont (demo pupil, by birth date), Nadia Martin (demo guardian,
    /// by Léo's INE) and a stranger.
    static func ldif(_ hashes: [String: Any]) -> String {
        """
        dn: uid=cdupont,ou=eleves,dc=ent
        uid: cdupont
        sn: DUPONT
        givenName: Chloe
        ENTPersonDateNaissance: 20120314
        userPassword: \(hashes["sha512_crypt"] as? String ?? "")

        dn: uid=nmartin,ou=parents,dc=ent
        uid: nmartin
        sn: Martin
        givenName: Nadia
        ENTAuxEnsEleveINE: 0612000007A
        userPassword: \(hashes["bcrypt"] as? String ?? "")

        dn: uid=inconnu,ou=parents,dc=ent
        uid: inconnu
        sn: Personne
        givenName: Nul
        ENTPersonDateNaissance: 20100101
        userPassword: \(hashes["ssha512"] as? String ?? "")

        """
    }

    @Test func importLogInWithTheOldAccountChooseAPasswordAndUseTheNewIdentifier() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        try await SesameProcess.serve(["--demo"], in: directory).stop()
        let hashes = try await PythonPeer.run("Interop/legacy_hashes.py", [Self.oldPassword])

        // A malformed file is refused with its line and writes nothing.
        let bad = directory.appendingPathComponent("bad.ldif")
        try Data((Self.ldif(hashes) + "\ndn: uid=x\nuid x\n").utf8).write(to: bad)
        let refused = try SesameProcess.run(["import-legacy", bad.path], in: directory)
        #expect(refused.status != 0 && refused.output.contains("Ligne 23") && refused.output.contains("aucun compte importé"))
        #expect(try SesameProcess.run(["legacy", "status"], in: directory).output.contains("Aucun ancien compte importé"))

        let good = directory.appendingPathComponent("ancien-portail.ldif")
        try Data(Self.ldif(hashes).utf8).write(to: good)
        let dry = try SesameProcess.run(["import-legacy", good.path, "--dry-run"], in: directory)
        #expect(dry.status == 0 && dry.output.contains("Simulation") && dry.output.contains("À importer : 2"))
        let imported = try SesameProcess.run(["import-legacy", good.path, "--format", "ldif"], in: directory)
        #expect(imported.status == 0, "\(imported.output)")
        #expect(imported.output.contains("Importés : 2") && imported.output.contains("Ligne 15 : « inconnu » non importé"))

        let server = try await SesameProcess.serve([], in: directory)
        let browser = Browser()
        let form = try await browser.get(server.baseURL + "/ancien-compte")
        let verified = try await browser.post(server.baseURL + "/ancien-compte", form: [
            ("csrf", form.body.csrfField ?? ""), ("login", "CDupont"), ("password", Self.oldPassword)])
        #expect(verified.status == 200 && verified.body.contains("c.dupont10"))
        let handle = try #require(verified.body.firstCapture(of: #"name="r" value="([^"]+)""#))
        let done = try await browser.post(server.baseURL + "/ancien-compte/mot-de-passe", form: [
            ("csrf", verified.body.csrfField ?? ""), ("r", handle), ("password", Self.newPassword), ("confirmation", Self.newPassword)])
        #expect(done.status == 303 && done.location == "/compte")
        #expect(try await browser.get(server.baseURL + "/compte").body.contains("c.dupont10"))

        let other = Browser()
        #expect(try await other.logIn(at: server.baseURL, "c.dupont10", Self.newPassword).status == 303)
        #expect(try await Browser().logIn(at: server.baseURL, "c.dupont10", DemoAcademy.pupilPassword).status == 401)
        server.stop()

        let status = try SesameProcess.run(["legacy", "status"], in: directory).output
        #expect(status.contains("0861002X\t2\t1\t1\ten cours"))
        let end = try SesameProcess.run(["legacy", "end-transition", "--establishment", "0861002X"], in: directory)
        #expect(end.status == 0 && end.output.contains("Transition terminée pour 0861002X"))
        #expect(try SesameProcess.run(["legacy", "status"], in: directory).output.contains("0861002X\t2\t1\t1\tterminée le"))
    }
}

@Suite struct LegacyCommandHelpTests {
    @Test(arguments: [["import-legacy"], ["legacy", "status"], ["legacy", "end-transition"]])
    func everyLegacyCommandExplainsItself(_ command: [String]) throws {
        let result = try SesameProcess.run(command + ["--help"], in: try SesameProcess.temporaryDirectory())
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: sesame \(command.joined(separator: " "))"))
        #expect(result.output.contains("--data-dir") && result.output.contains("--database"))
    }
}
