import Accounts
import Foundation
import FranceConnect

/// The provider's own logout for a session opened with FranceConnect: the
/// ID token is kept under the session, and at logout the browser goes to
/// the provider, which sends it back here and on to the destination.
struct FranceConnectExit: Sendable {
    let fc: FranceConnectLogin
    let store: any FlowStateStore
    /// The ID token of a FranceConnect session, under the session key, until the session ends.
    static let parkedIDTokens = ParkedFlow<String>(kind: "fc-id-token", handlePrefix: "fc:", lifetime: 0)
    /// Where the browser goes once back from the provider's logout, under the logout state.
    static let parkedLogouts = ParkedFlow<String>(kind: "fc-logout", handlePrefix: "fc-out:", lifetime: 600, maxHandleLength: 128)

    func remember(idToken: String, sessionKey: String, until end: Date) async throws {
        try await Self.parkedIDTokens.park(idToken, handle: sessionKey, in: store, until: end)
    }

    /// The provider's end-session address for a FranceConnect session, the
    /// final destination kept for the way back; nil for other sessions.
    func providerLogout(sessionKey: String, then destination: String) async throws -> String? {
        guard let idToken = try await Self.parkedIDTokens.take(sessionKey, from: store),
              let end = try? fc.relyingParty.makeEndSessionRequest(idToken: idToken) else { return nil }
        try await Self.parkedLogouts.park(destination, handle: end.state, in: store)
        return end.url
    }

    /// Where the browser goes once the provider sent it back.
    func destination(afterLogoutState state: String?) async throws -> String {
        try await Self.parkedLogouts.take(state, from: store) ?? "/login?deconnexion=1"
    }
}
