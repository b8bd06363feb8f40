import Foundation
import Messaging

/// A real aiosmtpd server (Interop/smtp_server.py) with a throwaway
/// certificate made by the openssl CLI, and what it received.
public final class SMTPPeer: @unchecked Sendable {
    public static let user = "sesame"
    public static let password = "s3cret-mot-de-passe"

    public let directory: URL
    public let maildir: URL
    public let certificate: String
    private let peer: ListeningPeer

    public var port: Int { peer.port }

    public init(tls: Bool = true) throws {
        directory = try makeTemporaryDirectory()
        maildir = directory.appendingPathComponent("mail")
        certificate = directory.appendingPathComponent("cert.pem").path
        let key = directory.appendingPathComponent("key.pem").path
        try Self.run("/usr/bin/env", ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                                      "-keyout", key, "-out", certificate, "-days", "1",
                                      "-subj", "/CN=localhost",
                                      "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"])
        var arguments = ["--maildir", maildir.path, "--user", Self.user, "--password", Self.password]
        arguments += tls ? ["--cert", certificate, "--key", key] : ["--no-tls"]
        peer = try ListeningPeer(script: "MessagingTests/Interop/smtp_server.py", arguments: arguments, workDirectory: directory)
    }

    public func configuration(password: String = SMTPPeer.password,
                       mechanisms: [SMTPConfiguration.AuthMechanism] = [.plain, .login],
                       tls: SMTPConfiguration.TLSMode = .required,
                       trustRoots: SMTPConfiguration.TrustRoots? = nil) -> SMTPConfiguration {
        SMTPConfiguration(host: "127.0.0.1", port: port, tls: tls,
                          trustRoots: trustRoots ?? .pemFile(certificate),
                          credentials: .init(username: Self.user, password: password),
                          authMechanisms: mechanisms,
                          sender: "no-reply@sesame.example", senderName: "Sesame – Académie",
                          connectTimeout: .seconds(5), replyTimeout: .seconds(10))
    }

    /// Every message the server accepted, in arrival order.
    public func received() throws -> [ReceivedMail] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: maildir.path)) ?? []
        return try names.filter { $0.hasSuffix(".json") }
            .sorted { Int($0.dropLast(5))! < Int($1.dropLast(5))! }
            .map { try JSONDecoder().decode(ReceivedMail.self, from: Data(contentsOf: maildir.appendingPathComponent($0))) }
    }

    public func stop() {
        peer.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    private static func run(_ executable: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ListeningPeer.StartupError(description: "\(arguments.first ?? executable) failed")
        }
    }
}

/// What smtp_server.py recorded, decoded by Python's own e-mail parser.
public struct ReceivedMail: Decodable, Sendable {
    public struct Part: Decodable, Sendable {
        public let content_type: String
        public let charset: String?
        public let transfer_encoding: String?
        public let content: String
    }
    public let mail_from: String
    public let rcpt_tos: [String]
    public let auth_user: String?
    public let tls: Bool
    public let subject: String
    public let from: String
    public let to: String
    public let date: String
    public let message_id: String
    public let content_type: String
    public let defects: [String]
    public let parts: [Part]
    public let raw: String
}
