import Hummingbird
import NIOCore

/// Per-request context: the client address, used for throttling and audit.
public struct SesameContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public let clientAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress ?? "inconnue"
    }

    /// Bodies are read by our own form reader with its own, smaller limit.
    public var maxUploadSize: Int { 64 * 1024 }
}
