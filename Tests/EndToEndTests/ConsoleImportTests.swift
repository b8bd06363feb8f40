import Foundation
import SesameTestSupport
import Testing

/// The console's SIECLE upload with the real binary: a head of
/// establishment tries the collège's export, imports it, and is refused
/// another establishment's file.
@Suite struct ConsoleImportTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SIECLETests/Fixtures/" + name))
    }

    @Test func aChefImportsTheirEstablishmentsExportFromTheConsole() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--demo"], in: directory)
        defer { server.stop() }
        let base = server.baseURL, browser = Browser()
        let signIn = try await browser.get(base + "/admin/connexion")
        let signedIn = try await browser.post(base + "/admin/connexion", form: [("csrf", signIn.body.csrfField ?? ""), ("login", "chef.college"),
                                                                            ("password", "Chef-Demo-2026")])
        #expect(signedIn.location == "/admin")
        let form = try await browser.get(base + "/admin/import")
        let csrf = try #require(form.body.csrfField)
        // The fixture's export, given to the demo collège (0861002X).
        let pupils = Data(String(decoding: try Self.fixture("ElevesAvecAdresses-utf8.xml"), as: UTF8.self)
            .replacingOccurrences(of: "<UAJ>0693456G</UAJ>", with: "<UAJ>0861002X</UAJ>").utf8)

        let trial = try await browser.post(base + "/admin/import", fields: [("csrf", csrf), ("essai", "1")],
                                           files: [("fichiers", "ElevesAvecAdresses.xml", pupils)])
        #expect(trial.status == 200)
        #expect(trial.body.contains("rien n&#39;a été enregistré") || trial.body.contains("rien n'a été enregistré"))
        let before = try await browser.get(base + "/admin/etablissement/0861002X")

        let real = try await browser.post(base + "/admin/import", fields: [("csrf", csrf)], files: [("fichiers", "ElevesAvecAdresses.xml", pupils)])
        #expect(real.status == 200)
        #expect(real.body.contains("Import terminé"))
        let after = try await browser.get(base + "/admin/etablissement/0861002X")
        #expect(after.body.contains("DUBOIS") && !before.body.contains("DUBOIS"), "the new pupils are listed")
        #expect(after.body.contains("créé"), "new accounts start as created")

        let other = try await browser.post(base + "/admin/import", fields: [("csrf", csrf)],
                                           files: [("fichiers", "ElevesAutreEtablissement.xml", try Self.fixture("ElevesAutreEtablissement.xml"))])
        #expect(other.status == 400)
        #expect(other.body.contains("Import refusé"))
        let unchanged = try await browser.get(base + "/admin/etablissement/0861002X")
        #expect(unchanged.body.components(separatedBy: "<tr>").count == after.body.components(separatedBy: "<tr>").count, "a refused file changes nothing")
    }
}
