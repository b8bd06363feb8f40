import Accounts
import Foundation
import SIECLE
import SIECLEImport
import SesameTestSupport
import Storage
import Testing

@Suite struct ImporterTests {
    static let mainFiles = ["ElevesSansAdresses.xml", "ResponsablesAvecAdresses.xml"]

    @Test(arguments: TestDatabases.engines)
    func importsTheISO885915ExportsThenChangesNothingTheSecondTime(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            let first = try await importing(store, Self.mainFiles)
            #expect(first.pupils.added == 7 && first.pupils.unchanged == 0)
            #expect(first.guardians.added == 9)
            #expect(first.links.added == 8, "rank-0 contacts are not linked")
            // GARÇON Noël has a DATE_SORTIE: stored as left, no account.
            #expect(first.pupilAccountsCreated == 6)
            #expect(first.guardianAccountsCreated == 8)
            #expect(first.withoutAccount.contains { $0.reason == .alreadyLeft && $0.entry.siecleID == "100006" })
            #expect(first.withoutAccount.contains { $0.reason == .notLegalGuardian && $0.entry.siecleID == "500009" })
            #expect(try await value(store, "SELECT status AS v FROM pupils WHERE siecle_id = '100006'") == "left")
            #expect(try await value(store, "SELECT family_name AS v FROM pupils WHERE siecle_id = '100005'") == "CŒURDACIER")
            #expect(try await value(store, "SELECT division AS v FROM pupils WHERE siecle_id = '100002'") == "5B")
            #expect(try await value(store, "SELECT a.identifier AS v FROM pupils p JOIN accounts a ON a.id = p.account_id WHERE p.siecle_id = '100002'") == "j.moreaulambert10")
            #expect(try await value(store, "SELECT a.state AS v FROM guardians g JOIN accounts a ON a.id = g.account_id WHERE g.siecle_id = '500001'") == "created")
            #expect(try await value(store, "SELECT mobile_key AS v FROM guardians WHERE siecle_id = '500001'") == "612345678")
            #expect(try await value(store, "SELECT password_hash AS v FROM accounts LIMIT 1") == nil)
            let before = try await rowCounts(store)

            let second = try await importing(store, Self.mainFiles)
            #expect(second.changesNothing)
            #expect(second.pupils.unchanged == 7 && second.guardians.unchanged == 9 && second.links.unchanged == 8)
            #expect(second.pupilAccountsCreated == 0 && second.guardianAccountsCreated == 0)
            #expect(try await rowCounts(store) == before)
            #expect(second.summaryLines.last == "Aucun changement par rapport à l'import précédent.")
            let audits = try await store.recentEvents(limit: 10).filter { $0.kind == .siecleImported }
            #expect(audits.count == 2 && audits.allSatisfy { $0.subject == "0693456G" && $0.actor == "test" })
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aDryRunReportsTheSameAndWritesNothing(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            let empty = try await rowCounts(store)
            let dry = try await importing(store, Self.mainFiles, dryRun: true)
            #expect(dry.dryRun && dry.pupils.added == 7 && dry.pupilAccountsCreated == 6)
            #expect(dry.summaryLines.first?.contains("rien n'a été enregistré") == true)
            #expect(try await rowCounts(store) == empty)
            let real = try await importing(store, Self.mainFiles)
            #expect(real.pupils == dry.pupils && real.guardians == dry.guardians && real.links == dry.links)
            #expect(real.withoutAccount == dry.withoutAccount)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func theZipGivesTheSameDirectoryAsThePlainFiles(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            let zipped = try await importing(store, ["export.zip"])
            #expect(zipped.pupils.added == 7 && zipped.guardians.added == 9 && zipped.links.added == 8)
            #expect(try await importing(store, Self.mainFiles).changesNothing)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func pupilsAbsentFromTheNewExportLeaveAndKeepTheirAccount(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            _ = try await importing(store, Self.mainFiles)
            let next = try await importing(store, ["ElevesAvecAdresses-utf8.xml"])
            #expect(next.pupils.added == 3)
            #expect(next.pupils.left == 6, "the seventh had already left")
            #expect(next.leftPupils.allSatisfy { $0.detail == "absent de l'export" })
            #expect(try await value(store, "SELECT status AS v FROM pupils WHERE siecle_id = '100001'") == "left")
            #expect(try await value(store, "SELECT p.family_name AS v FROM pupils p JOIN accounts a ON a.id = p.account_id WHERE p.siecle_id = '100001'") != nil)
            #expect(try await value(store, "SELECT first_name AS v FROM pupils WHERE siecle_id = '300002'") == "Žofia")
            #expect(try await importing(store, ["ElevesAvecAdresses-utf8.xml"]).changesNothing)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func incompleteAndDuplicateRecordsGetNoAccountWithTheirReason(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            let report = try await importing(store, ["ElevesAnomalies.xml", "ResponsablesAnomalies.xml"])
            let pupils = Dictionary(grouping: report.withoutAccount.filter { $0.kind == .pupil }, by: \.reason)
            #expect(Set(pupils[.incompleteRecord]?.map(\.entry.siecleID) ?? []) == ["200001", "200002", "200003", "200004", "200005"])
            #expect(Set(pupils[.likelyDuplicate]?.map(\.entry.siecleID) ?? []) == ["200006", "200007"])
            #expect(report.pupilAccountsCreated == 2, "MARTIN Léa (the first) and BERNARD Lou")
            let guardians = Dictionary(grouping: report.withoutAccount.filter { $0.kind == .guardian }, by: \.reason)
            #expect(guardians[.likelyDuplicate]?.map(\.entry.siecleID) == ["600001"])
            #expect(guardians[.incompleteRecord]?.map(\.entry.siecleID) == ["600002"])
            #expect(guardians[.notLegalGuardian]?.map(\.entry.siecleID) == ["600003"])
            #expect(report.guardianAccountsCreated == 1)
            #expect(report.fullText().contains("date de naissance absente"))
            #expect(!report.warnings.isEmpty)
            #expect(try await importing(store, ["ElevesAnomalies.xml", "ResponsablesAnomalies.xml"]).changesNothing)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aPupilEnrolledElsewhereGetsNoAccountUntilTheyLeaveThere(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            _ = try await importing(store, Self.mainFiles)
            let other = try await importing(store, ["ElevesAutreEtablissement.xml"])
            #expect(other.uai == Fixtures.other && other.pupils.added == 2 && other.pupilAccountsCreated == 0)
            #expect(other.withoutAccount.filter { $0.reason == .enrolledElsewhere }.count == 2)
            // The main establishment's new export no longer has them: they left, and keep one account.
            _ = try await importing(store, ["ElevesAvecAdresses-utf8.xml"])
            let moved = try await importing(store, ["ElevesAutreEtablissement.xml"])
            #expect(moved.pupilAccountsKept == 2 && moved.pupilAccountsCreated == 0)
            let accounts = try await value(store, "SELECT CAST(COUNT(DISTINCT account_id) AS TEXT) AS v FROM pupils WHERE ine = '1234567890A'")
            #expect(accounts == "1")
            #expect(try await importing(store, ["ElevesAutreEtablissement.xml"]).changesNothing)
        }
    }

