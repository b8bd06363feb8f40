// Import speed and peak memory of `sesame import-siecle` (module SIECLEImport)
// on generated exports, into a fresh SQLite database, and a fresh PostgreSQL
// database too when SESAME_TEST_POSTGRES_URL is set.
//
//   SIECLEImportSpeed               generates the data with generate_fixtures.py
//   SIECLEImportSpeed --dir DIR     reuses DIR/establishment and DIR/academie
//   SIECLEImportSpeed --skip-academie
//   SIECLEImportSpeed --engine sqlite|postgres
//
// Targets (issue #8): 2,000 pupils + 3,500 guardians < 3 s; 100,000 pupils
// < 60 s with a peak RSS < 300 MB. Run it in release mode:
//   swift run -c release SIECLEImportSpeed
import Accounts
import Foundation
import SIECLEImport
import SQLKit
import Storage
import Primitives

func procStatus(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}
/// Resets VmHWM to the current RSS, so each phase gets its own peak.
func resetPeak() { try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8) }

func generate(into dir: URL, pupils: Int, guardians: Int) throws {
    let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Tests/SIECLETests/generate_fixtures.py").standardized
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, "large", dir.path, "--pupils", "\(pupils)", "--guardians", "\(guardians)"]
    try process.run()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else { fatalError("generate_fixtures.py failed") }
}

func measure<T>(_ label: String, _ body: () async throws -> T) async rethrows -> T {
    resetPeak()
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try await body()
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let padded = label + String(repeating: " ", count: max(0, 64 - label.count))
    print(padded + String(format: " %7.2f s   peak RSS %4d MiB", seconds, procStatus("VmHWM") / 1024))
    return value
}

/// A fresh database: a new SQLite file, or a new database on the PostgreSQL server.
func freshStore(_ engine: String, scratch: URL) async throws -> SQLStore {
    if engine == "sqlite" {
        return try await SQLStore.open(url: "sqlite:" + scratch.appendingPathComponent("import-\(UUID().uuidString).sqlite3").path)
    }
    let admin = ProcessInfo.processInfo.environment["SESAME_TEST_POSTGRES_URL"]!
    let name = "bench_\(UInt32.random(in: 0...UInt32.max))"
    let database = try Database.open(url: admin)
    try await database.run { try await $0.raw("CREATE DATABASE \(unsafeRaw: name)").run() }
    await database.shutdown()
    var components = URLComponents(string: admin)!
    components.path = "/" + name
    return try await SQLStore.open(url: components.string!)
}

let arguments = CommandLine.arguments
let root: URL
if let index = arguments.firstIndex(of: "--dir"), index + 1 < arguments.count {
    root = URL(fileURLWithPath: arguments[index + 1])
} else {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("siecle-import-speed-\(getpid())")
}
let establishment = root.appendingPathComponent("establishment")
let academie = root.appendingPathComponent("academie")
let withAcademie = !arguments.contains("--skip-academie")
let fm = FileManager.default
try fm.createDirectory(at: root, withIntermediateDirectories: true)
if !fm.fileExists(atPath: establishment.appendingPathComponent("ResponsablesAvecAdresses.xml").path) {
    try await measure("generate 2,000 pupils + 3,500 guardians (python)") { try generate(into: establishment, pupils: 2000, guardians: 3500) }
}
if withAcademie && !fm.fileExists(atPath: academie.appendingPathComponent("ElevesSansAdresses.xml").path) {
    try await measure("generate 100,000 pupils (python)") { try generate(into: academie, pupils: 100_000, guardians: 0) }
}
print("baseline RSS \(procStatus("VmRSS") / 1024) MiB")

var engines = ["sqlite"]
if let url = ProcessInfo.processInfo.environment["SESAME_TEST_POSTGRES_URL"], !url.isEmpty { engines.append("postgres") }
// `--engine postgres` measures one engine alone, so that memory kept by the
// allocator from the other engine's phases does not count.
if let index = arguments.firstIndex(of: "--engine"), index + 1 < arguments.count {
    engines = engines.filter { $0 == arguments[index + 1] }
}
let newEstablishment: @Sendable (UAI) -> Establishment = {
    Establishment(uai: $0, name: "Collège \($0.value)", city: "Lyon", kind: .college, academie: "Lyon")
}
for engine in engines {
    let small = try await freshStore(engine, scratch: root)
    let files = [establishment.appendingPathComponent("ElevesSansAdresses.xml"),
                 establishment.appendingPathComponent("ResponsablesAvecAdresses.xml")]
    let first = try await measure("[\(engine)] establishment 2,000+3,500: first import") {
        try await SIECLEImporter(store: small).run(files: files, allowedEstablishments: nil, dryRun: false, actor: "bench",
                                                   newEstablishment: newEstablishment)
    }
    print("    " + first.summaryLines.dropFirst().joined(separator: "\n    "))
    let again = try await measure("[\(engine)] establishment 2,000+3,500: same files again") {
        try await SIECLEImporter(store: small).run(files: files, allowedEstablishments: nil, dryRun: false, actor: "bench")
    }
    precondition(again.changesNothing)
    await small.database.shutdown()

    guard withAcademie else { continue }
    let large = try await freshStore(engine, scratch: root)
    let big = [academie.appendingPathComponent("ElevesSansAdresses.xml")]
    let report = try await measure("[\(engine)] académie 100,000 pupils: first import") {
        try await SIECLEImporter(store: large).run(files: big, allowedEstablishments: nil, dryRun: false, actor: "bench",
                                                   newEstablishment: newEstablishment)
    }
    print("    " + report.summaryLines.dropFirst().joined(separator: "\n    "))
    let second = try await measure("[\(engine)] académie 100,000 pupils: same file again") {
        try await SIECLEImporter(store: large).run(files: big, allowedEstablishments: nil, dryRun: false, actor: "bench")
    }
    precondition(second.changesNothing)
    await large.database.shutdown()
}
