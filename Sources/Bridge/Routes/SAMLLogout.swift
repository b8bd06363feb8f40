import Accounts
import Foundation
import Hummingbird
import HummingbirdCore
import SAML
import Primitives

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
        /// Where the browser goes at the end when no SP started the logout.
        var finalRedirect: String?
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
        guard try await routes.store.rememberOnce("saml-slo:\(logout.issuer)|\(logout.id)", until: logout.replayCacheExpiry, now: now) else {
            try await routes.store.record(AuditEvent(kind: .serviceRefused, ip: context.clientAddress, detail: "SAML replayed LogoutRequest \(logout.id)"))
            throw PageError(.badRequest, title: "Demande déjà utilisée", message: "Cette demande de déconnexion a déjà servi.",
                            log: "SAML replayed LogoutRequest")
        }
        var chain = chain
        if let current = try await routes.sessions.current(request) {
            // An SP ends only the session it knows: its NameID and SessionIndex
            // for this browser's person, else nothing ends (SAML core §3.7.3.1).
            guard try await names(current, logout) else {
                try await routes.store.record(AuditEvent(kind: .serviceRefused, ip: context.clientAddress,
                                                         detail: "SAML logout from \(logout.issuer) names another principal"))
                guard let sp = routes.settings.serviceProviders[logout.issuer] else { throw PageError.unavailable }
                return deliver(try routes.idp.buildLogoutResponse(to: logout, sp: sp, status: SAMLStatus(.requester, .unknownPrincipal), now: now).message)
            }
            chain.remaining = try await routes.ending.end(current, ip: context.clientAddress, via: "SAML logout from \(logout.issuer)",
                                                         except: logout.issuer, logger: context.logger)
        }
        var response = try await next(chain, initiator: logout, now: now)
        response.setCookie(routes.sessions.clearedCookie())
        return response
    }

    /// True when the request names the participant recorded for its SP in this session.
    func names(_ current: BrowserSession.Current, _ logout: LogoutRequest) async throws -> Bool {
        let recorded = try await routes.store.servicesUsed(sessionKey: current.token.storageKey)
            .filter { $0.service == SAMLParticipant.prefix + logout.issuer }.compactMap { SAMLParticipant.decode($0.ticket) }
        return recorded.contains { participant in
            ConstantTime.equal(Array(participant.value.utf8), Array(logout.nameID.value.utf8))
                && (logout.sessionIndexes.isEmpty || logout.sessionIndexes.contains(participant.sessionIndex))
        }
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
            let handle = SecureRandom.token(bytes: 24)
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
        if initiator == nil, chain.initiatorQuery == nil, chain.initiatorForm == nil {
            return .redirect(to: chain.finalRedirect ?? "/login?deconnexion=1", type: .normal)
        }
        if let initiator { request = initiator } else if let query = chain.initiatorQuery {
            request = try routes.idp.receiveLogoutRequest(.redirect(rawQuery: query), lookup: routes.lookup, now: now)
        } else if let form = chain.initiatorForm, let message = form["SAMLRequest"] {
            request = try routes.idp.receiveLogoutRequest(.post(message: message, relayState: form["RelayState"]), lookup: routes.lookup, now: now)
        } else { throw PageError.unavailable }
        guard let sp = routes.settings.serviceProviders[request.issuer] else { throw PageError.unavailable }
        let reply = try routes.idp.buildLogoutResponse(to: request, sp: sp, status: chain.partial ? .partialLogout : .success, now: now)
        return deliver(reply.message)
    }

    /// Logout started here (/logout, /cas/logout): the SAML SPs in turn, then `destination`.
    func chain(_ hops: [Hop], then destination: String) async throws -> Response {
        try await next(Chain(remaining: hops, partial: false, finalRedirect: destination), initiator: nil, now: Date())
    }

    func deliver(_ message: OutboundMessage) -> Response {
        switch message {
        case .redirect(let url): return .redirect(to: url, type: .found)
        case .post(let form):
            return routes.pages.autopost(action: form.url, serviceName: form.url, fields: form.fields, title: "Déconnexion")
        }
    }
}
