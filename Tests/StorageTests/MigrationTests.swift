import Foundation
import SesameTestSupport
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

    @Test func unsupportedURLsAreRefused() {
        #expect(throws: Database.OpenError.self) { try Database.open(url: "mysql://localhost/x") }
        #expect(throws: Database.OpenError.self) { try Database.open(url: "sqlite:") }
    }
}
