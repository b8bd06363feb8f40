import Foundation
import SesameTestSupport
import Testing
@testable import Messaging
import Primitives

/// SMSGateway against a real local HTTP server.
@Suite struct SMSGatewayTests {
    static let template = "{\"to\": \"{{recipient}}\", \"message\": \"{{text}}\", \"sender\": \"Sesame\"}"

    func gateway(_ peer: SMSGatewayPeer, attempts: Int = 3) throws -> SMSGateway {
        SMSGateway(configuration: SMSGatewayConfiguration(
            url: peer.url, tokenHeaderName: "X-Api-Token", tokenValue: "tok-123",
            bodyTemplate: try JSONBodyTemplate(Self.template),
            retry: RetryPolicy(maxAttempts: attempts, initialDelay: .milliseconds(50), maxDelay: .milliseconds(200)),
            requestTimeout: .seconds(5)))
    }

    func body(_ request: SMSGatewayPeer.Request) throws -> [String: String] {
        try JSONDecoder().decode([String: String].self, from: Data(request.body.utf8))
    }

    @Test func postsJSONWithTokenAndE164Number() async throws {
        let peer = try SMSGatewayPeer(statuses: [200])
        defer { peer.stop() }
        // Quotes, backslash, newline and accents must survive JSON substitution.
        let text = MessageTemplates().confirmationCodeSMS(code: "123456") + " \"ok\" \\ \n fin"
        try await gateway(peer).deliver(.sms(TextMessage(to: "06 12 34 56 78", text: text)))

        let requests = try peer.requests()
        #expect(requests.count == 1)
        let request = try #require(requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/v1/sms")
        #expect(request.headers["x-api-token"] == "tok-123")
        #expect(request.headers["content-type"]?.hasPrefix("application/json") == true)
        #expect(try body(request) == ["to": "+33612345678", "message": text, "sender": "Sesame"])
    }

    @Test func retriesAfterServerErrorThenSucceeds() async throws {
        let peer = try SMSGatewayPeer(statuses: [500, 429, 200])
        defer { peer.stop() }
        try await gateway(peer).send(TextMessage(to: "+33 7 00 00 00 01", text: "code 1"))
        let requests = try peer.requests()
        #expect(requests.map(\.answered) == [500, 429, 200])
        #expect(try requests.map { try body($0)["to"] } == Array(repeating: "+33700000001", count: 3))
    }

    @Test func givesUpAfterBoundedRetries() async throws {
        let peer = try SMSGatewayPeer(statuses: [503])
        defer { peer.stop() }
        let error = await #expect(throws: MessagingError.self) {
            try await gateway(peer, attempts: 3).send(TextMessage(to: "0612345678", text: "x"))
        }
        guard case .gatewayUnavailable(3, let last) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(last.contains("503"))
        #expect(try peer.requests().count == 3)
    }

    @Test func refusalIsNotRetriedAndIsTyped() async throws {
        let peer = try SMSGatewayPeer(statuses: [401, 200])
        defer { peer.stop() }
        let error = await #expect(throws: MessagingError.self) {
            try await gateway(peer).send(TextMessage(to: "0612345678", text: "x"))
        }
        guard case .gatewayRefused(401, let excerpt) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(excerpt.contains("refused by test gateway"))
        #expect(error?.logMessage.contains("HTTP 401") == true)
        #expect(error?.userMessage.contains("401") == false)
        #expect(try peer.requests().count == 1)
    }

    @Test func invalidNumberSendsNothing() async throws {
        let peer = try SMSGatewayPeer(statuses: [200])
        defer { peer.stop() }
        await #expect(throws: MessagingError.invalidPhoneNumber("01 23 45 67 89")) {
            try await gateway(peer).send(TextMessage(to: "01 23 45 67 89", text: "x"))
        }
        #expect(try peer.requests().isEmpty)
    }

    @Test func unreachableGatewayIsRetriedThenReported() async throws {
        let config = SMSGatewayConfiguration(
            url: "http://127.0.0.1:1/sms", tokenHeaderName: "Authorization", tokenValue: "Bearer x",
            bodyTemplate: try JSONBodyTemplate(Self.template),
            retry: RetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(10)),
            requestTimeout: .seconds(1))
        await #expect {
            try await SMSGateway(configuration: config).send(TextMessage(to: "0612345678", text: "x"))
        } throws: { error in
            guard case MessagingError.gatewayUnavailable(2, _) = error else { return false }
            return true
        }
    }

    @Test(arguments: [
        ("06 12 34 56 78", "+33612345678"),
        ("07.81.22.33.44", "+33781223344"),
        ("+33 6 12 34 56 78", "+33612345678"),
        ("+33 (0)6 12 34 56 78", "+33612345678"),
        ("0033612345678", "+33612345678"),
        ("0690 12 34 56", "+590690123456"),
        ("0692 12 34 56", "+262692123456"),
        ("+262 639 12 34 56", "+262639123456"),
    ])
    func frenchMobileNumbersBecomeE164(raw: String, e164: String) throws {
        #expect(try MobileNumber(validating: raw).e164 == e164)
    }

    @Test(arguments: ["01 23 45 67 89", "06 12 34 56", "06 12 34 56 78 9", "+44 7700 900123", "06a2345678", "", "+33 1 23 45 67 89"])
    func nonMobileNumbersAreRefused(raw: String) {
        #expect(throws: MessagingError.invalidPhoneNumber(raw)) { try MobileNumber(validating: raw) }
    }

    @Test func templateMustNameBothPlaceholders() {
        #expect(throws: MessagingError.self) { try JSONBodyTemplate("{\"to\": \"{{recipient}}\"}") }
    }
}
