import Foundation

/// A real HTTP server (Interop/sms_gateway.py) answering the given statuses
/// in turn and recording every request it gets.
public final class SMSGatewayPeer: @unchecked Sendable {
    public struct Request: Decodable, Sendable {
        public let method: String
        public let path: String
        public let headers: [String: String]
        public let body: String
        public let answered: Int
    }

    public let directory: URL
    private let record: URL
    private let peer: ListeningPeer

    public var url: String { "http://127.0.0.1:\(peer.port)/v1/sms" }

    public init(statuses: [Int]) throws {
        directory = try makeTemporaryDirectory()
        record = directory.appendingPathComponent("requests.jsonl")
        peer = try ListeningPeer(script: "MessagingTests/Interop/sms_gateway.py",
                              arguments: ["--record", record.path,
                                          "--statuses", statuses.map(String.init).joined(separator: ",")],
                              workDirectory: directory)
    }

    public func requests() throws -> [Request] {
        let text = (try? String(contentsOf: record, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    public func stop() {
        peer.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
