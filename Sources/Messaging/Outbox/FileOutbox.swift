import Foundation
import Primitives

/// Demo mode: instead of sending, each message becomes one JSON file in a
/// directory, which a /demo/outbox page lists newest first.
///
/// File names start with a UTC timestamp, so name order is time order.
/// Files are written atomically (temporary file, then rename) so a reader
/// never sees half a message.
public struct FileOutbox: Messenger {
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    public func deliver(_ message: OutgoingMessage) async throws(MessagingError) {
        _ = try store(message)
    }

    /// Stores the message and returns the entry's id (its file name).
    @discardableResult
    public func store(_ message: OutgoingMessage, at date: Date = Date()) throws(MessagingError) -> String {
        // Same checks as the real senders, so demo mode refuses what production would.
        let normalized = try Self.validated(message)
        let id = Self.timestamp(date) + "-" + Self.kind(of: normalized) + "-"
            + UUID().uuidString.prefix(8).lowercased() + ".json"
        let entry = OutboxEntry(id: id, storedAt: date, message: normalized)
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let data = try Self.encoder.encode(entry)
            try data.write(to: directory.appendingPathComponent(id), options: .atomic)
        } catch {
            throw .outboxFailure("cannot write \(id): \(error)")
        }
        return id
    }

    /// The most recent entries first.
    public func list(limit: Int = 50) throws(MessagingError) -> [OutboxEntry] {
        let names: [String]
        do {
            guard FileManager.default.fileExists(atPath: directory.path) else { return [] }
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw .outboxFailure("cannot list \(directory.path): \(error)")
        }
        var entries: [OutboxEntry] = []
        for name in names.filter(Self.isEntryName).sorted(by: >).prefix(max(0, limit)) {
            entries.append(try read(id: name))
        }
        return entries
    }

    public func read(id: String) throws(MessagingError) -> OutboxEntry {
        // Ids come from URLs of the demo page: never let one leave the directory.
        guard Self.isEntryName(id) else { throw .outboxFailure("invalid entry id \(MessagingError.quoted(id))") }
        do {
            let data = try Data(contentsOf: directory.appendingPathComponent(id))
            return try Self.decoder.decode(OutboxEntry.self, from: data)
        } catch {
            throw .outboxFailure("cannot read \(id): \(error)")
        }
    }

    static func isEntryName(_ name: String) -> Bool {
        !name.hasPrefix(".") && name.hasSuffix(".json") &&
            name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "-_.".unicodeScalars.contains($0)) }
    }

    private static func validated(_ message: OutgoingMessage) throws(MessagingError) -> OutgoingMessage {
        switch message {
        case .email(let email):
            _ = try MessageComposer(sender: "demo@sesame.invalid").compose(email)
            return message
        case .sms(var sms):
            sms.to = try MobileNumber(validating: sms.to).e164
            return .sms(sms)
        }
    }

    private static func kind(of message: OutgoingMessage) -> String {
        switch message {
        case .email: return "email"
        case .sms: return "sms"
        }
    }

    /// "20250114T093012.123456Z": fixed width, so string order is time order.
    static func timestamp(_ date: Date) -> String {
        let seconds = date.timeIntervalSince1970
        let whole = floor(seconds)
        let micros = Int(((seconds - whole) * 1_000_000).rounded(.down))
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss"
        return formatter.string(from: Date(timeIntervalSince1970: whole)) + "." + String(format: "%06d", micros) + "Z"
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}

/// One stored message, as shown on the demo outbox page.
public struct OutboxEntry: Sendable, Equatable, Codable {
    /// The file name; pass it back to `FileOutbox.read(id:)`.
    public let id: String
    public let storedAt: Date
    public let message: OutgoingMessage
}
