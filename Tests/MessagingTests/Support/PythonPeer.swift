import Foundation

/// A Python script from Interop/ run as a real network peer. It prints
/// "PORT <n>" when it listens and exits when its stdin closes.
final class PythonPeer: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let stdin: Pipe
    private let stderrFile: URL

    struct StartupError: Error, CustomStringConvertible { let description: String }

    static var python: String {
        let venv = ProcessInfo.processInfo.environment["SESAME_TEST_VENV"] ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/venv").path
        return venv + "/bin/python"
    }

    static func script(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop").appendingPathComponent(name).path
    }

    /// `code` runs as `python -c`; otherwise `script` is a file in Interop/.
    init(script: String? = nil, code: String? = nil, arguments: [String], workDirectory: URL) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: Self.python)
        process.arguments = (script.map { [Self.script($0)] } ?? ["-c", code ?? ""]) + arguments
        stdin = Pipe()
        let stdout = Pipe()
        stderrFile = workDirectory.appendingPathComponent("peer-stderr-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        try process.run()

        // A peer that never says its port must not hang the suite.
        let process = self.process
        let watchdog = DispatchWorkItem { if process.isRunning { process.terminate() } }
        DispatchQueue.global().asyncAfter(deadline: .now() + 20, execute: watchdog)
        defer { watchdog.cancel() }

        var output = Data()
        while !output.contains(UInt8(ascii: "\n")) {
            let chunk = stdout.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            output.append(chunk)
        }
        let line = String(decoding: output, as: UTF8.self)
        guard line.hasPrefix("PORT "),
              let port = Int(line.dropFirst(5).prefix { $0.isNumber }) else {
            let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            process.terminate()
            throw StartupError(description: "peer did not start: \(line) \(stderr)")
        }
        self.port = port
    }

    func stop() {
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
    }

    deinit { stop() }
}

/// A fresh directory per test, removed by the caller.
func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("messaging-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
