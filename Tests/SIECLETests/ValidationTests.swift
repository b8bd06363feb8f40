import Foundation
import Testing
@testable import SIECLE

@Suite struct ValidationTests {
    @Test func anomaliesAreReported() throws {
        let result = try SIECLEParser.parseFiles([Fixtures.url("ElevesAnomalies.xml"),
                                                  Fixtures.url("ResponsablesAnomalies.xml")])
        let pupils = try #require(result.pupils)
        #expect(pupils.pupils.count == 9)
        let byID = Dictionary(grouping: pupils.pupils, by: \.eleveID)
        #expect(byID["200002"]?.first?.birthDate == nil)
        #expect(byID["200002"]?.first?.malformed == [MalformedValue(field: "DATE_NAISS", value: "31/02/2012")])

        let issues = result.report.issues
        func pupilBlockers(_ id: String) -> [AccountBlocker] {
            issues.compactMap {
                if case let .pupilWithoutAccount(ref, reason) = $0, ref.eleveID == id { return reason }
                return nil
            }
        }
        #expect(pupilBlockers("200001") == [.missingBirthDate])
        #expect(pupilBlockers("200002") == [.malformedBirthDate("31/02/2012")])
        #expect(pupilBlockers("200003") == [.missingINE])
        #expect(pupilBlockers("200004") == [.missingFirstName])
        #expect(pupilBlockers("200005") == [.missingFamilyName])
        #expect(pupilBlockers("200006") == [.duplicateIdentifier])
        #expect(pupilBlockers("200007") == [])
        #expect(pupilBlockers("200008") == [])
        #expect(result.report.blockedPupilIDs == ["200001", "200002", "200003", "200004", "200005"])

        let duplicates = issues.compactMap { issue -> (String, String)? in
            if case let .possibleDuplicatePupil(ref, first) = issue { return (ref.eleveID, first.eleveID) }
            return nil
        }
        #expect(duplicates.count == 1)
        #expect(duplicates.first?.0 == "200007" && duplicates.first?.1 == "200006")

        #expect(issues.contains(.malformedPupilValue(PupilReference(byID["200008"]![0]),
                                                     MalformedValue(field: "DATE_ENTREE", value: "2025-09-01"))))
        #expect(issues.contains(.malformedPupilValue(PupilReference(byID["200008"]![0]),
                                                     MalformedValue(field: "CODE_SEXE", value: "X"))))

        func personBlockers(_ id: String) -> [AccountBlocker] {
            issues.compactMap {
                if case let .personWithoutAccount(ref, reason) = $0, ref.personID == id { return reason }
                return nil
            }
        }
        #expect(personBlockers("600001") == [.duplicateIdentifier])
        #expect(personBlockers("600002") == [.missingFirstName])
        #expect(personBlockers("600003") == [])
        #expect(result.report.blockedPersonIDs == ["600002"])
        #expect(issues.contains { if case .malformedPersonValue(_, MalformedValue(field: "ACCEPTE_SMS", value: "oui")) = $0 { return true }; return false })
        #expect(issues.contains { if case .malformedLinkValue("200008", "600003", _, MalformedValue(field: "RESP_LEGAL", value: "9")) = $0 { return true }; return false })
        #expect(result.guardians?.links.last?.legalRank == 0)

        #expect(issues.contains { if case .linkToUnknownPupil(eleveID: "999999", personID: "600001", _) = $0 { return true }; return false })
        #expect(issues.contains { if case .linkToUnknownPerson(personID: "688888", eleveID: "200008", _) = $0 { return true }; return false })
        let unknown = issues.filter { if case .linkToUnknownPupil = $0 { return true }; if case .linkToUnknownPerson = $0 { return true }; return false }
        #expect(unknown.count == 2)

        for issue in issues {
            #expect(!issue.frenchMessage.isEmpty && !issue.logMessage.isEmpty)
            #expect(issue.logMessage.hasPrefix("SIECLE: "))
        }
        let first = issues.first { if case .pupilWithoutAccount = $0 { return true }; return false }
        #expect(first?.frenchMessage == "Pas de compte pour l'élève Paul SANSDATE (ELEVE_ID 200001, ligne 11) : date de naissance absente.")
        #expect(first?.blocksAccount == true)
    }

    @Test func requireINECanBeRelaxed() throws {
        let export = try SIECLEParser.readPupils(at: Fixtures.url("ElevesAnomalies.xml"))
        var validator = SIECLEValidator(requireINE: false)
        for pupil in export.pupils { validator.add(pupil) }
        #expect(!validator.report().blockedPupilIDs.contains("200003"))
    }

    @Test func cleanFixturesHaveNoIssue() throws {
        let result = try SIECLEParser.parseFiles([Fixtures.url("ElevesSansAdresses.xml"),
                                                  Fixtures.url("ResponsablesAvecAdresses.xml")])
        #expect(result.report.issues == [])
    }

    @Test func dates() {
        #expect(SIECLEDate(siecle: "29/02/2012") == SIECLEDate(year: 2012, month: 2, day: 29))
        #expect(SIECLEDate(siecle: "29/02/2011") == nil)
        #expect(SIECLEDate(siecle: "31/04/2012") == nil)
        #expect(SIECLEDate(siecle: "2012-02-01") == nil)
        #expect(SIECLEDate(siecle: "1/2/2012") == nil)
        #expect(SIECLEDate(siecle: "00/01/2012") == nil)
        #expect(SIECLEDate(siecle: "31/12/2010")?.iso8601 == "2010-12-31")
        #expect(SIECLEDate(year: 2000, month: 2, day: 29) != nil)
        #expect(SIECLEDate(year: 1900, month: 2, day: 29) == nil)
    }

    @Test func nameFolding() {
        #expect(foldName("LÉA") == foldName("Léa"))
        #expect(foldName("Éloïse") == "eloise")
        #expect(foldName("MARTIN") == "martin")
    }
}
