import Foundation

/// Independent implementations written in Python (python-cas, pysaml2…),
/// from the virtual environment `scripts/test` prepares. A missing one is a
/// failure with a clear message, never a skip.
public enum PythonPeer {
    public enum Failure: Error, CustomStringConvertible {
        case noVirtualEnvironment
        case failed(status: Int32, output: String)
        case notJSON(String)
        public var description: String {
            switch self {
            case .noVirtualEnvironment:
                "SESAME_TEST_VENV is not set or has no bin/python: run ./scripts/test, which creates .build/venv with Tests/requirements.txt."
            case .failed(let status, let output): "Python peer exited with \(status): \(output)"
            case .notJSON(let output): "Python peer printed no JSON: \(output)"
            }
        }
    }

    public static var python: URL {
        get throws {
            guard let venv = ProcessInfo.processInfo.environment["SESAME_TEST_VENV"] else { throw Failure.noVirtualEnvironment }
            let url = URL(fileURLWithPath: venv).appendingPathComponent("bin/python")
            guard FileManager.default.isExecutableFile(atPath: url.path) else { throw Failure.noVirtualEnvironment }
            return url
        }
    }

    /// A script under Tests/ (e.g. "Interop/cas_client.py"), found from this source file.
    public static func script(_ path: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(path)
    }

    /// Runs a script to completion and decodes the JSON object it prints last.
    public static func run(_ script: String, _ arguments: [String]) async throws -> [String: Any] {
        let process = Process()
        process.executableURL = try python
        process.arguments = [self.script(script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = await Task.detached { output.fileHandleForReading.readDataToEndOfFile() }.value
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else { throw Failure.failed(status: process.terminationStatus, output: text) }
        guard let last = text.split(separator: "\n").last,
              let object = try? JSONSerialization.jsonObject(with: Data(last.utf8)) as? [String: Any] else {
            throw Failure.notJSON(text)
        }
        return object
    }

    /// Starts a long-running script (a listener) and returns the process.
    public static func start(_ script: String, _ arguments: [String]) throws -> Process {
        let process = Process()
        process.executableURL = try python
        process.arguments = [self.script(script).path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }
}
