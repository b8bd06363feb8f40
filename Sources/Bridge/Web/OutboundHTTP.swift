import AsyncHTTPClient

/// One HTTP client for calls to services (proxy callbacks, logout), for
/// the life of the process; redirects are never followed.
public enum OutboundHTTP {
    public static let client = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(3), read: .seconds(5))))
}
