import Accounts
import AsyncHTTPClient
import Attributes
import CAS
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Primitives

/// The CAS server under /cas: login (service tickets from the SSO session),
/// validation (CAS 1, 2, 3, XML and JSON), proxy tickets, single logout.
struct CASRoutes: Sendable {
    let pages: Pages
    /// Accounts and profiles for the attributes, tickets, participants, the audit.
    typealias Store = AccountStore & DirectoryStore & AuditTrail & TicketStore & SessionParticipantStore
    let store: any Store
    let sessions: BrowserSession
    let registry: ServiceRegistry
    let lifetimes: TicketLifetimes
    let release: AttributeRelease
    let chooser: EstablishmentChooser
    let ending: SessionEnd

    /// A password typed this recently counts as a fresh login for `renew`.
    static let freshLoginWindow: TimeInterval = 60

    func register(on router: Router<SesameContext>) {
        router.get("/cas/login") { request, context in try await self.login(request, context: context) }
        router.get("/cas/logout") { request, context in try await self.logout(request, context: context) }
        for endpoint in CASEndpoint.allCases where endpoint.isValidation {
            router.get(RouterPath("/cas/" + endpoint.path)) { request, context in
                try await self.validate(endpoint, request, context: context)
            }
        }
        router.get("/cas/proxy") { request, context in try await self.proxy(request, context: context) }
    }

    // MARK: login

    func login(_ request: Request, context: SesameContext) async throws -> Response {
        let parameters = request.uri.multiQuery
        let login: CASLoginRequest
        do { login = try CASLoginRequest.parse(parameters) } catch {
            throw PageError(.badRequest, title: "Demande incomplète",
                            message: "Le lien utilisé pour vous connecter est incomplet ou incorrect. Revenez au portail de votre établissement et réessayez.",
                            log: "CAS login: \(error)")
        }
        let current = try await sessions.current(request)
        guard let serviceURL = login.service else {
            return .redirect(to: current == nil ? "/login" : "/compte", type: .normal)
        }
        guard let service = registry.service(for: serviceURL) else {
            try await store.record(AuditEvent(kind: .serviceRefused, actor: current?.account.identifier ?? "", subject: String(serviceURL.prefix(200)),
                                              ip: context.clientAddress, detail: "CAS service not registered"))
            throw PageError(.forbidden, title: "Service non reconnu",
                            message: "Ce service n'est pas autorisé à utiliser Sesame. Vérifiez l'adresse du site ou contactez votre établissement.",
                            log: "CAS login for unregistered service")
        }
        let now = Date()
        let here = "/cas/login?" + (request.uri.query ?? "")
        if login.renew {
            guard let current, now.timeIntervalSince(current.session.createdAt) < Self.freshLoginWindow else {
                return .redirect(to: "/login?force=1&next=" + PercentEncoding.encode(here), type: .normal)
            }
            return try await issue(for: current, service: service, serviceURL: serviceURL, login: login, fresh: true, resume: here, now: now)
        }
        guard let current else {
            if login.gateway { return handOff(LoginRedirect.response(service: serviceURL, ticket: nil, method: login.method), service: service) }
            return .redirect(to: "/login?next=" + PercentEncoding.encode(here), type: .normal)
        }
        let fresh = now.timeIntervalSince(current.session.createdAt) < Self.freshLoginWindow
        return try await issue(for: current, service: service, serviceURL: serviceURL, login: login, fresh: fresh, resume: here, now: now)
    }

