import Foundation
import SesameTestSupport
import Accounts
import SQLKit
import Storage
import Testing

@Suite struct MigrationTests {
    @Test(arguments: TestDatabases.engines)
    func migrationsApplyOnceEvenWhenTwoProcessesStartTogether(_ engine: Database.Engine) async throws {
        let url = try await TestDatabases.url(for: engine)
        let a = try Database.open(url: url), b = try Database.open(url: url)
        async let first = Migrations.run(on: a)
        async let second = Migrations.run(on: b)
        let applied = try await [first, second]
        // Exactly one of the two applied the schema; the other found it done.
        #expect(applied.flatMap { $0 } == Array(1...Migrations.latestVersion))
        #expect(try await Migrations.run(on: a) == [])
        await a.shutdown(); await b.shutdown()
    }

    /// A session that signed in to SAML SPs before the upgrade still logs
    /// them out after it: the old "saml:" rows become SAML participants.
    @Test(arguments: TestDatabases.engines)
    func participantsKeptUnderThePrefixBecomeSAMLParticipants(_ engine: Database.Engine) async throws {
        let url = try await TestDatabases.url(for: engine)
        let database = try Database.open(url: url)
        try await Migrations.run(on: database, through: 7)
        try await database.transaction { db in
            try await db.raw("""
                INSERT INTO session_services (session_key, service, ticket, used_at) VALUES
                ('s1', 'https://cas.example.org/app', 'ST-1', 1), ('s1', 'saml:https://sp.example.org/metadata', '{"v":1}', 2)
                """).run()
        }
        #expect(try await Migrations.run(on: database) == Array(8...Migrations.latestVersion))
        await database.shutdown()
        let store = try await SQLStore.open(url: url)
        #expect(try await store.participants(sessionKey: "s1") == [
            SessionParticipant(kind: .cas, service: "https://cas.example.org/app", reference: "ST-1"),
            SessionParticipant(kind: .saml, service: "https://sp.example.org/metadata", reference: #"{"v":1}"#),
        ])
        await store.database.shutdown()
    }

    @Test func unsupportedURLsAreRefused() {
        #expect(throws: Database.OpenError.self) { try Database.open(url: "mysql://localhost/x") }
        #expect(throws: Database.OpenError.self) { try Database.open(url: "sqlite:") }
    }
}
