import Accounts
import Foundation
import SIECLE
import SIECLEImport
import SesameTestSupport
import Storage
import Testing

/// A refused file writes nothing, and says why in French.
@Suite struct HostileFileTests {
    @Test(arguments: TestDatabases.engines)
    func refusedFilesWriteNothing(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            let empty = try await rowCounts(store)
            for (files, expected) in [
                (["malformed.xml"], "n'est pas un XML valide"),
                (["wrong_root.xml"], ""),
                (["truncated.zip"], ""),
                (["truncated.xml"], ""),
                (["doctype_entities.xml"], ""),
                (["ElevesSansAdresses.xml", "ElevesAutreEtablissement.xml"], ""),
                (["ElevesSansAdresses.xml", "missing_uaj.xml"], ""),
            ] {
                let error = await #expect(throws: SIECLEImportError.self) { try await importing(store, files) }
                guard case .file? = error else { Issue.record("\(files): \(String(describing: error))"); continue }
                if !expected.isEmpty { #expect(error?.userMessage.contains(expected) == true) }
                #expect(error?.userMessage.isEmpty == false)
                #expect(try await rowCounts(store) == empty, "\(files)")
            }
        }
    }

    @Test(arguments: TestDatabases.engines)
    func anExportOfAnotherEstablishmentIsRefused(_ engine: Database.Engine) async throws {
        try await withStore(engine) { store in
            let empty = try await rowCounts(store)
            let chef = StaffMember(login: "chef@example.org", displayName: "Chef", role: .chef, establishments: [Fixtures.main])
            #expect(SIECLEImporter.allowedEstablishments(for: chef) == [Fixtures.main])
            #expect(SIECLEImporter.allowedEstablishments(for: StaffMember(login: "a", displayName: "A", role: .academie, establishments: [])) == nil)
            let error = await #expect(throws: SIECLEImportError.self) {
                try await importing(store, ["ElevesAutreEtablissement.xml"], allowed: SIECLEImporter.allowedEstablishments(for: chef))
            }
            #expect(error?.userMessage.contains("0751234J") == true)
            #expect(error?.userMessage.contains("que vous ne gérez pas") == true)
            let unknown = await #expect(throws: SIECLEImportError.self) {
                try await importing(store, ["ElevesSansAdresses.xml"], createEstablishment: false)
            }
            #expect(unknown?.userMessage.contains("n'est pas encore déclaré") == true)
            #expect(try await rowCounts(store) == empty)
            #expect(try await store.recentEvents(limit: 10).isEmpty)
        }
    }
}
