import Accounts
import Foundation
import Hummingbird
import HummingbirdCore
import SAML
import Primitives

/// SP-initiated single logout (SAML profiles §4.4): the session ends, every
/// other SP of the session gets a LogoutRequest through the browser, one
/// after the other, then the initiator gets its LogoutResponse.
struct SAMLLogout: Sendable {
    let routes: SAMLRoutes
    var logoutChain: SAMLLogoutChain { SAMLLogoutChain(settings: routes.settings, store: routes.store, pages: routes.pages) }

    /// What travels between the hops, keyed by the RelayState we send.
    struct Chain: Codable, ParkablePayload {
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
                return logoutChain.deliver(try routes.idp.buildLogoutResponse(to: logout, sp: sp, status: SAMLStatus(.requester, .unknownPrincipal), now: now).message)
            }
            chain.remaining = try await routes.ending.end(current, ip: context.clientAddress, via: "SAML logout from \(logout.issuer)",
                                                         except: logout.issuer, logger: context.logger)
        }
        var response = try await logoutChain.next(chain, initiator: logout, now: now)
        response.setCookie(routes.sessions.clearedCookie())
        return response
    }

    /// True when the request names the participant recorded for its SP in this session.
    func names(_ current: BrowserSession.Current, _ logout: LogoutRequest) async throws -> Bool {
        let recorded = try await routes.store.participants(sessionKey: current.token.storageKey)
            .filter { $0.kind == .saml && $0.service == logout.issuer }.compactMap { SAMLParticipant.decode($0.reference) }
        return recorded.contains { participant in
            ConstantTime.equal(Array(participant.value.utf8), Array(logout.nameID.value.utf8))
                && (logout.sessionIndexes.isEmpty || logout.sessionIndexes.contains(participant.sessionIndex))
        }
    }

    func answered(_ message: InboundMessage, relayState: String?) async throws -> Response {
        let now = Date()
        guard var chain = try await SAMLLogoutChain.parkedChains.take(relayState, from: routes.store, now: now) else {
            throw PageError(.badRequest, title: "Déconnexion expirée", message: "Cette déconnexion a expiré. Vous êtes bien déconnecté de Sesame.",
                            log: "SAML LogoutResponse without a pending chain")
        }
        let answer = try? routes.idp.receiveLogoutResponse(message, lookup: routes.lookup, expectedInResponseTo: chain.awaiting, now: now)
        if answer?.status != .success { chain.partial = true }
        return try await logoutChain.next(chain, initiator: nil, now: now)
    }


}
