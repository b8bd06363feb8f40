import Accounts
import Foundation
import Hummingbird
import Logging

/// Ends a browser session the same way whichever door it leaves by
/// (/logout, /cas/logout, /saml/slo): each participant hears of it as its
/// protocol says, tickets and the session go, the audit says so. Who is
/// told how is decided here once, by participant kind; the protocol rooms
/// are handed in at construction.
struct SessionEnd: Sendable {
    /// What ending a session touches: its participants, its tickets, the session, the audit.
    typealias Store = AuditTrail & SessionStore & TicketStore & SessionParticipantStore
    let store: any Store
    let sessions: BrowserSession
    /// CAS services that asked for single logout: told over the back channel.
    let cas: CASSingleLogout
    /// SAML service providers: told through the browser, one after the
    /// other; nil when no SAML identity provider is configured.
    let saml: SAMLLogoutChain?
    /// The provider's own logout for a FranceConnect session.
    let franceConnect: FranceConnectExit?

    /// Logs the browser out and sends it on to `destination`.
    func leave(_ request: Request, context: SesameContext, via door: String, then destination: String) async throws -> Response {
        var response = Response.redirect(to: destination, type: .normal)
        if let current = try await sessions.current(request) {
            let onward = try await franceConnect?.providerLogout(sessionKey: current.token.storageKey, then: destination) ?? destination
            response = Response.redirect(to: onward, type: .normal)
            let hops = try await end(current, ip: context.clientAddress, via: door, logger: context.logger)
            if !hops.isEmpty, let saml { response = try await saml.chain(hops, then: onward) }
        }
        response.setCookie(sessions.clearedCookie())
        return response
    }

    /// Ends the session; returns the SAML participants other than `except`,
    /// still to be told through the browser.
    func end(_ current: BrowserSession.Current, ip: String, via door: String, except samlInitiator: String? = nil,
             logger: Logger) async throws -> [SAMLLogout.Hop] {
        let key = current.token.storageKey
        let participants = try await store.participants(sessionKey: key)
        var casTickets: [(service: String, ticket: String)] = []
        var hops: [SAMLLogout.Hop] = []
        for participant in participants {
            switch participant.kind {
            case .cas:
                casTickets.append((participant.service, participant.reference))
            case .saml:
                if participant.service != samlInitiator, let known = SAMLParticipant.decode(participant.reference),
                   !hops.contains(where: { $0.entityID == participant.service }) {
                    hops.append(SAMLLogout.Hop(entityID: participant.service, participant: known))
                }
            }
        }
        await cas.notify(casTickets, logger: logger)
        try await store.deleteTickets(ofSession: key)
        try await store.deleteSession(key: key)
        try await store.record(AuditEvent(kind: .logout, actor: current.account.identifier, subject: current.account.identifier, ip: ip,
                                          detail: "\(door); \(participants.count) service(s)"))
        return hops
    }
}
