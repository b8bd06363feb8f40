import Foundation

/// A real HTTP server (Interop/sms_gateway.py) answering the given statuses
/// in turn and recording every request it gets.
final class SMSGatewayPeer: @unchecked Sendable {
    struct Request: Decodable {
        let method: String
        let path: String
        let headers: [String: String]
        let body: String
        let answered: Int
    }

    let directory: URL
    private let record: URL
    private let peer: PythonPeer

    var url: String { "http://127.0.0.1:\(peer.port)/v1/sms" }

    init(statuses: [Int]) throws {
        directory = try makeTemporaryDirectory()
        record = directory.appendingPathComponent("requests.jsonl")
        peer = try PythonPeer(script: "sms_gateway.py",
                              arguments: ["--record", record.path,
                                          "--statuses", statuses.map(String.init).joined(separator: ",")],
                              workDirectory: directory)
    }

    func requests() throws -> [Request] {
        let text = (try? String(contentsOf: record, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Request.self, from: Data($0.utf8)) }
    }

    func stop() {
        peer.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
