import NIOCore
import NIOSSL

/// Splits the byte stream into lines and lines into whole replies.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply
    private var parser = SMTPReplyParser()

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        guard let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) else {
            // A server that never ends its line must not make us buffer forever.
            if buffer.readableBytes > SMTPReplyParser.maxLineLength {
                throw MessagingError.protocolViolation("reply line too long")
            }
            return .needMoreData
        }
        let length = newline - buffer.readerIndex
        var line = buffer.readBytes(length: length)!
        buffer.moveReaderIndex(forwardBy: 1)
        if line.last == UInt8(ascii: "\r") { line.removeLast() }
        if case .reply(let reply) = try parser.consume(line: line) {
            context.fireChannelRead(wrapInboundOut(reply))
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}

/// Hands replies to whoever waits for one, with a deadline per reply.
/// Lives on the channel's event loop; only touched from there.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    private var buffered = CircularBuffer<SMTPReply>()
    private var waiter: (promise: EventLoopPromise<SMTPReply>, deadline: Scheduled<Void>)?
    /// The first failure seen; later operations report it rather than a
    /// vaguer consequence ("I/O on closed channel").
    private(set) var failure: MessagingError?

    /// Replies received but not yet asked for. Must be empty when TLS starts:
    /// anything queued then was sent in clear and could be injected.
    var hasUnreadReplies: Bool { !buffered.isEmpty }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let waiter {
            self.waiter = nil
            waiter.deadline.cancel()
            waiter.promise.succeed(reply)
        } else {
            buffered.append(reply)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        fail(Self.translate(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        fail(.protocolViolation("connection closed by the server"))
        context.fireChannelInactive()
    }

    /// Next reply, from the buffer or the wire; fails after `timeout`.
    func nextReply(on eventLoop: any EventLoop, timeout: TimeAmount, stage: String) -> EventLoopFuture<SMTPReply> {
        if !buffered.isEmpty { return eventLoop.makeSucceededFuture(buffered.removeFirst()) }
        if let failure { return eventLoop.makeFailedFuture(failure) }
        precondition(waiter == nil, "one reply at a time")
        let promise = eventLoop.makePromise(of: SMTPReply.self)
        let this = NIOLoopBound(self, eventLoop: eventLoop)
        let deadline = eventLoop.scheduleTask(in: timeout) {
            // Only fail the waiter this deadline belongs to.
            if let waiter = this.value.waiter, waiter.promise.futureResult === promise.futureResult {
                this.value.waiter = nil
                promise.fail(MessagingError.timeout(stage: stage))
            }
        }
        waiter = (promise, deadline)
        return promise.futureResult
    }

    private func fail(_ error: MessagingError) {
        if failure == nil { failure = error }
        if let waiter {
            self.waiter = nil
            waiter.deadline.cancel()
            waiter.promise.fail(failure!)
        }
    }

    static func translate(_ error: any Error) -> MessagingError {
        if let error = error as? MessagingError { return error }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return .tlsFailed(reason: String(describing: error))
        }
        return .protocolViolation(String(describing: error))
    }
}
