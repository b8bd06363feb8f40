import Foundation
import Testing

/// Runs the independent hash producers. Python is `$SESAME_TEST_VENV/bin/python`
/// (default /work/legacy-pkg/.venv); the script lives in Tests/Scripts.
/// A missing tool fails the test rather than skipping it.
enum ExternalTools {
    struct Request: Encodable {
        var tool: String
        var scheme: String
        var password: String
        var options: [String: OptionValue] = [:]
    }

    enum OptionValue: Encodable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
        case int(Int), string(String)
        init(integerLiteral value: Int) { self = .int(value) }
        init(stringLiteral value: String) { self = .string(value) }
        func encode(to encoder: Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .int(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            }
        }
    }

    static var python: String {
        let venv = ProcessInfo.processInfo.environment["SESAME_TEST_VENV"] ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent(".build/venv").path
        return venv + "/bin/python"
    }

    static let oracleScript = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("LegacyCredentialsTests/Scripts/hash_oracle.py").path

    static func passlib(_ scheme: String, _ password: String, _ options: [String: OptionValue] = [:]) -> Request {
        Request(tool: "passlib", scheme: scheme, password: password, options: options)
    }

    static func pyBcrypt(_ password: String, rounds: Int = 4, prefix: String = "2b") -> Request {
        Request(tool: "bcrypt", scheme: "", password: password, options: ["rounds": .int(rounds), "prefix": .string(prefix)])
    }

    /// One Python process per call: hashes for all requests, in order.
    static func hashes(_ requests: [Request]) throws -> [String] {
        let input = try JSONEncoder().encode(requests)
        let output = try run(python, [oracleScript], stdin: input)
        return try JSONDecoder().decode([String].self, from: output)
    }

    /// `openssl passwd -1|-5|-6`; the password goes through stdin so an empty
    /// one is hashed too (an empty argument is treated as missing).
    static func opensslPasswd(_ flag: String, _ password: String, salt: String? = nil) throws -> String {
        var arguments = ["passwd", flag, "-stdin"]
        if let salt { arguments += ["-salt", salt] }
        let output = try run("/usr/bin/openssl", arguments, stdin: Data((password + "\n").utf8))
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    struct ToolFailure: Error, CustomStringConvertible {
        let description: String
    }

    static func run(_ executable: String, _ arguments: [String], stdin: Data) throws -> Data {
        guard FileManager.default.isExecutableFile(atPath: executable) else {
            throw ToolFailure(description: "\(executable) not found; create the venv (see README) or set SESAME_TEST_VENV")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let input = Pipe(), output = Pipe(), errors = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        input.fileHandleForWriting.write(stdin)
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ToolFailure(description: "\(executable) \(arguments) exited \(process.terminationStatus): \(errorText)")
        }
        return data
    }
}