    func issue(for current: BrowserSession.Current, service: RegisteredService, serviceURL: String, login: CASLoginRequest,
               fresh: Bool, resume: String, now: Date) async throws -> Response {
        let profile = try await store.profile(of: current.account)
        let audience = ServiceAudience(key: "cas:" + service.id, name: service.name, served: service.establishments)
        let establishment: Establishment
        switch try await chooser.decide(for: profile, session: current, audience: audience, resumeAt: { resume }) {
        case .ask(let page): return page
        case .enter(let school): establishment = school
        }
        let ticket = TicketGenerator.generate(.service)
        let stored = StoredTicket(
            id: ticket.value, service: serviceURL, accountID: current.account.id, sessionKey: current.token.storageKey,
            fromNewLogin: fresh, establishment: establishment.uai.value, issuedAt: now, expiresAt: lifetimes.expiry(of: .service, issuedAt: now))
        if service.singleLogout {
            try await store.saveTicket(stored, participant: SessionParticipant(kind: .cas, service: serviceURL, reference: ticket.value),
                                       sessionKey: current.token.storageKey, now: now)
        } else {
            try await store.saveTicket(stored)
        }
        return handOff(LoginRedirect.response(service: serviceURL, ticket: ticket, method: login.method), service: service)
    }

    func handOff(_ answer: LoginResponse, service: RegisteredService) -> Response {
        switch answer {
        case .redirect(let url):
            return .redirect(to: url, type: .found)
        case .formPost(let action, let fields):
            return pages.autopost(action: action, serviceName: service.name, fields: fields.map { ($0.name, $0.value) })
        case .headers(let fields):
            var headers: HTTPFields = [.cacheControl: "no-store"]
            for field in fields { if let name = HTTPField.Name(field.name) { headers[name] = field.value } }
            return Response(status: .ok, headers: headers)
        }
    }

    // MARK: validation

    func validate(_ endpoint: CASEndpoint, _ request: Request, context: SesameContext) async throws -> Response {
        let now = Date()
        let validation: CASValidationRequest
        do { validation = try CASValidationRequest.parse(request.uri.multiQuery, endpoint: endpoint) } catch {
            return try await refuse(endpoint, error.failure, format: error.format, context: context)
        }
        let ticket: Ticket
        do { ticket = try validation.validatedTicket() } catch {
            return try await refuse(endpoint, error.failure, format: validation.format, context: context)
        }
        // Consumed whatever happens next: one validation attempt per ticket.
        let redeemed = try await store.redeemTicket(ticket.value)
        let issued = redeemed.map { CAS.IssuedTicket(ticket: ticket, service: $0.ticket.service, issuedAt: $0.ticket.issuedAt,
                                                      expiresAt: $0.ticket.expiresAt, fromNewLogin: $0.ticket.fromNewLogin) }
        let holder = redeemed.map { TicketHolder(user: $0.holderIdentifier, isEnabled: $0.holderState != .disabled) }
        let service: RegisteredService, user: String, pgtUrl: String?
        switch validation.verdict(on: issued, holder: holder, registry: registry, now: now) {
        case .refused(let failure): return try await refuse(endpoint, failure, format: validation.format, context: context)
        case .accepted(let registered, let holderName, let callback): (service, user, pgtUrl) = (registered, holderName, callback)
        }
        guard let stored = redeemed?.ticket else { throw PageError.unavailable }
        var iou: Ticket?
        if let pgtUrl { iou = try await grantProxy(to: pgtUrl, after: stored, now: now, logger: context.logger) }
        var attributes: [CASAttribute] = []
        if endpoint.releasesAttributes, let account = try await store.account(id: stored.accountID) {
            let profile = try await store.profile(of: account)
            let establishment = profile.establishments.first { $0.uai.value == stored.establishment }
            attributes = release.attributes(for: profile, profileName: service.profile, establishment: establishment, loginTime: stored.issuedAt)
                .map { CASAttribute(name: $0.name, values: $0.values) }
        }
        let success = CASAuthenticationSuccess(user: user, proxyGrantingTicketIOU: iou, proxies: stored.proxies,
                                               authenticationDate: stored.issuedAt, longTermAuthenticationRequestTokenUsed: false,
                                               isFromNewLogin: stored.fromNewLogin, attributes: attributes)
        return Self.answer(endpoint.response(for: .success(success), format: validation.format))
    }

