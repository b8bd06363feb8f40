import Foundation
import Testing
@testable import SIECLE

/// The committed fixtures (written by generate_fixtures.py, mode `fixtures`).
enum Fixtures {
    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!
    static func url(_ name: String) -> URL { directory.appendingPathComponent(name) }
    static let mainUAI = "0693456G"
    static let otherUAI = "0751234J"
}

/// Runs generate_fixtures.py in `large` mode into a fresh temporary directory.
func generateLarge(pupils: Int, guardians: Int) throws -> URL {
    let script = Bundle.module.url(forResource: "generate_fixtures", withExtension: "py")!
    let out = FileManager.default.temporaryDirectory
        .appendingPathComponent("siecle-\(pupils)-\(guardians)-\(UUID().uuidString)")
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", script.path, "large", out.path,
                         "--pupils", String(pupils), "--guardians", String(guardians)]
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    return out
}

/// A field of /proc/self/status in kB (VmHWM: peak RSS, VmRSS: current).
func procStatusKB(_ field: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? -1
    }
    return -1
}

/// Resets VmHWM to the current RSS (Linux: write 5 to /proc/self/clear_refs).
func resetPeakRSS() -> Bool {
    (try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)) != nil
}

/// The SIECLEError thrown by `body`, or nil.
func siecleError(_ body: () throws -> Void) -> SIECLEError? {
    do {
        try body()
        return nil
    } catch let error as SIECLEError {
        return error
    } catch {
        Issue.record("unexpected error \(error)")
        return nil
    }
}

func plain(_ name: String, _ kind: SIECLEExportKind) -> SIECLEDocument {
    SIECLEDocument(url: Fixtures.url(name), entryPath: nil, kind: kind)
}
