import Foundation

/// Growing delays after failed attempts, per identifier and per IP address.
/// There is never a permanent lock: the wait is capped, and counters fade
/// after a quiet period, so nobody can lock a parent out for good.
public struct ThrottlePolicy: Sendable {
    /// Failures allowed before any delay.
    public var freeFailures: Int
    /// Delay after the first failure past the free ones; doubles each time.
    public var firstDelay: TimeInterval
    public var maximumDelay: TimeInterval
    /// Counters are forgotten after this long without a failure.
    public var forgetAfter: TimeInterval

    public init(freeFailures: Int, firstDelay: TimeInterval, maximumDelay: TimeInterval, forgetAfter: TimeInterval) {
        self.freeFailures = freeFailures; self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay; self.forgetAfter = forgetAfter
    }

    /// One person mistyping: a few free tries, then 2 s, 4 s, … up to 15 min.
    public static let identifier = ThrottlePolicy(freeFailures: 3, firstDelay: 2, maximumDelay: 15 * 60, forgetAfter: 3600)
    /// A school or a family shares one address: be more lenient per IP.
    public static let address = ThrottlePolicy(freeFailures: 20, firstDelay: 1, maximumDelay: 5 * 60, forgetAfter: 3600)

    /// How long to refuse attempts after the `failures`-th consecutive failure.
    public func delay(afterFailures failures: Int) -> TimeInterval {
        guard failures > freeFailures else { return 0 }
        let exponent = min(failures - freeFailures - 1, 30)
        return min(firstDelay * pow(2, Double(exponent)), maximumDelay)
    }
}

/// The stored state of one throttled key.
public struct ThrottleState: Sendable, Equatable {
    public var failures: Int
    public var lastFailure: Date
    public var blockedUntil: Date

    public init(failures: Int, lastFailure: Date, blockedUntil: Date) {
        self.failures = failures; self.lastFailure = lastFailure; self.blockedUntil = blockedUntil
    }
}

public enum ThrottleKey {
    public static func identifier(_ id: String) -> String { "login-id:" + id }
    public static func address(_ ip: String) -> String { "login-ip:" + ip }
}

extension ThrottleStore {
    /// How long the longest of these keys still refuses attempts; nil when none does.
    public func remainingWait(keys: [String], now: Date = Date()) async throws -> TimeInterval? {
        var longest: TimeInterval = 0
        for key in keys {
            if let state = try await throttleState(key: key), state.blockedUntil > now {
                longest = max(longest, state.blockedUntil.timeIntervalSince(now))
            }
        }
        return longest > 0 ? longest : nil
    }
}
