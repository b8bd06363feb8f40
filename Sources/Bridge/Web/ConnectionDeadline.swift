import HummingbirdCore
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request head has not arrived in full within
/// `limit` of the connection opening (or of the previous response): a client
/// that dribbles one header byte at a time holds a connection forever under
/// an idle timeout alone.
final class RequestHeadDeadline: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    let limit: TimeAmount
    private var timer: Scheduled<Void>?

    init(limit: TimeAmount) { self.limit = limit }

    func handlerAdded(context: ChannelHandlerContext) { arm(context) }

    func handlerRemoved(context: ChannelHandlerContext) { timer?.cancel() }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { timer?.cancel(); timer = nil }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { arm(context) }
        context.write(data, promise: promise)
    }

    private func arm(_ context: ChannelHandlerContext) {
        timer?.cancel()
        let channel = context.channel
        timer = context.eventLoop.scheduleTask(in: limit) { channel.close(promise: nil) }
    }
}

/// How long a connection may sit idle, and wait for a complete request head.
public struct ConnectionTimeouts: Sendable {
    public var idle: TimeAmount
    public var requestHead: TimeAmount
    public init(idle: TimeAmount = .seconds(60), requestHead: TimeAmount = .seconds(20)) {
        self.idle = idle; self.requestHead = requestHead
    }
}
