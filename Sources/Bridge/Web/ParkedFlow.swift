import Accounts
import Foundation
import Primitives

/// How a payload is written in the flow-state table.
protocol ParkablePayload: Sendable {
    func parked() throws -> String
    init?(parked: String)
}

/// Values are kept as JSON.
extension ParkablePayload where Self: Codable {
    func parked() throws -> String { String(decoding: try JSONEncoder().encode(self), as: UTF8.self) }
    init?(parked text: String) {
        guard let value = try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) else { return nil }
        self = value
    }
}

/// A bare string (an ID token, a destination, a staff id) is kept as it is.
extension String: ParkablePayload {
    func parked() -> String { self }
    init?(parked text: String) { self = text }
}

/// One kind of state a flow parks between two requests: its kind, the type
/// of its payload and its lifetime are said once, here, so a handle of one
/// kind never opens another's state and no call site picks its own encoding
/// or length check. The handle is what travels (a query parameter, a
/// RelayState, a cookie); handles that come back longer than the limit are
/// refused before any lookup.
struct ParkedFlow<Payload: ParkablePayload>: Sendable {
    let kind: String
    /// Keeps kinds apart in the one handle column when the handle is not
    /// ours alone (a protocol state, a session key).
    let handlePrefix: String
    let lifetime: TimeInterval
    let maxHandleLength: Int

    init(kind: String, handlePrefix: String = "", lifetime: TimeInterval, maxHandleLength: Int = 64) {
        self.kind = kind; self.handlePrefix = handlePrefix; self.lifetime = lifetime; self.maxHandleLength = maxHandleLength
    }

    /// Parks `payload` under a new random handle, which it returns.
    func park(_ payload: Payload, in store: any FlowStateStore, now: Date = Date()) async throws -> String {
        let handle = SecureRandom.token(bytes: 24)
        try await park(payload, handle: handle, in: store, now: now)
        return handle
    }

    /// Parks `payload` under a handle chosen by the caller, until `expiry`
    /// (the kind's lifetime when nil).
    func park(_ payload: Payload, handle: String, in store: any FlowStateStore, until expiry: Date? = nil, now: Date = Date()) async throws {
        try await store.putFlowState(handle: handlePrefix + handle, kind: kind, payload: try payload.parked(), until: expiry ?? now + lifetime)
    }

    /// Returns the payload and removes it: a handle serves once.
    func take(_ handle: String?, from store: any FlowStateStore, now: Date = Date()) async throws -> Payload? {
        guard let handle = accepted(handle),
              let text = try await store.takeFlowState(handle: handlePrefix + handle, kind: kind, now: now) else { return nil }
        return Payload(parked: text)
    }

    /// Reads the payload and leaves it in place (a page shown before its form is posted).
    func peek(_ handle: String?, in store: any FlowStateStore, now: Date = Date()) async throws -> Payload? {
        guard let handle = accepted(handle),
              let text = try await store.flowState(handle: handlePrefix + handle, kind: kind, now: now) else { return nil }
        return Payload(parked: text)
    }

    func accepted(_ handle: String?) -> String? {
        guard let handle, !handle.isEmpty, handle.utf8.count <= maxHandleLength else { return nil }
        return handle
    }
}
