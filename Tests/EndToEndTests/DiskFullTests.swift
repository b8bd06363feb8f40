import Foundation
import SesameTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The SQLite data directory fills up in the middle of a SIECLE import:
/// the import says so in French, nothing of it is written, and the
/// database serves as before.
@Suite struct DiskFullTests {
    @Test(.enabled(if: getuid() == 0, "mounting a small filesystem needs root"))
    func aFullDiskDuringAnImportFailsCleanlyAndLeavesTheDatabaseWhole() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let small = directory.appendingPathComponent("petit-disque")
        try FileManager.default.createDirectory(at: small, withIntermediateDirectories: true)
        try Nginx.run("/bin/mount", ["-t", "tmpfs", "-o", "size=3m", "tmpfs", small.path])
        defer { _ = try? Nginx.run("/bin/umount", ["-l", small.path]) }
        let data = ["--data-dir", small.appendingPathComponent("data").path]

        // A first, small import fits.
        let fixtures = ["ElevesSansAdresses.xml", "ResponsablesAvecAdresses.xml"].map(SIECLEImportCommandTests.fixture)
        let first = try SesameProcess.run(["import-siecle"] + data + ["--establishment-name", "Collège Jean Moulin"] + fixtures, in: directory)
        #expect(first.status == 0, "\(first.output)")
        let before = try SesameProcess.run(["accounts", "list", "--establishment", "0693456G"] + data, in: directory).output

        // Then an export of 6,000 pupils for the same school, which does not.
        let files = try SIECLEImportCommandTests.largeExport(pupils: 6000, guardians: 9000, in: directory)
        let full = try SesameProcess.run(["import-siecle"] + data + files, in: directory)
        print("fault run, disk full during an import: exit \(full.status), said: \(full.output.trimmingCharacters(in: .whitespacesAndNewlines))")
        #expect(full.status == 3 && full.output.contains("Le disque du serveur est plein"), "\(full.output)")

        // Nothing half-written: the same accounts, a consistent database.
        let after = try SesameProcess.run(["accounts", "list", "--establishment", "0693456G"] + data, in: directory).output
        #expect(after == before)
        let check = try SesameProcess.run(["migrate"] + data, in: directory)
        #expect(check.status == 0 && check.output.contains("Schéma à jour"))
    }
}
