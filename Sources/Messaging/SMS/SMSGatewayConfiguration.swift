/// Where and how to post SMS to an HTTP provider.
public struct SMSGatewayConfiguration: Sendable {
    public var url: String
    /// e.g. "Authorization" with value "Bearer …", or "X-Api-Key".
    public var tokenHeaderName: String
    public var tokenValue: String
    public var bodyTemplate: JSONBodyTemplate
    public var retry: RetryPolicy
    /// For the whole of one HTTP attempt.
    public var requestTimeout: Duration

    public init(url: String, tokenHeaderName: String, tokenValue: String, bodyTemplate: JSONBodyTemplate,
                retry: RetryPolicy = RetryPolicy(), requestTimeout: Duration = .seconds(10)) {
        self.url = url
        self.tokenHeaderName = tokenHeaderName
        self.tokenValue = tokenValue
        self.bodyTemplate = bodyTemplate
        self.retry = retry
        self.requestTimeout = requestTimeout
    }
}

/// Bounded exponential backoff.
public struct RetryPolicy: Sendable, Equatable {
    /// Total attempts, the first one included.
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 3, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(5)) {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// Delay before attempt `attempt + 1` (attempt counts from 1).
    func delay(after attempt: Int) -> Duration {
        let factor = 1 << min(attempt - 1, 16)
        return min(initialDelay * factor, maxDelay)
    }
}
