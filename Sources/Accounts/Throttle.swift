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
    /// When set, one failure is forgiven each time this much time passes, so
    /// a slow, steady stream of failures never adds up to a block.
    public var forgiveOneEvery: TimeInterval?

    public init(freeFailures: Int, firstDelay: TimeInterval, maximumDelay: TimeInterval, forgetAfter: TimeInterval,
                forgiveOneEvery: TimeInterval? = nil) {
        self.freeFailures = freeFailures; self.firstDelay = firstDelay
        self.maximumDelay = maximumDelay; self.forgetAfter = forgetAfter; self.forgiveOneEvery = forgiveOneEvery
    }

    /// One person mistyping from one address: a few free tries, then 2 s,
    /// 4 s, … up to 15 min. Keyed by identifier *and* address, so someone
    /// failing elsewhere does not lock the owner out.
    public static let identifier = ThrottlePolicy(freeFailures: 3, firstDelay: 2, maximumDelay: 15 * 60, forgetAfter: 3600)
    /// One identifier from every address: the guard against guessing from
    /// many addresses. One failure is forgiven every 3 minutes (20 an hour),
    /// more than one address can make under `identifier` once it is slowed
    /// down (4 an hour), so one attacker alone never blocks the owner.
    public static let identifierEverywhere = ThrottlePolicy(freeFailures: 20, firstDelay: 2, maximumDelay: 15 * 60, forgetAfter: 3600,
                                                            forgiveOneEvery: 180)
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
    public static func identifier(_ id: String, from ip: String) -> String { "login-id:" + id + "@" + ip }
    public static func address(_ ip: String) -> String { "login-ip:" + ip }
}

/// One key and the policy it is counted under.
public struct ThrottleBudget: Sendable {
    public var key: String
    public var policy: ThrottlePolicy
    public init(_ key: String, _ policy: ThrottlePolicy) { self.key = key; self.policy = policy }

    /// A password typed for `identifier` from `ip`: that identifier from
    /// that address, that identifier from everywhere, and that address.
    public static func password(identifier: String, ip: String) -> [ThrottleBudget] {
        [ThrottleBudget(ThrottleKey.identifier(identifier, from: ip), .identifier),
         ThrottleBudget(ThrottleKey.identifier(identifier), .identifierEverywhere),
         ThrottleBudget(ThrottleKey.address(ip), .address)]
    }
}

/// What reserving an attempt answered.
public enum ThrottleReservation: Sendable, Equatable {
    /// The attempt is counted as a failure until the caller forgives it.
    case granted
    case refused(until: Date)
}

extension ThrottleStore {
    /// Counts this attempt on every key *before* the costly check (a hash, a
    /// birth date), so attempts sent at once all count: returns nil when
    /// the attempt may go on, or how long to wait. A refused attempt counts
    /// nowhere. After a success the caller forgives it (`forgive`).
    public func reserveAttempt(_ budgets: [ThrottleBudget], now: Date = Date()) async throws -> TimeInterval? {
        if let wait = try await remainingWait(keys: budgets.map(\.key), now: now) { return wait }
        var granted: [ThrottleBudget] = []
        for budget in budgets {
            switch try await reserveAttempt(key: budget.key, policy: budget.policy, now: now) {
            case .granted:
                granted.append(budget)
            case .refused(let until):
                // Lost a race on a later key: the earlier ones did not happen.
                for earlier in granted { try await refundAttempt(key: earlier.key) }
                return max(until.timeIntervalSince(now), 1)
            }
        }
        return nil
    }

    /// A reserved attempt succeeded: the first key (the person's own) is
    /// cleared, the others get their attempt back.
    public func forgive(_ budgets: [ThrottleBudget]) async throws {
        guard let first = budgets.first else { return }
        try await clearThrottle(key: first.key)
        for budget in budgets.dropFirst() { try await refundAttempt(key: budget.key) }
    }

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
