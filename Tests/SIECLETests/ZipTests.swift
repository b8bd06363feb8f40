import Foundation
import Testing
@testable import SIECLE

@Suite struct ZipTests {
    @Test func detectsBothExportsInTheZip() throws {
        let documents = try SIECLEFile.detect(Fixtures.url("export.zip"))
        #expect(documents.map(\.kind) == [.pupils, .guardians])
        #expect(documents.map(\.entryPath) == ["ElevesSansAdresses.xml", "ResponsablesAvecAdresses.xml"])
        #expect(documents[0].displayName == "export.zip/ElevesSansAdresses.xml")
    }

    @Test func zippedExportsEqualThePlainOnes() throws {
        let zip = try SIECLEParser.parseFiles([Fixtures.url("export.zip")])
        let pupils = try SIECLEParser.readPupils(at: Fixtures.url("ElevesSansAdresses.xml"))
        let guardians = try SIECLEParser.readGuardians(at: Fixtures.url("ResponsablesAvecAdresses.xml"))
        #expect(zip.pupils == pupils)
        #expect(zip.guardians == guardians)
        #expect(zip.report.isEmpty)
    }

    @Test func plainDetection() throws {
        #expect(try SIECLEFile.detect(Fixtures.url("ElevesSansAdresses.xml")).map(\.kind) == [.pupils])
        #expect(try SIECLEFile.detect(Fixtures.url("ResponsablesAvecAdresses.xml")).map(\.kind) == [.guardians])
        #expect(SIECLEFile.isZip(Fixtures.url("export.zip")))
        #expect(!SIECLEFile.isZip(Fixtures.url("ElevesSansAdresses.xml")))
    }

    @Test func truncatedZip() {
        let error = siecleError { _ = try SIECLEFile.detect(Fixtures.url("truncated.zip")) }
        guard case .corruptZip(file: "truncated.zip", _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test func corruptZipData() {
        let error = siecleError { _ = try SIECLEParser.parseFiles([Fixtures.url("corrupt.zip")]) }
        switch error {
        case .corruptZip(file: "corrupt.zip", _): break
        default: Issue.record("got \(String(describing: error))")
        }
    }

    @Test func zipWithoutExport() {
        #expect(siecleError { _ = try SIECLEFile.detect(Fixtures.url("no_export.zip")) }
            == .noExportInZip(file: "no_export.zip"))
    }

    @Test func zipBombRefusedByRatio() {
        #expect(siecleError { _ = try SIECLEFile.detect(Fixtures.url("bomb.zip")) }
            == .zipRatioTooHigh(file: "bomb.zip", entry: "ElevesSansAdresses.xml", limit: 100))
    }

    /// Threat: a zip of thousands of tiny entries keeps a core busy for
    /// minutes, each entry opened in turn.
    @Test func aZipWithThousandsOfEntriesIsRefusedBeforeAnyIsOpened() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("siecle-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let zip = folder.appendingPathComponent("many.zip")
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", """
            import sys, zipfile
            with zipfile.ZipFile(sys.argv[1], "w") as z:
                for i in range(5000): z.writestr(f"e{i}.xml", "<BEE_ELEVES/>")
            """, zip.path]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        #expect(siecleError { _ = try SIECLEFile.detect(zip) } == .tooManyZipEntries(file: "many.zip", limit: SIECLELimits.default.maxZipEntries))
    }

    @Test func zipEntryTooBig() {
        let limits = SIECLELimits(maxFileSize: 4096)
        #expect(siecleError { _ = try SIECLEFile.detect(Fixtures.url("export.zip"), limits: limits) }
            == .fileTooBig(file: "export.zip/ElevesSansAdresses.xml", limit: 4096))
    }

    /// Stopping early (detection reads only up to the root) must not leave the extraction thread hanging.
    @Test func earlyStopsDoNotHang() throws {
        for _ in 0..<50 { _ = try SIECLEFile.detect(Fixtures.url("export.zip")) }
    }
}

@Suite struct ZipChecksumTests {
    /// The XML inflates fine and parses, but the checksum is wrong: the zip is refused.
    @Test func badChecksumIsCorrupt() {
        let error = siecleError { _ = try SIECLEParser.parseFiles([Fixtures.url("bad_crc.zip")]) }
        #expect(error == .corruptZip(file: "bad_crc.zip", detail: "CRC-32 mismatch in ElevesSansAdresses.xml"))
    }
}
