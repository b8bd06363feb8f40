import Foundation
import Testing
@testable import SIECLE

@Suite struct GuardiansFixtureTests {
    @Test func isoGuardiansExactValues() throws {
        let export = try SIECLEParser.readGuardians(at: Fixtures.url("ResponsablesAvecAdresses.xml"))
        #expect(export.uai == Fixtures.mainUAI)
        #expect(export.persons.count == 9)
        #expect(export.persons[0] == ExportedPerson(
            personID: "500001", civility: "MME", familyName: "LEFÈVRE", birthFamilyName: "LEFÈVRE",
            usageName: nil, firstName: "Hélène", mobile: "06 12 34 56 78", homePhone: nil, workPhone: nil,
            email: "helene.lefevre@example.fr", acceptsSMS: true, addressID: "900001", malformed: [],
            sourceLine: 11))
        let francois = export.persons[1]
        #expect(francois.civility == "M.")
        #expect(francois.firstName == "François")
        #expect(francois.homePhone == "04 78 00 00 01")
        #expect(francois.mobile == nil)
        #expect(francois.acceptsSMS == false)
        let cecile = export.persons[2]
        #expect(cecile.familyName == "MOREAU-LAMBERT")
        #expect(cecile.birthFamilyName == "LAMBERT")
        #expect(cecile.email == "cecile.ml@example.org")
        #expect(export.persons[3].familyName == "N'DIAYE")
        #expect(export.persons[4].familyName == "de La Tour")
        #expect(export.persons[4].firstName == "Bérénice")
        #expect(export.persons[4].acceptsSMS == nil)
        #expect(export.persons[5].familyName == "CŒURDACIER")
        #expect(export.persons[5].firstName == "Loïc")
        #expect(export.persons[6].firstName == "Maëlle")
        #expect(export.persons[6].addressID == nil)
        #expect(export.persons[7].workPhone == "04 72 00 00 08")
        #expect(export.persons[8].familyName == "BŒUF")
        #expect(export.persons[8].firstName == "Françoise")

        #expect(export.links.count == 9)
        #expect(export.links.map { "\($0.eleveID)>\($0.personID):\($0.legalRank):\($0.kinship ?? "-")" } == [
            "100001>500001:1:10", "100001>500002:2:20", "100002>500003:1:10", "100003>500004:1:20",
            "100004>500005:1:10", "100005>500006:1:20", "100006>500007:1:10", "100007>500008:1:20",
            "100001>500009:0:50",
        ])
        #expect(export.links.allSatisfy { $0.malformed.isEmpty })
    }

    @Test func asyncGuardiansSequence() async throws {
        var persons = 0
        var links = 0
        var header: ExportHeader?
        for try await event in SIECLEParser.guardiansEvents(plain("ResponsablesAvecAdresses.xml", .guardians)) {
            switch event {
            case let .header(h): header = h
            case .person: persons += 1
            case .link: links += 1
            }
        }
        #expect(header?.uai == Fixtures.mainUAI)
        #expect(persons == 9 && links == 9)
    }
}
