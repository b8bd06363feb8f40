import Accounts
import AsyncHTTPClient
import CAS
import Foundation
import Hummingbird
import Logging
import NIOCore

/// Ends a browser session the same way whichever door it leaves by
/// (/logout, /cas/logout, /saml/slo): CAS services that asked for it get a
/// back-channel logout, tickets and the session go, the audit says so, and
/// the SAML service providers still to be told are handed back (they need
/// the browser, one after the other).
struct SessionEnd: Sendable {
    let store: any SesameStore
    let casServices: ServiceRegistry
    let sessions: BrowserSession
    /// Sends the browser through the SAML SPs still to be told, then to the
    /// given destination; nil when no SAML identity provider is configured.
    var samlChain: (@Sendable ([SAMLLogout.Hop], String) async throws -> Response)?
    /// For a FranceConnect session, the provider's logout address that
    /// leads back to the destination; nil otherwise.
    var franceConnectExit: (@Sendable (String, String) async throws -> String?)?

    /// Logs the browser out and sends it on to `destination`.
    func leave(_ request: Request, context: SesameContext, via door: String, then destination: String) async throws -> Response {
        var response = Response.redirect(to: destination, type: .normal)
        if let current = try await sessions.current(request) {
            let onward = try await franceConnectExit?(current.token.storageKey, destination) ?? destination
            response = Response.redirect(to: onward, type: .normal)
            let hops = try await end(current, ip: context.clientAddress, via: door, logger: context.logger)
            if !hops.isEmpty, let samlChain { response = try await samlChain(hops, onward) }
        }
        response.setCookie(sessions.clearedCookie())
        return response
    }

    /// Returns the SAML participants of the session other than `except`.
    func end(_ current: BrowserSession.Current, ip: String, via door: String, except samlInitiator: String? = nil,
             logger: Logger) async throws -> [SAMLLogout.Hop] {
        let key = current.token.storageKey
        let used = try await store.servicesUsed(sessionKey: key)
        await notifyCAS(used.filter { !$0.service.hasPrefix(SAMLParticipant.prefix) }, logger: logger)
        var hops: [SAMLLogout.Hop] = []
        for (service, data) in used where service.hasPrefix(SAMLParticipant.prefix) {
            let entityID = String(service.dropFirst(SAMLParticipant.prefix.count))
            if entityID != samlInitiator, let participant = SAMLParticipant.decode(data), !hops.contains(where: { $0.entityID == entityID }) {
                hops.append(SAMLLogout.Hop(entityID: entityID, participant: participant))
            }
        }
        try await store.deleteTickets(ofSession: key)
        try await store.deleteSession(key: key)
        try await store.record(AuditEvent(kind: .logout, actor: current.account.identifier, subject: current.account.identifier, ip: ip,
                                          detail: "\(door); \(used.count) service(s)"))
        return hops
    }

    /// Back-channel logout to each CAS service of the session that asked
    /// for it, all at once, each bounded in time.
    func notifyCAS(_ used: [(service: String, ticket: String)], logger: Logger) async {
        await withTaskGroup(of: Void.self) { group in
            for (serviceURL, ticketValue) in used {
                guard let service = casServices.service(for: serviceURL), service.singleLogout,
                      let destination = service.singleLogoutTarget(serviceURL: serviceURL),
                      let ticket = try? Ticket.parse(ticketValue, as: .service) else { continue }
                group.addTask {
                    var call = HTTPClientRequest(url: destination)
                    call.method = .POST
                    call.headers.add(name: "content-type", value: SingleLogoutMessage.contentType)
                    call.body = .bytes(ByteBuffer(string: SingleLogoutMessage(serviceTicket: ticket, issueInstant: Date()).formBody))
                    do { _ = try await OutboundHTTP.client.execute(call, timeout: .seconds(3)) } catch {
                        logger.info("CAS single logout to \(service.id) failed: \(error)")
                    }
                }
            }
        }
    }
}
