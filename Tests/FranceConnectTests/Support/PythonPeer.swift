import Foundation

/// A Python helper server started from the test venv. It prints `READY <port>` and exits by
/// itself when our end of its stdin closes, i.e. when the test process ends.
final class PythonPeer: @unchecked Sendable {
    // Process is not Sendable; it is only touched at start and kept alive by this object.
    private let process: Process
    private let stdin: Pipe
    let port: Int

    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
    }

    static var python: String {
        let venv = ProcessInfo.processInfo.environment["SESAME_TEST_VENV"]
            ?? packageRoot.appendingPathComponent(".build/venv").path
        return venv + "/bin/python"
    }

    static func script(_ name: String) -> String {
        packageRoot.appendingPathComponent("Tests/FranceConnectTests/Peers/\(name)").path
    }

    private init(process: Process, stdin: Pipe, port: Int) {
        self.process = process
        self.stdin = stdin
        self.port = port
    }

    static func start(script name: String, arguments: [String]) async throws -> PythonPeer {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", script(name)] + arguments
        let stdin = Pipe()
        let stdout = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let port: Int = try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                var buffer = Data()
                while !buffer.contains(UInt8(ascii: "\n")) {
                    let chunk = stdout.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    buffer.append(chunk)
                }
                let line = String(decoding: buffer, as: UTF8.self)
                if line.hasPrefix("READY "), let port = Int(line.dropFirst(6).prefix { $0.isNumber }) {
                    continuation.resume(returning: port)
                } else {
                    continuation.resume(throwing: PeerError.didNotStart(name, line))
                }
            }
        }
        return PythonPeer(process: process, stdin: stdin, port: port)
    }

    enum PeerError: Error { case didNotStart(String, String) }
}
