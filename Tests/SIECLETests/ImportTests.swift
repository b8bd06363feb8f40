import Foundation
import Testing
@testable import SIECLE

@Suite struct ImportTests {
    @Test func plainPairImports() throws {
        let result = try SIECLEParser.parseFiles([Fixtures.url("ResponsablesAvecAdresses.xml"),
                                                  Fixtures.url("ElevesSansAdresses.xml")],
                                                 expectedUAI: "0693456g")
        #expect(result.documents.map(\.kind) == [.guardians, .pupils])
        #expect(result.pupils?.pupils.count == 7)
        #expect(result.guardians?.persons.count == 9)
    }

    @Test func fileForAnotherEstablishment() {
        #expect(siecleError {
            _ = try SIECLEParser.parseFiles([Fixtures.url("ElevesAutreEtablissement.xml"),
                                             Fixtures.url("ResponsablesAvecAdresses.xml")])
        } == .uajMismatch(pupils: Fixtures.otherUAI, guardians: Fixtures.mainUAI))
        #expect(siecleError {
            _ = try SIECLEParser.parseFiles([Fixtures.url("ElevesAutreEtablissement.xml")], expectedUAI: Fixtures.mainUAI)
        } == .wrongEstablishment(file: "ElevesAutreEtablissement.xml", expected: Fixtures.mainUAI, found: Fixtures.otherUAI))
    }

    @Test func twoPupilsExports() {
        #expect(siecleError {
            _ = try SIECLEParser.parseFiles([Fixtures.url("ElevesSansAdresses.xml"), Fixtures.url("export.zip")])
        } == .duplicateExport(kind: .pupils, first: "ElevesSansAdresses.xml", second: "export.zip/ElevesSansAdresses.xml"))
    }

    @Test func noFiles() {
        #expect(siecleError { _ = try SIECLEParser.parseFiles([]) } == .noExport)
    }

    @Test func hostileFileStopsTheImport() {
        #expect(siecleError {
            _ = try SIECLEParser.parseFiles([Fixtures.url("ResponsablesAvecAdresses.xml"), Fixtures.url("doctype_entities.xml")])
        } == .doctypeRefused(file: "doctype_entities.xml"))
    }

    @Test func guardiansAloneSkipThePupilLinkCheck() throws {
        let result = try SIECLEParser.parseFiles([Fixtures.url("ResponsablesAvecAdresses.xml")])
        #expect(result.pupils == nil)
        #expect(result.report.issues.isEmpty)
    }
}
