import Foundation
import SesameTestSupport
import Testing

/// `sesame import-siecle` with the real binary on the committed fixtures.
@Suite struct SIECLEImportCommandTests {
    static func fixture(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SIECLETests/Fixtures/\(name)").path
    }

    /// A generated export of the fixtures' school (generate_fixtures.py large), its XML files.
    static func largeExport(pupils: Int, guardians: Int, in directory: URL) throws -> [String] {
        let export = directory.appendingPathComponent("gros-export")
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("SIECLETests/generate_fixtures.py").path
        try Nginx.run("/usr/bin/env", ["python3", script, "large", export.path, "--pupils", "\(pupils)", "--guardians", "\(guardians)"])
        return try FileManager.default.contentsOfDirectory(atPath: export.path).filter { $0.hasSuffix(".xml") }.map { export.appendingPathComponent($0).path }
    }

    @Test func explainsItself() throws {
        let result = try SesameProcess.run(["import-siecle", "--help"], in: try SesameProcess.temporaryDirectory())
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: sesame import-siecle") && result.output.contains("--dry-run"))
    }

    @Test func importsReportsIsIdempotentAndRefusesBadFiles() throws {
        let directory = try SesameProcess.temporaryDirectory()
        let files = [Self.fixture("ElevesSansAdresses.xml"), Self.fixture("ResponsablesAvecAdresses.xml")]

        let dry = try SesameProcess.run(["import-siecle", "--dry-run"] + files, in: directory)
        #expect(dry.status == 0, "\(dry.output)")
        #expect(dry.output.contains("Simulation d'import SIECLE"))

        let first = try SesameProcess.run(["import-siecle", "--establishment-name", "Collège Jean Moulin", "--city", "Lyon"] + files, in: directory)
        #expect(first.status == 0, "\(first.output)")
        #expect(first.output.contains("Import SIECLE pour Collège Jean Moulin (0693456G) enregistré."))
        #expect(first.output.contains("Élèves : 7 ajouté(s), 0 modifié(s), 0 sorti(s), 0 inchangé(s)."))
        #expect(first.output.contains("Jean-Baptiste MOREAU-LAMBERT"))
        #expect(first.output.contains("pas représentant légal"))

        let second = try SesameProcess.run(["import-siecle"] + files, in: directory)
        #expect(second.status == 0)
        #expect(second.output.contains("Aucun changement par rapport à l'import précédent."))

        let list = try SesameProcess.run(["accounts", "list", "--establishment", "0693456G"], in: directory)
        #expect(list.output.contains("j.moreaulambert10\tpupil\tcreated"))

        let bad = try SesameProcess.run(["import-siecle", Self.fixture("malformed.xml")], in: directory)
        #expect(bad.status == 2)
        #expect(bad.output.contains("n'est pas un XML valide"))
        #expect(!bad.output.contains("Error:"))
    }
}
