import Foundation
import NIOSSL

/// The client side of one SMTP session (RFC 5321, 3207, 4954), step by step.
struct SMTPDialogue {
    let configuration: SMTPConfiguration
    let tlsContext: NIOSSLContext?

    func run(on connection: inout SMTPConnection, message: ComposedMessage) async throws(MessagingError) {
        try expect(await connection.readReply(stage: "greeting"), 220, command: "greeting")
        var capabilities = try await ehlo(connection)

        if configuration.tls != .off, let tlsContext, capabilities["STARTTLS"] != nil {
            try expect(await connection.send("STARTTLS", stage: "STARTTLS reply"), 220, command: "STARTTLS")
            try await connection.upgradeToTLS(context: tlsContext, serverHostname: Self.sniName(configuration.host))
            // RFC 3207: forget what was learnt in clear and ask again.
            capabilities = try await ehlo(connection)
        } else if configuration.tls == .required {
            throw .tlsUnavailable(host: configuration.host)
        }

        if let credentials = configuration.credentials {
            guard connection.isEncrypted || configuration.allowAuthenticationWithoutTLS else {
                throw .insecureAuthentication
            }
            try await authenticate(connection, credentials: credentials, offered: capabilities["AUTH"] ?? [])
        }

        try expect(await connection.send("MAIL FROM:<\(message.sender.value)>", stage: "MAIL FROM reply"),
                   250, command: "MAIL FROM")
        let rcpt = try await connection.send("RCPT TO:<\(message.recipient.value)>", stage: "RCPT TO reply")
        guard rcpt.code == 250 || rcpt.code == 251 else {
            throw .serverRejected(command: "RCPT TO", code: rcpt.code, reply: rcpt.summary)
        }
        try expect(await connection.send("DATA", stage: "DATA reply"), 354, command: "DATA")
        try await connection.write(DotStuffing.stuff(message.data))
        try expect(await connection.readReply(stage: "end of data reply"), 250, command: "end of DATA")
        // The message is accepted; a failing QUIT must not report a failure.
        _ = try? await connection.send("QUIT", stage: "QUIT reply")
    }

    private func ehlo(_ connection: SMTPConnection) async throws(MessagingError) -> [String: [String]] {
        let reply = try await connection.send("EHLO \(configuration.heloName)", stage: "EHLO reply")
        try expect(reply, 250, command: "EHLO")
        return reply.extensions
    }

    private func authenticate(_ connection: SMTPConnection, credentials: SMTPConfiguration.Credentials,
                              offered: [String]) async throws(MessagingError) {
        guard let mechanism = configuration.authMechanisms.first(where: { offered.contains($0.rawValue) }) else {
            throw .authenticationUnsupported(offered: offered)
        }
        // Credentials go through the same control-character guard as headers:
        // a CR/LF there would smuggle extra SMTP commands.
        try HeaderSafety.check(credentials.username, field: "username")
        try HeaderSafety.check(credentials.password, field: "password")
        let final: SMTPReply
        switch mechanism {
        case .plain:
            let token = Self.base64("\0\(credentials.username)\0\(credentials.password)")
            final = try await connection.send("AUTH PLAIN \(token)", stage: "AUTH reply")
        case .login:
            var reply = try await connection.send("AUTH LOGIN", stage: "AUTH LOGIN reply")
            guard reply.code == 334 else { throw .authenticationFailed(code: reply.code, reply: reply.summary) }
            reply = try await connection.send(Self.base64(credentials.username), stage: "AUTH LOGIN reply")
            guard reply.code == 334 else { throw .authenticationFailed(code: reply.code, reply: reply.summary) }
            final = try await connection.send(Self.base64(credentials.password), stage: "AUTH reply")
        }
        guard final.code == 235 else { throw .authenticationFailed(code: final.code, reply: final.summary) }
    }

    private func expect(_ reply: SMTPReply, _ code: Int, command: String) throws(MessagingError) {
        guard reply.code == code else {
            throw .serverRejected(command: command, code: reply.code, reply: reply.summary)
        }
    }

    private static func base64(_ text: String) -> String {
        Data(text.utf8).base64EncodedString()
    }

    /// SNI takes names only; for an IP literal NIOSSL then checks the
    /// certificate against the peer's address instead.
    static func sniName(_ host: String) -> String? {
        let isIPv4 = host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
        return isIPv4 || host.contains(":") ? nil : host
    }
}
