import Accounts
import Foundation
import Hummingbird
import HummingbirdCore
import SAML

/// One SP of a browser session, as remembered for single logout.
struct SAMLParticipant: Codable {
    static let prefix = "saml:"
    var format: String, value: String, spNameQualifier: String?, sessionIndex: String

    init(nameID: NameID, sessionIndex: String) {
        format = nameID.format; value = nameID.value; spNameQualifier = nameID.spNameQualifier; self.sessionIndex = sessionIndex
    }

    var nameID: NameID { NameID(value: value, format: format, spNameQualifier: spNameQualifier) }
    var encoded: String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data(), as: UTF8.self) }
    static func decode(_ text: String) -> SAMLParticipant? { try? JSONDecoder().decode(Self.self, from: Data(text.utf8)) }
}

/// SP-initiated single logout (SAML profiles §4.4): the session ends, every
/// other SP of the session gets a LogoutRequest through the browser, one
/// after the other, then the initiator gets its LogoutResponse.
struct SAMLLogout: Sendable {
    let routes: SAMLRoutes
    static let kind = "saml-slo"

    /// What travels between the hops, keyed by the RelayState we send.
    struct Chain: Codable {
        /// The initiator's message, decoded again at the end to answer it.
        var initiatorQuery: String?
        var initiatorForm: [String: String]?
        var remaining: [Hop]
        var awaiting: String?
        var partial: Bool
    }
    struct Hop: Codable { var entityID: String; var participant: SAMLParticipant }

    func register(on router: Router<SesameContext>) {
        router.get("/saml/slo") { request, context in
            let query = request.uri.query ?? ""
            switch InboundMessage.redirectCarries(rawQuery: query) {
            case .request: return try await started(.redirect(rawQuery: query), chain: Chain(initiatorQuery: query, remaining: [], partial: false),
                                                    request: request, context: context)
            case .response: return try await answered(.redirect(rawQuery: query), relayState: request.uri.queryParameters["RelayState"].map(String.init))
            default: throw SAMLRoutes.badRequest("SLO without SAMLRequest or SAMLResponse")
            }
        }
        router.post("/saml/slo") { request, context in
            let form = try await FormReader.read(request, limit: 512 * 1024)
            if let message = form["SAMLRequest"] {
                return try await started(.post(message: message, relayState: form["RelayState"]),
                                         chain: Chain(initiatorForm: form, remaining: [], partial: false), request: request, context: context)
            }
            guard let message = form["SAMLResponse"] else { throw SAMLRoutes.badRequest("SLO POST without message") }
            return try await answered(.post(message: message, relayState: form["RelayState"]), relayState: form["RelayState"])
        }
    }

    func started(_ message: InboundMessage, chain: Chain, request: Request, context: SesameContext) async throws -> Response {
        let now = Date()
        let logout: LogoutRequest
        do { logout = try routes.idp.receiveLogoutRequest(message, lookup: routes.lookup, now: now) } catch {
            try await routes.store.record(AuditEvent(kind: .serviceRefused, ip: context.clientAddress, detail: "SAML logout: \(error)"))
            throw PageError(.badRequest, title: "Déconnexion refusée", message: error.userMessage, log: "SAML LogoutRequest: \(error)")
        }
        var chain = chain
        if let current = try await routes.sessions.current(request) {
            let key = current.token.storageKey
            for (service, data) in try await routes.store.servicesUsed(sessionKey: key) where service.hasPrefix(SAMLParticipant.prefix) {
                let entityID = String(service.dropFirst(SAMLParticipant.prefix.count))
                if entityID != logout.issuer, let participant = SAMLParticipant.decode(data),
                   !chain.remaining.contains(where: { $0.entityID == entityID }) {
                    chain.remaining.append(Hop(entityID: entityID, participant: participant))
                }
            }
            try await routes.store.deleteTickets(ofSession: key)
            try await routes.store.deleteSession(key: key)
            try await routes.store.record(AuditEvent(kind: .singleLogout, actor: current.account.identifier, subject: current.account.identifier,
                                                     ip: context.clientAddress, detail: "SAML from \(logout.issuer)"))
        }
        var response = try await next(chain, initiator: logout, now: now)
        response.setCookie(routes.sessions.clearedCookie())
        return response
    }

    func answered(_ message: InboundMessage, relayState: String?) async throws -> Response {
        let now = Date()
        guard let handle = relayState, handle.utf8.count <= 64,
              let payload = try await routes.store.takeFlowState(handle: handle, kind: Self.kind, now: now),
              var chain = try? JSONDecoder().decode(Chain.self, from: Data(payload.utf8)) else {
            throw PageError(.badRequest, title: "Déconnexion expirée", message: "Cette déconnexion a expiré. Vous êtes bien déconnecté de Sesame.",
                            log: "SAML LogoutResponse without a pending chain")
        }
        let answer = try? routes.idp.receiveLogoutResponse(message, lookup: routes.lookup, expectedInResponseTo: chain.awaiting, now: now)
        if answer?.status != .success { chain.partial = true }
        return try await next(chain, initiator: nil, now: now)
    }

    /// Sends the browser to the next SP, or answers the initiator.
    func next(_ chain: Chain, initiator: LogoutRequest?, now: Date) async throws -> Response {
        var chain = chain
        while let hop = chain.remaining.first {
            chain.remaining.removeFirst()
            // The RelayState we send is the handle that brings us back here.
            let handle = SecureBytes.token(bytes: 24)
            guard let sp = routes.settings.serviceProviders[hop.entityID],
                  let outbound = try? routes.idp.buildLogoutRequest(to: sp, nameID: hop.participant.nameID, sessionIndexes: [hop.participant.sessionIndex],
                                                                   relayState: handle, now: now) else {
                chain.partial = true
                continue
            }
            chain.awaiting = outbound.id
            try await routes.store.putFlowState(handle: handle, kind: Self.kind, payload: String(decoding: try JSONEncoder().encode(chain), as: UTF8.self),
                                                until: now + 600)
            return deliver(outbound.message)
        }
        // Back to the initiator, whose request is decoded again from what we kept.
        let request: LogoutRequest
        if let initiator { request = initiator } else if let query = chain.initiatorQuery {
            request = try routes.idp.receiveLogoutRequest(.redirect(rawQuery: query), lookup: routes.lookup, now: now)
        } else if let form = chain.initiatorForm, let message = form["SAMLRequest"] {
            request = try routes.idp.receiveLogoutRequest(.post(message: message, relayState: form["RelayState"]), lookup: routes.lookup, now: now)
        } else { throw PageError.unavailable }
        guard let sp = routes.settings.serviceProviders[request.issuer] else { throw PageError.unavailable }
        let reply = try routes.idp.buildLogoutResponse(to: request, sp: sp, status: chain.partial ? .partialLogout : .success, now: now)
        return deliver(reply.message)
    }

    func deliver(_ message: OutboundMessage) -> Response {
        switch message {
        case .redirect(let url): return .redirect(to: url, type: .found)
        case .post(let form):
            var page = routes.pages.render("autopost", title: "Déconnexion", [
                "action": form.url, "serviceName": form.url, "fields": form.fields.map { ["name": $0.name, "value": $0.value] },
            ])
            page.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.policy(formAction: OriginOf.url(form.url))
            return page
        }
    }
}
