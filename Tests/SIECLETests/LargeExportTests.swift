import Foundation
import Testing
@testable import SIECLE

/// Generated at test time by generate_fixtures.py (`large` mode) into a temporary directory.
@Suite(.serialized) struct LargeExportTests {
    @Test func establishmentOf2000PupilsAnd3500Guardians() throws {
        let dir = try generateLarge(pupils: 2000, guardians: 3500)
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Date()
        let result = try SIECLEParser.parseFiles([dir.appendingPathComponent("ElevesSansAdresses.xml"),
                                                  dir.appendingPathComponent("ResponsablesAvecAdresses.xml")])
        let elapsed = Date().timeIntervalSince(start)
        #expect(result.pupils?.pupils.count == 2000)
        #expect(result.guardians?.persons.count == 3500)
        #expect(result.guardians?.links.count == 3500)
        #expect(result.pupils?.pupils.allSatisfy { $0.division != nil } == true)
        #expect(!result.report.issues.contains { $0.blocksAccount })
        print("SIECLE 2000+3500 parse+validate: \(String(format: "%.3f", elapsed)) s")
        #expect(elapsed < 3)
    }

    /// 100,000 pupils streamed: the peak RSS must stay flat (well under 300 MB).
    @Test func academieOf100000PupilsStaysFlat() throws {
        let dir = try generateLarge(pupils: 100_000, guardians: 0)
        defer { try? FileManager.default.removeItem(at: dir) }
        let url = dir.appendingPathComponent("ElevesSansAdresses.xml")
        let size = (try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        let resetWorked = resetPeakRSS()
        let before = procStatusKB("VmHWM")
        let start = Date()
        var pupils = 0
        var structures = 0
        var validator = SIECLEValidator()
        for document in try SIECLEFile.detect(url) {
            try SIECLEParser.forEachPupilsEvent(document) { event in
                switch event {
                case let .pupil(pupil): pupils += 1; validator.add(pupil)
                case .structures: structures += 1
                case .header: break
                }
            }
        }
        let elapsed = Date().timeIntervalSince(start)
        let after = procStatusKB("VmHWM")
        #expect(pupils == 100_000)
        #expect(structures == 100_000)
        #expect(!validator.report().issues.contains { $0.blocksAccount })
        print("SIECLE 100000 pupils (\(size / 1_048_576) MiB): \(String(format: "%.2f", elapsed)) s, "
              + "VmHWM \(before / 1024) -> \(after / 1024) MiB (reset \(resetWorked))")
        #expect(after > 0 && after < 300 * 1024)
        if resetWorked { #expect(after - before < 100 * 1024) }
    }
}
