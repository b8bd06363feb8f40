import AsyncHTTPClient
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The real `sesame` executable, started as a separate process.
public final class SesameProcess: @unchecked Sendable {
    public let process: Process
    public let port: Int
    public let baseURL: String
    public let output: Pipe

    /// The executable built beside the test bundle (or SESAME_BINARY).
    public static var executable: URL {
        if let path = ProcessInfo.processInfo.environment["SESAME_BINARY"] { return URL(fileURLWithPath: path) }
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("sesame")
    }

    /// Starts `sesame serve` with the arguments and waits until /healthz answers.
    /// `publicURL`: the address browsers use, when a proxy stands in front.
    public static func serve(_ arguments: [String], in directory: URL, port: Int? = nil, publicURL: String? = nil) async throws -> SesameProcess {
        let port = try port ?? freePort()
        let process = Process()
        process.executableURL = executable
        process.arguments = ["serve", "--port", String(port), "--public-url", publicURL ?? "http://127.0.0.1:\(port)"] + arguments
        process.currentDirectoryURL = directory
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let server = SesameProcess(process: process, port: port, output: output)
        try await server.waitUntilHealthy()
        return server
    }

    init(process: Process, port: Int, output: Pipe) {
        self.process = process; self.port = port; self.output = output
        baseURL = "http://127.0.0.1:\(port)"
    }

    func waitUntilHealthy(timeout: Duration = .seconds(90)) async throws {
        let client = Browser.sharedClient
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            guard process.isRunning else {
                let said = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                throw Failure.exited(status: process.terminationStatus, output: said)
            }
            if let response = try? await client.execute(HTTPClientRequest(url: baseURL + "/healthz"), timeout: .seconds(2)),
               response.status == .ok { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw Failure.notHealthy
    }

    /// SIGTERM, then wait for a graceful exit.
    public func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }

    public enum Failure: Error { case exited(status: Int32, output: String), notHealthy, noFreePort }

    /// A port nobody listens on right now.
    public static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failure.noFreePort }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        guard bound == 0 else { throw Failure.noFreePort }
        let named = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        guard named == 0 else { throw Failure.noFreePort }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Runs a `sesame` subcommand to completion: exit status and output.
    /// `environment`: variables added to the test's own.
    public static func run(_ arguments: [String], in directory: URL, input: String? = nil,
                           environment: [String: String] = [:]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 } }
        process.currentDirectoryURL = directory
        let output = Pipe(), stdin = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = stdin
        try process.run()
        if let input { stdin.fileHandleForWriting.write(Data(input.utf8)) }
        try stdin.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("sesame-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
