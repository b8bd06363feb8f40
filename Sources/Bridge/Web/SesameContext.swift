import Hummingbird
import NIOCore

/// Per-request context: the client address, used for throttling and audit.
public struct SesameContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who opened the connection: the client, or a reverse proxy.
    public let peerAddress: String
    /// The client: the peer, or who a trusted proxy says it forwards.
    public internal(set) var clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        peerAddress = source.channel.remoteAddress?.ipAddress ?? "inconnue"
        clientAddress = peerAddress
    }

    /// Bodies are read by our own form reader with its own, smaller limit.
    public var maxUploadSize: Int { 64 * 1024 }
}