    /// Threat: a school names another school's parent (their names and
    /// mobile) in its export to take over their account.
    @Test(arguments: TestDatabases.engines)
    func importCannotAttachAnotherSchoolsGuardian(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            _ = try await importing(store, Self.mainFiles)
            let files = try Self.otherEstablishmentExports()
            let report = try await importing(store, urls: files)
            #expect(report.knownElsewhereGuardians.map(\.siecleID) == ["700001"], "reported to the school")
            #expect(report.guardianAccountsCreated == 1 && report.pupilAccountsCreated == 1)
            let accountText = try await value(store, "SELECT CAST(account_id AS TEXT) AS v FROM guardians WHERE siecle_id = '500001'")
            let account = try #require(accountText.flatMap { Int64($0) })
            let other = try await value(store, "SELECT CAST(account_id AS TEXT) AS v FROM guardians WHERE siecle_id = '700001'")
            #expect(other != nil && other != accountText, "a new account, not the existing one")
            let profile = try #require(try await store.profile(ofAccount: account))
            #expect(Set(profile.children.map(\.establishment.uai)) == [Fixtures.main], "the first school's parent gained no child")
            #expect(try await importing(store, urls: files).changesNothing)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func twoImportsAtOnceGiveOneDirectory(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            async let a = importing(store, Self.mainFiles)
            async let b = importing(store, Self.mainFiles)
            let reports = try await [a, b]
            #expect(reports.filter(\.changesNothing).count == 1)
            let counts = try await rowCounts(store)
            #expect(counts["pupils"] == 7 && counts["guardians"] == 9 && counts["legal_links"] == 8 && counts["accounts"] == 14)
        }
    }

    /// The same mother (another spelling of her mobile), her younger child in a lycée.
    static func otherEstablishmentExports() throws -> [URL] {
        let pupils = try writeTemporary("ElevesSansAdresses.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <BEE_ELEVES VERSION="1.8"><PARAMETRES><UAJ>0751234J</UAJ><ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE></PARAMETRES>
            <DONNEES><ELEVES><ELEVE ELEVE_ID="800001"><ID_NATIONAL>4234567890A</ID_NATIONAL><NOM_DE_FAMILLE>LEFÈVRE</NOM_DE_FAMILLE>
            <PRENOM>Mathéo</PRENOM><DATE_NAISS>04/05/2009</DATE_NAISS></ELEVE></ELEVES></DONNEES></BEE_ELEVES>
            """)
        let guardians = try writeTemporary("ResponsablesAvecAdresses.xml", """
            <?xml version="1.0" encoding="UTF-8"?>
            <BEE_RESPONSABLES VERSION="1.8"><PARAMETRES><UAJ>0751234J</UAJ><ANNEE_SCOLAIRE>2025</ANNEE_SCOLAIRE></PARAMETRES>
            <DONNEES><PERSONNES><PERSONNE PERSONNE_ID="700001"><LC_CIVILITE>MME</LC_CIVILITE><NOM_DE_FAMILLE>Lefèvre</NOM_DE_FAMILLE>
            <PRENOM>HÉLÈNE</PRENOM><TEL_PORTABLE>+33 6 12 34 56 78</TEL_PORTABLE></PERSONNE></PERSONNES>
            <RESPONSABLES><RESPONSABLE_ELEVE><ELEVE_ID>800001</ELEVE_ID><PERSONNE_ID>700001</PERSONNE_ID><RESP_LEGAL>1</RESP_LEGAL>
            <CODE_PARENTE>20</CODE_PARENTE></RESPONSABLE_ELEVE></RESPONSABLES></DONNEES></BEE_RESPONSABLES>
            """)
        return [pupils, guardians]
    }
}