    /// Calls the proxy back with a new PGT; the IOU goes in the answer only
    /// when the callback answered 200 (CAS 3.0 §2.5.4).
    func grantProxy(to pgtUrl: String, after stored: StoredTicket, now: Date, logger: Logger) async throws -> Ticket? {
        let pgt = TicketGenerator.generate(.proxyGranting), iou = TicketGenerator.generate(.proxyGrantingIOU)
        var call = HTTPClientRequest(url: ProxyCallback.callbackURL(pgtUrl: pgtUrl, pgtIou: iou, pgtId: pgt))
        call.method = .GET
        do {
            let response = try await OutboundHTTP.client.execute(call, timeout: .seconds(5))
            guard response.status == .ok else {
                logger.info("CAS proxy callback answered \(response.status.code): no PGT")
                return nil
            }
        } catch {
            logger.info("CAS proxy callback failed: \(error)")
            return nil
        }
        try await store.saveTicket(StoredTicket(
            id: pgt.value, service: pgtUrl, accountID: stored.accountID, sessionKey: stored.sessionKey, fromNewLogin: false,
            proxies: stored.proxies, establishment: stored.establishment, issuedAt: now,
            expiresAt: lifetimes.expiry(of: .proxyGranting, issuedAt: now)))
        return iou
    }

    func refuse(_ endpoint: CASEndpoint, _ failure: CASFailure, format: CASResponseFormat, context: SesameContext) async throws -> Response {
        context.logger.info("CAS \(endpoint.path) refused: \(failure.code.rawValue) \(failure.message)")
        try await store.record(AuditEvent(kind: .ticketRefused, ip: context.clientAddress, detail: "\(endpoint.path) \(failure.code.rawValue)"))
        return Self.answer(endpoint.response(for: .failure(failure), format: format))
    }

    // MARK: proxy

    func proxy(_ request: Request, context: SesameContext) async throws -> Response {
        let now = Date()
        let proxyRequest: CASProxyRequest
        do { proxyRequest = try CASProxyRequest.parse(request.uri.multiQuery) } catch {
            return Self.answer(CASProxyOutcome.failure(error.proxyFailure).response)
        }
        guard (try? proxyRequest.validatedTicket()) != nil,
              let pgt = try await store.ticket(proxyRequest.pgt, now: now),
              pgt.id.hasPrefix(TicketKind.proxyGranting.prefix) else {
            return Self.answer(CASProxyOutcome.failure(CASProxyFailure(code: .badPGT, message: "Proxy-granting ticket not recognized")).response)
        }
        guard registry.service(for: proxyRequest.targetService) != nil else {
            return Self.answer(CASProxyOutcome.failure(CASProxyFailure(code: .unauthorizedService, message: "Target service not registered")).response)
        }
        let pt = TicketGenerator.generate(.proxy)
        try await store.saveTicket(StoredTicket(
            id: pt.value, service: proxyRequest.targetService, accountID: pgt.accountID, sessionKey: pgt.sessionKey, fromNewLogin: false,
            proxies: [pgt.service] + pgt.proxies, grantingTicket: pgt.id, establishment: pgt.establishment, issuedAt: now,
            expiresAt: lifetimes.expiry(of: .proxy, issuedAt: now)))
        return Self.answer(CASProxyOutcome.success(proxyTicket: pt).response)
    }

    // MARK: logout

    func logout(_ request: Request, context: SesameContext) async throws -> Response {
        let target = (try? CASLogoutRequest.parse(request.uri.multiQuery))?.service
        // Only a registered service is followed: no open redirect.
        let destination = target.flatMap { registry.service(for: $0) != nil ? $0 : nil } ?? "/login?deconnexion=1"
        return try await ending.leave(request, context: context, via: "/cas/logout", then: destination)
    }

    static func answer(_ response: CASResponse) -> Response {
        Response(status: .ok, headers: [.contentType: response.contentType, .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: response.body)))
    }
}

extension URI {
    /// Query parameters with repeats kept, as the CAS module wants them.
    var multiQuery: [String: [String]] {
        var result: [String: [String]] = [:]
        for (name, value) in queryParameters {
            result[String(name), default: []].append(String(value))
        }
        return result
    }
}
