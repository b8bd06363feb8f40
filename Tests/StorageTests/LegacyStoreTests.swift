import Accounts
import Foundation
import LegacyCredentials
import SesameTestSupport
import Storage
import Testing

@Suite struct LegacyStoreTests {
    static let mapping = LegacyFieldMapping(birthDate: "ENTPersonDateNaissance", linkedPupilID: "ENTAuxEnsEleveINE")

    func setUp(_ engine: Database.Engine) async throws -> (SQLStore, DirectoryFixture) {
        let store = try await TestDatabases.store(engine)
        return (store, try await DirectoryFixture.build(in: store))
    }

    func importFixture(_ store: SQLStore, dryRun: Bool = false) async throws -> LegacyImportReport {
        try await LegacyImporter(store: store).run(Data(LegacyFixture.ldif.utf8), format: .ldif, mapping: Self.mapping, dryRun: dryRun)
    }

    @Test(arguments: TestDatabases.engines)
    func matchedRowsAreImportedAndTheRestReportedWithLines(_ engine: Database.Engine) async throws {
        let (store, fixture) = try await setUp(engine)
        let report = try await importFixture(store)
        #expect(report.imported.map(\.login) == ["LDurand", "pdurand"])
        #expect(report.unmatched == [.init(line: 18, login: "inconnu", reason: .noPerson)])
        #expect(report.french.contains("Ligne 18 : « inconnu » non importé : aucun élève ni responsable légal"))

        let lea = try #require(try await store.legacyAccount(login: "ldurand"))
        #expect(lea.accountID == fixture.pupil.id && lea.establishments == [DirectoryFixture.collegeUAI])
        #expect(lea.passwordHash == LegacyFixture.ssha && lea.scheme == "SSHA" && lea.isUsable && lea.sourceLine == 3)
        let paul = try #require(try await store.legacyAccount(login: "PDURAND"))
        #expect(paul.accountID == fixture.guardian.id && paul.email == "paul@example.org")
        #expect(paul.establishments == [DirectoryFixture.collegeUAI, DirectoryFixture.lyceeUAI])
        #expect(try await store.legacyAccount(login: "inconnu") == nil)

        // Imported again: nothing overwritten, everything reported present.
        let again = try await importFixture(store)
        #expect(again.imported.isEmpty && again.alreadyPresent.map(\.line) == [3, 10])
        #expect(try await store.recentEvents(limit: 1).first?.kind == .legacyImported)

        let status = try await store.legacyStatus()
        #expect(status.map(\.uai) == [DirectoryFixture.collegeUAI, DirectoryFixture.lyceeUAI])
        #expect(status.map(\.imported) == [2, 1] && status.map(\.moved) == [0, 0])
        #expect(try await store.legacyReferenceHash() != nil)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func aFileWithAnyProblemOrADryRunWritesNothing(_ engine: Database.Engine) async throws {
        let (store, _) = try await setUp(engine)
        do {
            _ = try await LegacyImporter(store: store).run(Data(LegacyFixture.badCSV.utf8), format: .csv, mapping: Self.mapping, dryRun: false)
            Issue.record("a bad file was accepted")
        } catch let failure as ImportFailure {
            #expect(failure.problems.map(\.line) == [3, 4])
            #expect(failure.userMessage.contains("Ligne 3 : champ userPassword : Format de mot de passe chiffré inconnu : {MD4}"))
            #expect(failure.userMessage.contains("Ligne 4 : identifiant « LDURAND » en double (déjà présent ligne 2)"))
        }
        let dry = try await importFixture(store, dryRun: true)
        #expect(dry.imported.count == 2 && dry.french.hasPrefix("Simulation"))
        #expect(try await store.legacyLoginKeys().isEmpty)
        #expect(try await store.legacyStatus().isEmpty)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func anImportIsOneTransaction(_ engine: Database.Engine) async throws {
        let (store, fixture) = try await setUp(engine)
        let good = LegacyAccount(login: "a", passwordHash: LegacyFixture.ssha, scheme: "SSHA", familyName: "Durand", firstName: "Léa",
                                 birthDate: nil, linkedPupilID: nil, email: nil, accountID: fixture.pupil.id,
                                 establishments: [DirectoryFixture.collegeUAI], sourceLine: 2, importedAt: Date())
        var broken = good
        broken.login = "b"
        broken.accountID = 999_999 // no such account: the foreign key fails the second insert
        await #expect(throws: (any Error).self) { _ = try await store.importLegacyAccounts([good, broken]) }
        #expect(try await store.legacyLoginKeys().isEmpty)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func aMoveHappensOnceAndEndsAreKeptPerEstablishment(_ engine: Database.Engine) async throws {
        let (store, fixture) = try await setUp(engine)
        _ = try await importFixture(store)
        let lea = try #require(try await store.legacyAccount(login: "ldurand"))
        let moved = try await store.completeLegacyMove(legacyID: lea.id, passwordHash: "new-hash", at: Date())
        #expect(moved?.id == fixture.pupil.id && moved?.state == .active && moved?.passwordHash == "new-hash")
        #expect(try await store.completeLegacyMove(legacyID: lea.id, passwordHash: "other", at: Date()) == nil)
        #expect(try await store.account(id: fixture.pupil.id)?.passwordHash == "new-hash")
        #expect(try await store.legacyAccount(login: "ldurand")?.isUsable == false)

        #expect(try await store.endTransition(DirectoryFixture.collegeUAI, by: "chef@example.org", at: Date()))
        #expect(try await store.endTransition(DirectoryFixture.collegeUAI, by: "other", at: Date()) == false)
        let status = try await store.legacyStatus()
        #expect(status.first?.moved == 1 && status.first?.remaining == 1 && status.first?.ended?.endedBy == "chef@example.org")
        #expect(status.last?.ended == nil)
        await store.database.shutdown()
    }
}
