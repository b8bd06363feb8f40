import NIOCore
import NIOPosix
import NIOSSL

/// One TCP connection to an SMTP server: send a line, await a reply,
/// upgrade to TLS in place. Knows nothing about the mail dialogue itself.
struct SMTPConnection: Sendable {
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private let replyTimeout: TimeAmount
    private(set) var isEncrypted = false

    static func connect(host: String, port: Int, connectTimeout: Duration, replyTimeout: Duration,
                        group: any EventLoopGroup) async throws(MessagingError) -> SMTPConnection {
        let bootstrap = ClientBootstrap(group: group)
            .connectTimeout(TimeAmount(connectTimeout))
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                    try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.connect(host: host, port: port).get()
        } catch {
            throw .connectionFailed(host: host, port: port, reason: String(describing: error))
        }
        do {
            let handler = try await channel.eventLoop.submit {
                NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self),
                             eventLoop: channel.eventLoop)
            }.get()
            return SMTPConnection(channel: channel, handler: handler, replyTimeout: TimeAmount(replyTimeout))
        } catch {
            channel.close(promise: nil)
            throw .protocolViolation("pipeline setup failed: \(error)")
        }
    }

    /// Waits for the next reply (the greeting, or the answer to a command).
    func readReply(stage: String) async throws(MessagingError) -> SMTPReply {
        let handler = self.handler
        let timeout = replyTimeout
        let eventLoop = channel.eventLoop
        do {
            return try await eventLoop.flatSubmit {
                handler.value.nextReply(on: eventLoop, timeout: timeout, stage: stage)
            }.get()
        } catch {
            throw SMTPReplyHandler.translate(error)
        }
    }

    /// Sends `line` + CRLF and returns the server's reply. `stage` names the
    /// step in errors; it never contains the line, which may hold secrets.
    func send(_ line: String, stage: String) async throws(MessagingError) -> SMTPReply {
        try await write(line + "\r\n")
        return try await readReply(stage: stage)
    }

    func write(_ text: String) async throws(MessagingError) {
        do {
            try await channel.writeAndFlush(ByteBuffer(string: text)).get()
        } catch {
            // A failed TLS handshake closes the channel: report the cause.
            let handler = self.handler
            let cause = try? await channel.eventLoop.submit { handler.value.failure }.get()
            throw cause ?? SMTPReplyHandler.translate(error)
        }
    }

    /// Inserts TLS below the SMTP handlers, right after the server's 220 to
    /// STARTTLS; the handshake runs before our next write leaves.
    mutating func upgradeToTLS(context: NIOSSLContext, serverHostname: String?) async throws(MessagingError) {
        let channel = self.channel
        let handler = self.handler
        do {
            try await channel.eventLoop.submit {
                guard !handler.value.hasUnreadReplies else {
                    throw MessagingError.protocolViolation("data received in clear after STARTTLS reply")
                }
                let tls = try NIOSSLClientHandler(context: context, serverHostname: serverHostname)
                try channel.pipeline.syncOperations.addHandler(tls, position: .first)
            }.get()
        } catch let error as MessagingError {
            throw error
        } catch {
            throw .tlsFailed(reason: String(describing: error))
        }
        isEncrypted = true
    }

    func close() async {
        try? await channel.close()
    }
}
