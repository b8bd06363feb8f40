import Accounts
import Foundation
import Hummingbird
import Primitives
import SAML

/// Takes the browser through the SAML SPs of an ended session, one after
/// the other, then answers the SP that started the logout or goes on to
/// the final destination. Built once and handed to the session end.
struct SAMLLogoutChain: Sendable {
    let settings: SAMLSettings
    let store: any FlowStateStore
    let pages: Pages
    /// The chain between two hops, keyed by the RelayState we send.
    static let parkedChains = ParkedFlow<SAMLLogout.Chain>(kind: "saml-slo", lifetime: 600)

    var idp: IdentityProvider { settings.identityProvider }
    var lookup: ServiceProviderLookup { settings.serviceProviders.lookup }

    /// Sends the browser to the next SP, or answers the initiator.
    func next(_ chain: SAMLLogout.Chain, initiator: LogoutRequest?, now: Date) async throws -> Response {
        var chain = chain
        while let hop = chain.remaining.first {
            chain.remaining.removeFirst()
            // The RelayState we send is the handle that brings us back here.
            let handle = SecureRandom.token(bytes: 24)
            guard let sp = settings.serviceProviders[hop.entityID],
                  let outbound = try? idp.buildLogoutRequest(to: sp, nameID: hop.participant.nameID, sessionIndexes: [hop.participant.sessionIndex],
                                                                   relayState: handle, now: now) else {
                chain.partial = true
                continue
            }
            chain.awaiting = outbound.id
            try await Self.parkedChains.park(chain, handle: handle, in: store, now: now)
            return deliver(outbound.message)
        }
        // Back to the initiator, whose request is decoded again from what we kept.
        let request: LogoutRequest
        if initiator == nil, chain.initiatorQuery == nil, chain.initiatorForm == nil {
            return .redirect(to: chain.finalRedirect ?? "/login?deconnexion=1", type: .normal)
        }
        if let initiator { request = initiator } else if let query = chain.initiatorQuery {
            request = try idp.receiveLogoutRequest(.redirect(rawQuery: query), lookup: lookup, now: now)
        } else if let form = chain.initiatorForm, let message = form["SAMLRequest"] {
            request = try idp.receiveLogoutRequest(.post(message: message, relayState: form["RelayState"]), lookup: lookup, now: now)
        } else { throw PageError.unavailable }
        guard let sp = settings.serviceProviders[request.issuer] else { throw PageError.unavailable }
        let reply = try idp.buildLogoutResponse(to: request, sp: sp, status: chain.partial ? .partialLogout : .success, now: now)
        return deliver(reply.message)
    }

    /// Logout started here (/logout, /cas/logout): the SAML SPs in turn, then `destination`.
    func chain(_ hops: [SAMLLogout.Hop], then destination: String) async throws -> Response {
        try await next(SAMLLogout.Chain(remaining: hops, partial: false, finalRedirect: destination), initiator: nil, now: Date())
    }

    func deliver(_ message: OutboundMessage) -> Response {
        switch message {
        case .redirect(let url): return .redirect(to: url, type: .found)
        case .post(let form):
            return pages.autopost(action: form.url, serviceName: form.url, fields: form.fields, title: "Déconnexion")
        }
    }
}
