import Foundation

/// Temporary folders and independent command-line tools (openssl, xmlsec1) for tests.
public final class TempDir {
    public let url: URL
    public init() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("xmldsig-\(UUID().uuidString)")
        try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(at: url) }

    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let path = url.appendingPathComponent(name).path
        try! text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    public func read(_ name: String) -> String {
        (try? String(contentsOfFile: url.appendingPathComponent(name).path, encoding: .utf8)) ?? ""
    }
}

public struct CommandResult {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

public struct ToolMissing: Error, CustomStringConvertible {
    public let tool: String
    public var description: String {
        "\(tool) is not on PATH: install it (apt-get install -y \(tool)); interoperability tests must not be skipped"
    }
}

public enum Tool {
    public static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Runs a tool; throws (so the test fails) if the tool is missing.
    public static func run(_ name: String, _ arguments: [String]) throws -> CommandResult {
        guard let executable = find(name) else { throw ToolMissing(tool: name) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CommandResult(status: process.terminationStatus,
                             stdout: String(decoding: outData, as: UTF8.self),
                             stderr: String(decoding: errData, as: UTF8.self))
    }

    public static func xmlsec1(_ arguments: [String]) throws -> CommandResult { try run("xmlsec1", arguments) }
}

