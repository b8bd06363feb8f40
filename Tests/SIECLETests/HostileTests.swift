import Foundation
import Testing
@testable import SIECLE
import Primitives

@Suite struct HostileTests {
    @Test func malformedXMLGivesItsLine() {
        let error = siecleError { _ = try SIECLEParser.readPupils(at: Fixtures.url("malformed.xml")) }
        guard case let .malformedXML(file, line, detail) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
        #expect(file == "malformed.xml")
        #expect(line == 12)
        #expect(detail.contains("mismatch"))
        #expect(error?.frenchMessage.contains("ligne 12") == true)
    }

    @Test func truncatedXMLIsMalformed() {
        let error = siecleError { _ = try SIECLEParser.readPupils(at: Fixtures.url("truncated.xml")) }
        guard case .malformedXML(file: "truncated.xml", _, _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test func emptyFileIsMalformed() {
        let error = siecleError { _ = try SIECLEFile.detect(Fixtures.url("empty.xml")) }
        guard case .malformedXML(file: "empty.xml", _, _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    @Test func wrongRootElement() {
        let error = siecleError { _ = try SIECLEFile.detect(Fixtures.url("wrong_root.xml")) }
        #expect(error == .wrongRootElement(file: "wrong_root.xml", found: "BEE_NOMENCLATURES"))
    }

    @Test func doctypeIsRefusedBeforeItsEntities() {
        let error = siecleError { _ = try SIECLEParser.readPupils(at: Fixtures.url("doctype_entities.xml")) }
        #expect(error == .doctypeRefused(file: "doctype_entities.xml"))
        #expect(error?.frenchMessage.contains("DOCTYPE") == true)
    }

    /// Past the sniffer (a UTF-16 file is not ASCII-compatible), the reader's own node check refuses it.
    @Test func doctypeInUTF16IsRefusedToo() throws {
        let text = try String(contentsOf: Fixtures.url("doctype_entities.xml"), encoding: .utf8)
            .replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"UTF-16\"")
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("doctype-\(UUID().uuidString).xml")
        try text.data(using: .utf16)!.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let error = siecleError { _ = try SIECLEParser.readPupils(at: url) }
        #expect(error == .doctypeRefused(file: url.lastPathComponent))
    }

    @Test func depthLimit() {
        let error = siecleError { _ = try SIECLEParser.readPupils(at: Fixtures.url("too_deep.xml")) }
        #expect(error == .tooDeep(file: "too_deep.xml", limit: 16))
    }

    @Test func fileTooBig() {
        let limits = SIECLELimits(maxFileSize: 4096)
        let error = siecleError { _ = try SIECLEParser.readPupils(at: Fixtures.url("ElevesSansAdresses.xml"), limits: limits) }
        #expect(error == .fileTooBig(file: "ElevesSansAdresses.xml", limit: 4096))
    }

    @Test func missingAndInvalidUAJ() {
        #expect(siecleError { _ = try SIECLEParser.readPupils(at: Fixtures.url("missing_uaj.xml")) }
            == .missingUAJ(file: "missing_uaj.xml"))
        #expect(siecleError { _ = try SIECLEParser.readPupils(at: Fixtures.url("invalid_uaj.xml")) }
            == .invalidUAJ(file: "invalid_uaj.xml", value: "0693456Z"))
    }

    @Test func uaiCheckLetter() {
        #expect(UAI.isValid("0693456G"))
        #expect(UAI.isValid("0751234J"))
        #expect(UAI.checkLetter(forDigits: "0750654") == "D")
        #expect(!UAI.isValid("0693456H"))
        #expect(!UAI.isValid("693456G"))
        #expect(!UAI.isValid("06934560"))
        #expect(!UAI.isValid("0693456g"))
        #expect(!UAI.isValid(""))
    }

    @Test func everyErrorHasMessages() {
        let errors: [SIECLEError] = [
            .malformedXML(file: "f", line: 3, detail: "d"), .wrongRootElement(file: "f", found: "X"),
            .doctypeRefused(file: "f"), .tooDeep(file: "f", limit: 16), .fileTooBig(file: "f", limit: 1 << 20),
            .zipRatioTooHigh(file: "f", entry: "e", limit: 100), .corruptZip(file: "f", detail: "d"),
            .noExportInZip(file: "f"), .unreadable(file: "f", detail: "d"), .missingUAJ(file: "f"),
            .invalidUAJ(file: "f", value: "v"), .wrongEstablishment(file: "f", expected: "a", found: "b"),
            .uajMismatch(pupils: "a", guardians: "b"), .duplicateExport(kind: .pupils, first: "a", second: "b"),
            .noExport,
        ]
        #expect(Set(errors.map(\.frenchMessage)).count == errors.count)
        #expect(Set(errors.map(\.logMessage)).count == errors.count)
    }

    @Test func missingFileIsUnreadable() {
        let error = siecleError { _ = try SIECLEFile.detect(Fixtures.url("nope.xml")) }
        guard case .unreadable(file: "nope.xml", _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }
}
