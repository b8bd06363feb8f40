import Accounts
import Foundation
import SIECLEImport
import SQLKit
import SesameTestSupport
import Storage
import Primitives

/// The fixtures written by Tests/SIECLETests/generate_fixtures.py (invented people).
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("SIECLETests/Fixtures")
    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    static let main = UAI("0693456G")!
    static let other = UAI("0751234J")!
}

func importing(_ store: SQLStore, _ names: [String], dryRun: Bool = false, allowed: [UAI]? = nil,
               createEstablishment: Bool = true) async throws -> ImportReport {
    try await importing(store, urls: names.map(Fixtures.url), dryRun: dryRun, allowed: allowed, createEstablishment: createEstablishment)
}

func importing(_ store: SQLStore, urls: [URL], dryRun: Bool = false, allowed: [UAI]? = nil,
               createEstablishment: Bool = true) async throws -> ImportReport {
    let make: @Sendable (UAI) -> Establishment = { uai in
        Establishment(uai: uai, name: "Collège \(uai.value)", city: "Lyon", kind: .college, academie: "Lyon")
    }
    return try await SIECLEImporter(store: store).run(files: urls, allowedEstablishments: allowed, dryRun: dryRun, actor: "test",
                                                      newEstablishment: createEstablishment ? make : nil)
}

/// Rows in each directory table, to show that nothing was written.
func rowCounts(_ store: SQLStore) async throws -> [String: Int] {
    var counts: [String: Int] = [:]
    for table in ["establishments", "pupils", "guardians", "legal_links", "accounts", "issued_identifiers"] {
        counts[table] = try await store.database.run { db in
            try await db.raw("SELECT COUNT(*) AS n FROM \(unsafeRaw: table)").first()!.decode(column: "n", as: Int.self)
        }
    }
    return counts
}

/// The stored column values of one row, as text.
func value(_ store: SQLStore, _ sql: String) async throws -> String? {
    try await store.database.run { db -> String? in
        guard let row = try await db.raw(SQLQueryString(sql)).first() else { return nil }
        return try row.decodeNil(column: "v") ? nil : row.decode(column: "v", as: String.self)
    }
}

func withStore(_ engine: Database.Engine, _ body: (SQLStore) async throws -> Void) async throws {
    let store = try await TestDatabases.store(engine)
    do {
        try await body(store)
    } catch {
        await store.database.shutdown()
        throw error
    }
    await store.database.shutdown()
}

/// Writes a small export for the other establishment into a temporary directory.
func writeTemporary(_ name: String, _ text: String) throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("siecle-import-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url
}
