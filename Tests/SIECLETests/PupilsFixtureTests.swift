import Foundation
import Testing
@testable import SIECLE

@Suite struct PupilsFixtureTests {
    @Test func isoPupilsExactValues() throws {
        let export = try SIECLEParser.readPupils(at: Fixtures.url("ElevesSansAdresses.xml"))
        #expect(export.uai == Fixtures.mainUAI)
        #expect(export.schoolYear == "2025")
        #expect(export.exportDate == SIECLEDate(year: 2025, month: 9, day: 2))
        #expect(export.timestamp == "02/09/2025 08:15:42")
        #expect(export.pupils.map(\.eleveID) == ["100001", "100002", "100003", "100004", "100005", "100006", "100007"])

        let eloise = export.pupils[0]
        #expect(eloise == ExportedPupil(
            eleveID: "100001", elenoet: "2001", ine: "1234567890A", familyName: "LEFÈVRE",
            birthFamilyName: "LEFÈVRE", usageName: nil, firstName: "Éloïse", secondFirstName: "Marie",
            birthDate: SIECLEDate(year: 2012, month: 3, day: 14), sex: .female, mef: "10110001110",
            entryDate: SIECLEDate(year: 2025, month: 9, day: 1), leavingDate: nil, leavingReason: nil,
            division: "6A", groups: [], malformed: [], sourceLine: 11))

        let jb = export.pupils[1]
        #expect(jb.firstName == "Jean-Baptiste")
        #expect(jb.familyName == "MOREAU-LAMBERT")
        #expect(jb.birthFamilyName == "MOREAU")
        #expect(jb.usageName == "MOREAU-LAMBERT")
        #expect(jb.sex == .male)
        #expect(jb.division == "5B")
        #expect(jb.groups == ["5B-LATIN", "G-€CO"])

        let aissatou = export.pupils[2]
        #expect(aissatou.familyName == "N'DIAYE")
        #expect(aissatou.firstName == "Aïssatou")
        #expect(aissatou.birthDate == SIECLEDate(year: 2012, month: 2, day: 29))
        #expect(aissatou.groups == ["CHORALE"])

        let clement = export.pupils[3]
        #expect(clement.familyName == "de La Tour")
        #expect(clement.firstName == "Clément")
        #expect(clement.secondFirstName == "François")
        #expect(clement.division == "4C")

        let zoe = export.pupils[4]
        #expect(zoe.familyName == "CŒURDACIER")
        #expect(zoe.firstName == "Zoé")
        #expect(zoe.groups == ["CHŒUR"])

        let noel = export.pupils[5]
        #expect(noel.familyName == "GARÇON")
        #expect(noel.firstName == "Noël")
        #expect(noel.leavingDate == SIECLEDate(year: 2026, month: 1, day: 15))
        #expect(noel.leavingReason == "DEM")
        #expect(noel.division == "3A")

        let anais = export.pupils[6]
        #expect(anais.firstName == "Anaïs")
        #expect(anais.division == nil)
        #expect(anais.groups.isEmpty)
        #expect(export.pupils.allSatisfy { $0.malformed.isEmpty })
    }

    /// € (0xA4) and Œ/œ (0xBC/0xBD) are where ISO-8859-15 differs from ISO-8859-1:
    /// read as Latin-1 they would come out as ¤ and ¼/½.
    @Test func iso885915DiffersFromLatin1() throws {
        let bytes = try Data(contentsOf: Fixtures.url("ElevesSansAdresses.xml"))
        #expect(bytes.contains(0xA4))
        #expect(bytes.contains(0xBC))
        let export = try SIECLEParser.readPupils(at: Fixtures.url("ElevesSansAdresses.xml"))
        let all = export.pupils.flatMap { [$0.familyName, $0.firstName] + $0.groups }.joined()
        #expect(all.contains("€") && all.contains("Œ"))
        #expect(!all.contains("¤") && !all.contains("¼") && !all.contains("½"))
    }

    @Test func utf8PupilsExactValues() throws {
        let export = try SIECLEParser.readPupils(at: Fixtures.url("ElevesAvecAdresses-utf8.xml"))
        #expect(export.uai == Fixtures.mainUAI)
        #expect(export.pupils.count == 3)
        #expect(export.pupils[0].familyName == "CŒUR")
        #expect(export.pupils[0].firstName == "Œlya")
        #expect(export.pupils[0].division == "6€")
        #expect(export.pupils[0].groups == ["G-€CO"])
        #expect(export.pupils[1].familyName == "Šimić")
        #expect(export.pupils[1].firstName == "Žofia")
        #expect(export.pupils[1].secondFirstName == "Ÿvonne")
        #expect(export.pupils[2].firstName == "Jean-Noël")
        #expect(export.pupils[2].birthDate == SIECLEDate(year: 2010, month: 12, day: 31))
    }

    @Test func streamComesInFileOrder() throws {
        var kinds: [String] = []
        try SIECLEParser.forEachPupilsEvent(plain("ElevesSansAdresses.xml", .pupils)) { event in
            switch event {
            case .header: kinds.append("h")
            case let .pupil(p): kinds.append("p" + p.eleveID.suffix(1)); #expect(p.division == nil)
            case let .structures(s): kinds.append("s" + s.eleveID.suffix(1))
            }
        }
        #expect(kinds == ["h", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "s1", "s2", "s3", "s4", "s5", "s6"])
    }

    @Test func asyncSequenceYieldsTheSameEvents() async throws {
        let document = plain("ElevesSansAdresses.xml", .pupils)
        var events: [PupilsEvent] = []
        for try await event in SIECLEParser.pupilsEvents(document) { events.append(event) }
        var expected: [PupilsEvent] = []
        try SIECLEParser.forEachPupilsEvent(document) { expected.append($0) }
        #expect(events == expected)
        #expect(events.count == 14)
    }

    @Test func pupilsReaderRefusesAGuardiansDocument() throws {
        let error = siecleError { _ = try PupilsStreamReader(document: plain("ResponsablesAvecAdresses.xml", .pupils)) }
        #expect(error == .wrongRootElement(file: "ResponsablesAvecAdresses.xml", found: "BEE_RESPONSABLES"))
    }
}
