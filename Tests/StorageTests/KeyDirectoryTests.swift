import Accounts
import Foundation
import SesameTestSupport
import Storage
import Testing

/// Threat: anyone with a shell on the machine, or a copy of the database,
/// reads the HMAC keys and forges CSRF tokens, codes or pairwise NameIDs.
@Suite struct KeyDirectoryTests {
    func folder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("sesame-keys-\(UUID().uuidString)").appendingPathComponent("keys")
    }

    @Test(arguments: TestDatabases.engines)
    func keysAreFilesOnlyTheServiceReadsAndLeaveTheDatabase(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let older = try await store.setting("csrf_key") { "key-from-an-older-version" }
        let keys = KeyDirectory(directory: folder(), settings: store)
        #expect(try await keys.key(named: "csrf_key") == older, "an existing key is kept, so tokens and NameIDs stay valid")
        #expect(try await store.existingSetting("csrf_key") == nil, "no key left in the database")
        let file = keys.directory.appendingPathComponent("csrf_key.key").path
        #expect(try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int == 0o600)
        #expect(try FileManager.default.attributesOfItem(atPath: keys.directory.path)[.posixPermissions] as? Int == 0o700)
        // Processes starting together agree on one new key.
        let made = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try await KeyDirectory(directory: keys.directory, settings: store).key(named: "verification_key") } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(made.count == 1 && made.first!.count >= 40)
        await store.database.shutdown()
    }
}
