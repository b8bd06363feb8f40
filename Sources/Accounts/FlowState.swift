import Foundation

/// Short-lived state shared by every process: what a protocol flow keeps
/// while the person logs in (a SAML request, later an SMS code step), and
/// the "seen once" keys of replay caches.
public protocol FlowStateStore: Sendable {
    /// True the first time `key` is seen before it expires, false after.
    func rememberOnce(_ key: String, until expiry: Date, now: Date) async throws -> Bool
    func putFlowState(handle: String, kind: String, payload: String, until expiry: Date) async throws
    /// Returns and removes the state: a handle serves once.
    func takeFlowState(handle: String, kind: String, now: Date) async throws -> String?
    /// Reads the state and leaves it in place (a page shown before its form is posted).
    func flowState(handle: String, kind: String, now: Date) async throws -> String?
    func purgeFlowStates(now: Date) async throws
}
