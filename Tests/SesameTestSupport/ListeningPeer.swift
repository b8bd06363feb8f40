import Foundation

/// A Python script under Tests/ run as a real network peer (an SMTP
/// server, an SMS gateway…). It prints
/// "PORT <n>" (or "READY <n>") when it listens and exits when its stdin closes.
public final class ListeningPeer: @unchecked Sendable {
    public let port: Int
    private let process: Process
    private let stdin: Pipe
    private let stderrFile: URL

    public struct StartupError: Error, CustomStringConvertible { public let description: String }

    static var python: String {
        get throws { try PythonPeer.python.path }
    }

    /// `name` is a path under Tests/, e.g. "MessagingTests/Interop/smtp_server.py".
    static func script(_ name: String) -> String { PythonPeer.script(name).path }

    /// `code` runs as `python -c`; otherwise `script` is a file in Interop/.
    public init(script: String? = nil, code: String? = nil, arguments: [String], workDirectory: URL) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.python)
        process.arguments = ["-u"] + (script.map { [Self.script($0)] } ?? ["-c", code ?? ""]) + arguments
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
        let words = line.split(separator: " ")
        guard words.count >= 2, ["PORT", "READY"].contains(words[0]),
              let port = Int(words[1].prefix { $0.isNumber }) else {
            let stderr = (try? String(contentsOf: stderrFile, encoding: .utf8)) ?? ""
            process.terminate()
            throw StartupError(description: "peer did not start: \(line) \(stderr)")
        }
        self.port = port
    }

    public func stop() {
        try? stdin.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        if process.isRunning { process.terminate() }
    }

    deinit { stop() }
}

/// A fresh directory per test, removed by the caller.
public func makeTemporaryDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("messaging-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}
