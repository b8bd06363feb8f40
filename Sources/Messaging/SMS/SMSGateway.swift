import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1
import Primitives

/// Sends SMS through an HTTP provider. Network errors, 5xx and 429 are
/// retried (bounded); other 4xx mean the request itself is wrong and fail
/// at once.
public struct SMSGateway: Messenger {
    public let configuration: SMSGatewayConfiguration
    private let client: HTTPClient
    private let logger: Logger

    public init(configuration: SMSGatewayConfiguration, httpClient: HTTPClient = .shared,
                logger: Logger = Logger(label: "sesame.messaging.sms")) {
        self.configuration = configuration
        self.client = httpClient
        self.logger = logger
    }

    public func deliver(_ message: OutgoingMessage) async throws(MessagingError) {
        guard case .sms(let sms) = message else {
            throw .invalidConfiguration("SMSGateway only delivers SMS")
        }
        try await send(sms)
    }

    public func send(_ sms: TextMessage) async throws(MessagingError) {
        let number = try MobileNumber(validating: sms.to)
        try HeaderSafety.check(configuration.tokenHeaderName + configuration.tokenValue, field: "token header")
        let body = configuration.bodyTemplate.render(recipient: number.e164, text: sms.text)
        let policy = configuration.retry
        var lastProblem = ""
        for attempt in 1...policy.maxAttempts {
            if attempt > 1 {
                do { try await Task.sleep(for: policy.delay(after: attempt - 1)) } catch {
                    throw .gatewayUnavailable(attempts: attempt - 1, lastProblem: "cancelled; \(lastProblem)")
                }
            }
            switch await attemptOnce(body: body) {
            case .delivered:
                logger.info("SMS sent", metadata: ["attempt": "\(attempt)"])
                return
            case .refused(let status, let excerpt):
                let error = MessagingError.gatewayRefused(status: status, bodyExcerpt: excerpt)
                logger.error("\(error.logMessage)")
                throw error
            case .transient(let problem):
                lastProblem = problem
                logger.warning("SMS attempt failed", metadata: ["attempt": "\(attempt)", "problem": "\(problem)"])
            }
        }
        let error = MessagingError.gatewayUnavailable(attempts: policy.maxAttempts, lastProblem: lastProblem)
        logger.error("\(error.logMessage)")
        throw error
    }

    private enum Outcome {
        case delivered
        case refused(status: Int, excerpt: String)
        case transient(String)
    }

    private func attemptOnce(body: String) async -> Outcome {
        var request = HTTPClientRequest(url: configuration.url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json; charset=utf-8")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: configuration.tokenHeaderName, value: configuration.tokenValue)
        request.body = .bytes(ByteBuffer(string: body))
        do {
            let response = try await client.execute(request, timeout: TimeAmount(configuration.requestTimeout))
            let status = Int(response.status.code)
            // Only a bounded excerpt is kept: enough to diagnose, not a log flood.
            var head = ByteBuffer()
            for try await chunk in response.body {
                var chunk = chunk
                head.writeBuffer(&chunk)
                if head.readableBytes >= 1024 { break }
            }
            let excerpt = Self.excerpt(head)
            switch status {
            case 200..<300: return .delivered
            case 429, 500..<600: return .transient("HTTP \(status): \(excerpt)")
            default: return .refused(status: status, excerpt: excerpt)
            }
        } catch {
            return .transient(String(describing: error))
        }
    }

    static func excerpt(_ buffer: ByteBuffer) -> String {
        let text = String(buffer: buffer)
        let flat = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : String($0) }.joined()
        return flat.count > 200 ? String(flat.prefix(200)) + "…" : flat
    }
}
