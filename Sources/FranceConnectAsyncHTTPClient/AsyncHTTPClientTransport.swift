import AsyncHTTPClient
import FranceConnect
import NIOCore
import NIOPosix

/// `OpenIDTransport` over AsyncHTTPClient. The client passed in must not follow redirects
/// (use `AsyncHTTPClientTransport.makeClient()` for a suitable one).
public struct AsyncHTTPClientTransport: OpenIDTransport {
    public let client: HTTPClient
    /// Bodies above this size are refused: provider answers are small, a huge one is hostile.
    public let maxBodyBytes: Int

    public init(client: HTTPClient, maxBodyBytes: Int = 1 << 20) {
        self.client = client
        self.maxBodyBytes = maxBodyBytes
    }

    /// A client with redirects off and a short connect timeout.
    public static func makeClient() -> HTTPClient {
        var configuration = HTTPClient.Configuration()
        configuration.redirectConfiguration = .disallow
        configuration.timeout.connect = .seconds(5)
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    public func get(_ url: String, headers: [String: String], timeout: Duration) async throws -> HTTPReply {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        return try await execute(request, timeout: timeout)
    }

    public func postForm(_ url: String, body: String, headers: [String: String], timeout: Duration) async throws
        -> HTTPReply
    {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: body))
        return try await execute(request, timeout: timeout)
    }

    private func execute(_ request: HTTPClientRequest, timeout: Duration) async throws -> HTTPReply {
        let amount = TimeAmount.nanoseconds(
            Int64(timeout.components.seconds) * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(request, timeout: amount)
            var body = try await response.body.collect(upTo: maxBodyBytes)
            let headers = Dictionary(
                response.headers.map { ($0.name.lowercased(), $0.value) }, uniquingKeysWith: { first, _ in first })
            return HTTPReply(
                status: Int(response.status.code), headers: headers, body: body.readBytes(length: body.readableBytes) ?? [])
        } catch let error as HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout:
                throw TransportFailure.timedOut
            case .connectTimeout:
                throw TransportFailure.unreachable("connect timeout")
            default:
                throw TransportFailure.other("\(error)")
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            // Connection refused, DNS failure, TLS failure: the provider cannot be reached.
            throw TransportFailure.unreachable("\(error)")
        }
    }
}
