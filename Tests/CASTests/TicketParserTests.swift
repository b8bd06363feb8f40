import Testing
@testable import CAS

@Suite struct TicketParserTests {
    let body = String(repeating: "aB3", count: 11)   // 33 characters

    @Test func acceptsWellFormedTickets() throws {
        let ticket = try Ticket.parse("ST-" + body, accepting: [.service])
        #expect(ticket.kind == .service)
        #expect(ticket.body == Substring(body))
        // Spec 3.7 allows hyphens; other servers' formats use them.
        #expect(try Ticket.parse("PT-1856392-" + body, accepting: [.service, .proxy]).kind == .proxy)
    }

    @Test func pgtIouIsNotReadAsPgt() throws {
        #expect(try Ticket.parse("PGTIOU-" + body, accepting: [.proxyGrantingIOU]).kind == .proxyGrantingIOU)
        #expect(throws: TicketFormatError.wrongKind(found: .proxyGrantingIOU, accepted: [.proxyGranting])) {
            try Ticket.parse("PGTIOU-" + body, as: .proxyGranting)
        }
    }

    @Test func refusesProxyTicketsWhereOnlyServiceTicketsGo() {
        for endpoint in [CASEndpoint.validate, .serviceValidate, .p3ServiceValidate] {
            #expect(throws: TicketFormatError.wrongKind(found: .proxy, accepted: [.service])) {
                try Ticket.parse("PT-" + body, accepting: endpoint.acceptedTicketKinds)
            }
        }
        #expect(CASEndpoint.proxyValidate.acceptedTicketKinds == [.service, .proxy])
        #expect(CASEndpoint.proxy.acceptedTicketKinds == [.proxyGranting])
    }

    static let a32 = String(repeating: "a", count: 32)
    static let malformed: [(String, TicketFormatError)] = [
        ("", .empty),
        ("XX-" + a32, .unknownPrefix),
        ("st-" + a32, .unknownPrefix),
        ("ST" + a32, .unknownPrefix),
        ("ST-abc", .bodyTooShort(length: 3)),
        ("ST-" + String(repeating: "a", count: 31), .bodyTooShort(length: 31)),
        ("ST-" + String(repeating: "a", count: 254), .tooLong(length: 257)),
        ("ST-" + a32 + "_", .invalidCharacter),
        ("ST-" + a32 + "<script>", .invalidCharacter),
        ("ST-" + a32 + " ", .invalidCharacter),
        ("ST-" + a32 + "%41", .invalidCharacter),
        ("ST-" + String(repeating: "é", count: 32), .invalidCharacter),
        ("ST-" + a32 + "\n", .invalidCharacter),
    ]

    @Test(arguments: malformed)
    func refusesMalformedTickets(input: String, expected: TicketFormatError) {
        #expect(throws: expected) { try Ticket.parse(input, accepting: [.service]) }
        #expect(expected.failureCode == .invalidTicket)
    }

    @Test func exactlyTheLengthBoundsAreAccepted() throws {
        _ = try Ticket.parse("ST-" + String(repeating: "a", count: 253), as: .service)
        _ = try Ticket.parse("ST-" + String(repeating: "a", count: 32), as: .service)
    }

    @Test func errorMessagesDoNotEchoInput() {
        let hostile = "ST-<script>" + String(repeating: "x", count: 40)
        do {
            _ = try Ticket.parse(hostile, as: .service)
            Issue.record("should have thrown")
        } catch {
            #expect(!error.failure.message.contains("<script>"))
            #expect(error.failure.code == .invalidTicket)
        }
    }
}
