import Foundation
import HTTPTypes
import Hummingbird

/// The address of the person behind the reverse proxies we trust. A proxy
/// appends the address it received the request from to X-Forwarded-For
/// (or adds a `for=` to Forwarded), so the list is read from the right:
/// each hop that is a trusted proxy is passed over, and the first one that
/// is not is the client. Anything a client wrote itself sits further left
/// and is never reached. From an untrusted peer, no header is read at all.
enum ForwardedClient {
    /// At most this many hops are read; a longer chain is a forgery.
    static let maximumHops = 16

    static func address(peer: String, headers: HTTPFields, trusted: [AddressRange]) -> String {
        guard !trusted.isEmpty, isTrusted(peer, trusted) else { return peer }
        let hops = forwardedFor(headers) ?? forwarded(headers) ?? []
        var client = peer
        for hop in hops.reversed().prefix(maximumHops) {
            // An entry that is no address: stop at the last hop we could read.
            guard AddressRange.bytes(of: hop) != nil else { break }
            client = hop
            if !isTrusted(hop, trusted) { break }
        }
        return client
    }

    static func isTrusted(_ address: String, _ trusted: [AddressRange]) -> Bool {
        trusted.contains { $0.contains(address) }
    }

    /// `X-Forwarded-For: a, b, c` (several header lines join in order).
    static func forwardedFor(_ headers: HTTPFields) -> [String]? {
        let lines = headers[values: .xForwardedFor]
        guard !lines.isEmpty else { return nil }
        return lines.flatMap { $0.split(separator: ",") }.map { bare(String($0)) }
    }

    /// RFC 7239: `Forwarded: for=192.0.2.60;proto=https, for="[2001:db8::1]:4711"`.
    static func forwarded(_ headers: HTTPFields) -> [String]? {
        let lines = headers[values: .forwarded]
        guard !lines.isEmpty else { return nil }
        return lines.flatMap { $0.split(separator: ",") }.map { element in
            let pairs = element.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            // An element without `for=` is an unreadable hop.
            guard let value = pairs.first(where: { $0.lowercased().hasPrefix("for=") }) else { return "" }
            return bare(String(value.dropFirst(4)))
        }
    }

    /// The address alone: quotes, brackets and a port taken away.
    static func bare(_ raw: String) -> String {
        var text = raw.trimmingCharacters(in: .whitespaces)
        if text.hasPrefix("\""), text.hasSuffix("\""), text.count >= 2 { text = String(text.dropFirst().dropLast()) }
        if text.hasPrefix("["), let end = text.firstIndex(of: "]") { return String(text[text.index(after: text.startIndex)..<end]) }
        // `a.b.c.d:port`; an IPv6 address has several colons and no port here.
        if text.filter({ $0 == ":" }).count == 1, let colon = text.firstIndex(of: ":") { return String(text[..<colon]) }
        return text
    }
}

extension HTTPField.Name {
    static let xForwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwarded = HTTPField.Name("Forwarded")!
}

/// Puts the client's real address in the context, for throttling, audit
/// and logs, when the request came through a trusted proxy.
struct ClientAddressMiddleware: RouterMiddleware {
    typealias Context = SesameContext
    let trusted: [AddressRange]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard !trusted.isEmpty else { return try await next(request, context) }
        var context = context
        context.clientAddress = ForwardedClient.address(peer: context.peerAddress, headers: request.headers, trusted: trusted)
        context.logger[metadataKey: "client"] = .string(context.clientAddress)
        return try await next(request, context)
    }
}
