import Accounts
import Foundation
import SesameTestSupport
import Storage
import Testing
import Primitives

@Suite struct DirectoryStoreTests {
    @Test(arguments: TestDatabases.engines)
    func aGroupedGuardianSeesChildrenOfBothEstablishments(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let fixture = try await DirectoryFixture.build(in: store)
        let profile = try #require(try await store.profile(ofAccount: fixture.guardian.id))
        #expect(profile.children.map(\.pupil.firstName) == ["Tom", "Léa"])
        #expect(Set(profile.establishments.map(\.uai)) == [DirectoryFixture.collegeUAI, DirectoryFixture.lyceeUAI])
        #expect(profile.pupils.isEmpty)
        let pupil = try #require(try await store.profile(ofAccount: fixture.pupil.id))
        #expect(pupil.pupils.map(\.firstName) == ["Léa"])
        #expect(pupil.pupils.first?.birthDate == CalendarDate(iso: "2012-05-04"))
        #expect(pupil.establishments.map(\.uai) == [DirectoryFixture.collegeUAI])
        #expect(try await store.countPupils() == 2)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func aSuspendedLinkHidesTheChild(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let fixture = try await DirectoryFixture.build(in: store)
        let before = try #require(try await store.profile(ofAccount: fixture.guardian.id))
        let tom = try #require(before.children.first { $0.pupil.firstName == "Tom" })
        try await store.database.run { db in
            try await db.raw("UPDATE legal_links SET suspended = 1 WHERE pupil_id = \(bind: tom.pupil.id)").run()
        }
        let after = try #require(try await store.profile(ofAccount: fixture.guardian.id))
        #expect(after.children.map(\.pupil.firstName) == ["Léa"])
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func establishmentsAreUpserted(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let uai = UAI("0750655E")!
        try await store.saveEstablishment(Establishment(uai: uai, name: "Ancien nom", city: "Paris", kind: .lycee, academie: "Paris"))
        try await store.saveEstablishment(Establishment(uai: uai, name: "Lycée Nouveau", city: "Paris", kind: .lycee, academie: "Paris"))
        #expect(try await store.establishments().map(\.name) == ["Lycée Nouveau"])
        #expect(try await store.establishment(uai)?.kind == .lycee)
        await store.database.shutdown()
    }
}
