import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Sends e-mail through an SMTP relay (submission port, STARTTLS, AUTH).
/// One connection per message: the volume is a few mails per sign-up, and a
/// fresh session avoids any state carried between messages.
public struct SMTPMailer: Messenger {
    public let configuration: SMTPConfiguration
    private let group: any EventLoopGroup
    private let logger: Logger

    public init(configuration: SMTPConfiguration,
                eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                logger: Logger = Logger(label: "sesame.messaging.smtp")) {
        self.configuration = configuration
        self.group = eventLoopGroup
        self.logger = logger
    }

    public func deliver(_ message: OutgoingMessage) async throws(MessagingError) {
        guard case .email(let email) = message else {
            throw .invalidConfiguration("SMTPMailer only delivers e-mail")
        }
        try await send(email)
    }

    /// Sends one e-mail; returns its Message-ID.
    @discardableResult
    public func send(_ email: Email) async throws(MessagingError) -> String {
        let config = configuration
        if config.credentials != nil, config.allowAuthenticationWithoutTLS, !config.hostIsLoopback {
            throw .invalidConfiguration("authentication without TLS is only allowed on loopback")
        }
        // Everything is checked before connecting: a refused message sends nothing.
        let composed = try MessageComposer(sender: config.sender, senderName: config.senderName).compose(email)
        let tlsContext = config.tls == .off ? nil : try Self.makeTLSContext(config.trustRoots)

        var connection = try await SMTPConnection.connect(
            host: config.host, port: config.port, connectTimeout: config.connectTimeout,
            replyTimeout: config.replyTimeout, group: group)
        do {
            try await SMTPDialogue(configuration: config, tlsContext: tlsContext)
                .run(on: &connection, message: composed)
        } catch {
            logger.warning("e-mail not sent", metadata: ["error": "\(error.logMessage)"])
            await connection.close()
            throw error
        }
        await connection.close()
        logger.info("e-mail sent", metadata: ["message-id": "\(composed.messageID)"])
        return composed.messageID
    }

    static func makeTLSContext(_ roots: SMTPConfiguration.TrustRoots) throws(MessagingError) -> NIOSSLContext {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if case .pemFile(let path) = roots {
            tls.trustRoots = .file(path)
        }
        do {
            return try NIOSSLContext(configuration: tls)
        } catch {
            throw .tlsFailed(reason: "cannot load trust roots: \(error)")
        }
    }
}
