import Foundation
import SesameTestSupport
import Testing
@testable import Messaging

@Suite struct FileOutboxTests {
    @Test func roundTripNewestFirst() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outbox = FileOutbox(directory: directory.appendingPathComponent("outbox"))
        #expect(try outbox.list().isEmpty)

        let email = Email(to: "eleve@example.org", content: MessageTemplates().lostIdentifierEmail(
            displayName: "Zoé", identifier: "zoe.l", loginURL: URL(string: "https://sesame.example")!))
        let first = try outbox.store(.email(email), at: Date(timeIntervalSince1970: 1_700_000_000.25))
        let second = try outbox.store(.sms(TextMessage(to: "06 12 34 56 78", text: "Sesame : code 1")),
                                      at: Date(timeIntervalSince1970: 1_700_000_000.5))
        try await outbox.deliver(.sms(TextMessage(to: "0712345678", text: "now")))

        let entries = try outbox.list()
        #expect(entries.count == 3)
        #expect(entries.dropFirst().map(\.id) == [second, first])
        #expect(first.hasPrefix("20231114T221320.250000Z-email-"))
        #expect(entries[0].message == .sms(TextMessage(to: "+33712345678", text: "now")))
        // Demo mode stores the number as the real gateway would send it.
        #expect(try outbox.read(id: second).message == .sms(TextMessage(to: "+33612345678", text: "Sesame : code 1")))
        #expect(try outbox.read(id: first).message == .email(email))
        #expect(try outbox.list(limit: 1).map(\.id) == [entries[0].id])

        // No temporary files left behind by the atomic writes.
        let files = try FileManager.default.contentsOfDirectory(atPath: outbox.directory.path)
        #expect(files.sorted() == entries.map(\.id).sorted())
    }

    @Test func refusesWhatProductionWouldRefuse() throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let outbox = FileOutbox(directory: directory)
        #expect(throws: MessagingError.invalidPhoneNumber("123")) { try outbox.store(.sms(TextMessage(to: "123", text: "x"))) }
        #expect(throws: MessagingError.headerInjection(field: "subject")) {
            try outbox.store(.email(Email(to: "a@example.org", subject: "a\nb", text: "x")))
        }
        #expect(try outbox.list().isEmpty)
    }

    @Test(arguments: ["../etc/passwd", "..", "/etc/hosts", "a/b.json", ".hidden.json"])
    func readRejectsPathsOutsideTheOutbox(id: String) throws {
        let outbox = FileOutbox(directory: FileManager.default.temporaryDirectory)
        #expect(throws: MessagingError.self) { try outbox.read(id: id) }
    }
}
