/// An HTTP answer as the relying party needs it. Header names are lowercased.
public struct HTTPReply: Sendable, Equatable {
    public let status: Int
    public let headers: [String: String]
    public let body: [UInt8]

    public init(status: Int, headers: [String: String] = [:], body: [UInt8]) {
        self.status = status
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
        self.body = body
    }

    /// Media type without parameters, e.g. `application/jwt`.
    public var mediaType: String? {
        headers["content-type"].map {
            $0.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).lowercased()
        }
    }
}

/// How a transport reports failures, so the relying party can tell "down" from "slow".
public enum TransportFailure: Error, Sendable, Equatable {
    case timedOut
    case unreachable(String)
    case other(String)
}

/// HTTP as the relying party needs it; adapters wrap a real client (see
/// FranceConnectAsyncHTTPClient). Must not follow redirects: none of the OpenID
/// back-channel calls should be redirected, and a redirect is answered as a status.
public protocol OpenIDTransport: Sendable {
    func get(_ url: String, headers: [String: String], timeout: Duration) async throws -> HTTPReply
    func postForm(_ url: String, body: String, headers: [String: String], timeout: Duration) async throws -> HTTPReply
}
