import Foundation
import Synchronization

/// Bounds password hashing, the one costly thing strangers can ask for:
/// each Argon2id takes 19 MiB (an old scrypt hash 32 MiB), so at most `limit` run at once in the process
/// (a burst waits its turn instead of taking the memory), one identifier is
/// checked one attempt at a time, and past `maxWaiting` queued attempts the
/// newcomer is turned away at once.
public final class HashingGate: Sendable {
    public struct Busy: Error {}

    public static let shared = HashingGate(limit: max(2, ProcessInfo.processInfo.activeProcessorCount), maxWaiting: 256)

    private struct Waiter { var key: String; var continuation: CheckedContinuation<Void, Never> }
    private struct State {
        var running = 0
        var busyKeys = Set<String>()
        var waiting: [Waiter] = []
        var refused = 0
        var waited = 0
    }

    public let limit: Int
    public let maxWaiting: Int
    private let state = Mutex(State())

    public init(limit: Int, maxWaiting: Int) {
        self.limit = limit; self.maxWaiting = maxWaiting
    }

    /// Runs `body` once a slot is free for `key`; throws `Busy` when too many wait.
    public func run<T: Sendable>(key: String, _ body: @Sendable () throws -> T) async throws -> T {
        try await acquire(key)
        defer { release(key) }
        return try body()
    }

    /// How many hash at this moment (for tests and metrics).
    public var running: Int { state.withLock { $0.running } }

    /// What /metrics shows: the cap, who hashes and who waits now, and how
    /// many had to wait or were turned away since the start.
    public struct Reading: Sendable, Equatable {
        public var limit: Int, running: Int, waiting: Int, waitedTotal: Int, refusedTotal: Int
    }

    public var reading: Reading {
        state.withLock { Reading(limit: limit, running: $0.running, waiting: $0.waiting.count, waitedTotal: $0.waited, refusedTotal: $0.refused) }
    }

    private func acquire(_ key: String) async throws {
        enum Decision { case go, wait, refuse }
        // Decided and queued under one lock, so no release slips in between.
        var decision = Decision.refuse
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            decision = state.withLock { s in
                if s.running < limit && !s.busyKeys.contains(key) {
                    s.running += 1; s.busyKeys.insert(key)
                    return .go
                }
                guard s.waiting.count < maxWaiting else { s.refused += 1; return .refuse }
                s.waiting.append(Waiter(key: key, continuation: continuation))
                s.waited += 1
                return .wait
            }
            if decision != .wait { continuation.resume() }
        }
        if decision == .refuse { throw Busy() }
    }

    private func release(_ key: String) {
        let next: Waiter? = state.withLock { s in
            s.running -= 1; s.busyKeys.remove(key)
            guard let index = s.waiting.firstIndex(where: { !s.busyKeys.contains($0.key) }) else { return nil }
            let waiter = s.waiting.remove(at: index)
            s.running += 1; s.busyKeys.insert(waiter.key)
            return waiter
        }
        next?.continuation.resume()
    }
}

extension PasswordHasher {
    /// `verify` through the shared gate.
    public func verifyGated(_ password: String, against stored: String, for key: String,
                            gate: HashingGate = .shared) async throws -> Verdict {
        try await gate.run(key: key) { verify(password, against: stored) }
    }

    /// `hash` through the shared gate: a new password costs the same memory.
    public func hashGated(_ password: String, for key: String, gate: HashingGate = .shared) async throws -> String {
        try await gate.run(key: key) { try hash(password) }
    }

    /// `verifyNothing` through the shared gate, so unknown identifiers wait alike.
    public func verifyNothingGated(_ password: String, for key: String, gate: HashingGate = .shared) async throws {
        try await gate.run(key: key) { verifyNothing(password) }
    }
}
