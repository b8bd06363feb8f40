import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// A bound on the requests served at once. Beyond it a request is answered
/// at once with 503 and Retry-After, so a load twice what the machine can
/// serve keeps latency and memory bounded instead of queueing without end.
/// /healthz is never turned away: the load balancer must still see the
/// instance alive. (Logins have their own, narrower gate for password hashes.)
final class LoadShedding: RouterMiddleware, Sendable {
    typealias Context = SesameContext
    let limit: Int
    private let inFlight = Atomic<Int>(0)
    private let shed = Atomic<Int>(0)

    init(limit: Int) { self.limit = limit }

    /// Requests turned away since the start, for /metrics.
    var shedTotal: Int { shed.load(ordering: .relaxed) }
    var running: Int { inFlight.load(ordering: .relaxed) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.uri.path == "/healthz" { return try await next(request, context) }
        // Taken and checked in one step: a burst cannot all pass a stale count.
        let now = inFlight.wrappingAdd(1, ordering: .relaxed).newValue
        defer { inFlight.wrappingSubtract(1, ordering: .relaxed) }
        guard now <= limit else {
            shed.wrappingAdd(1, ordering: .relaxed)
            return Self.busy
        }
        return try await next(request, context)
    }

    static var busy: Response {
        var response = Response(status: .serviceUnavailable, headers: [.contentType: "text/plain; charset=utf-8", .retryAfter: "1"],
                                body: .init(byteBuffer: ByteBuffer(string: "Le service est très sollicité : réessayez dans un instant.\n")))
        response.headers[.cacheControl] = "no-store"
        return response
    }
}
