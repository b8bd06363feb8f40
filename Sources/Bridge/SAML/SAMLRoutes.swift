import Accounts
import Attributes
import CAS
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import NIOCore
import SAML
import Primitives

/// What the SAML identity provider needs: its keys and the registered
/// service providers (metadata/*.xml).
public struct SAMLSettings: Sendable {
    public var identityProvider: IdentityProvider
    public var serviceProviders: [String: SPMetadata]
    /// Per-SP choices; an SP without an entry gets the defaults.
    public var options: [String: ServiceProviderOptions]

    public init(identityProvider: IdentityProvider, serviceProviders: [String: SPMetadata], options: [String: ServiceProviderOptions] = [:]) {
        self.identityProvider = identityProvider; self.serviceProviders = serviceProviders; self.options = options
    }
}

/// The SAML 2.0 identity provider: metadata, single sign-on (HTTP-Redirect
/// and HTTP-POST bindings, IdP-initiated), answered by HTTP-POST.
struct SAMLRoutes: Sendable {
    let pages: Pages
    /// Profiles for the attributes, parked requests and replay keys, participants, the audit.
    typealias Store = DirectoryStore & AuditTrail & FlowStateStore & SessionParticipantStore
    let store: any Store
    let sessions: BrowserSession
    let settings: SAMLSettings
    let release: AttributeRelease
    let chooser: EstablishmentChooser
    let nameIDSecret: [UInt8]
    let ending: SessionEnd
    /// The request kept while the person logs in: as long as they may take.
    static let parkedRequests = ParkedFlow<PendingAuthnRequest>(kind: "saml-authn", lifetime: 30 * 60)

    var idp: IdentityProvider { settings.identityProvider }
    var lookup: ServiceProviderLookup { settings.serviceProviders.lookup }

    func register(on router: Router<SesameContext>) {
        SAMLLogout(routes: self).register(on: router)
        router.get("/saml/metadata") { _, _ in
            let xml = try idp.metadataXML(validUntil: Date() + 7 * 86400)
            return Response(status: .ok, headers: [.contentType: "application/samlmetadata+xml; charset=utf-8", .cacheControl: "public, max-age=3600"],
                            body: .init(byteBuffer: ByteBuffer(string: xml)))
        }
        router.get("/saml/sso") { request, context in
            let query = request.uri.query ?? ""
            if InboundMessage.redirectCarries(rawQuery: query) == nil, let sp = request.uri.queryParameters["sp"] {
                return try await unsolicited(spEntityID: String(sp), request: request, context: context)
            }
            return try await receive(.redirect(rawQuery: query), request: request, context: context)
        }
        router.post("/saml/sso") { request, context in
            let form = try await FormReader.read(request, limit: 512 * 1024)
            guard let message = form["SAMLRequest"] else { throw Self.badRequest("POST without SAMLRequest") }
            return try await receive(.post(message: message, relayState: form["RelayState"]), request: request, context: context)
        }
        router.get("/saml/continue") { request, context in
            guard let pending = try await Self.parkedRequests.take(request.uri.queryParameters["r"].map(String.init), from: store) else {
                throw PageError(.badRequest, title: "Demande expirée",
                                message: "La demande de connexion de ce service a expiré. Revenez au portail de votre établissement et recommencez.",
                                log: "SAML continue: no pending request")
            }
            return try await answer(pending, request: request, context: context)
        }
    }

    func receive(_ message: InboundMessage, request: Request, context: SesameContext) async throws -> Response {
        let now = Date()
        let authn: AuthnRequest
        do {
            authn = try idp.receiveAuthnRequest(message, lookup: lookup, now: now)
        } catch {
            try await store.record(AuditEvent(kind: .serviceRefused, ip: context.clientAddress, detail: "SAML: \(error)"))
            if case .invalidNameIDPolicy(_, let target) = error {
                return try postResponse(try idp.buildErrorResponse(to: ResponseRecipient(errorTarget: target), status: error.status, now: now))
            }
            throw PageError(.badRequest, title: "Demande de connexion refusée", message: error.userMessage, log: "SAML AuthnRequest: \(error)")
        }
        guard try await store.rememberOnce("saml:\(authn.issuer)|\(authn.id)", until: authn.replayCacheExpiry, now: now) else {
            try await store.record(AuditEvent(kind: .serviceRefused, ip: context.clientAddress, detail: "SAML replayed request \(authn.id)"))
            throw PageError(.badRequest, title: "Demande déjà utilisée",
                            message: "Cette demande de connexion a déjà servi. Revenez au portail de votre établissement et recommencez.",
                            log: "SAML replayed AuthnRequest")
        }
        let pending = PendingAuthnRequest(authn, at: now)
        let current = try await sessions.current(request)
        if authn.isPassive && (current == nil || authn.forceAuthn) {
            let recipient = ResponseRecipient(request: authn)
            return try postResponse(try idp.buildErrorResponse(to: recipient, status: SAMLStatus(.responder, .noPassive), now: now))
        }
        if let current, !authn.forceAuthn {
            return try await respond(pending, session: current, now: now)
        }
        return try await sendToLogin(pending, force: authn.forceAuthn)
    }

    func unsolicited(spEntityID: String, request: Request, context: SesameContext) async throws -> Response {
        guard let sp = settings.serviceProviders[spEntityID], let recipient = try? ResponseRecipient.unsolicited(sp: sp) else {
            try await store.record(AuditEvent(kind: .serviceRefused, ip: context.clientAddress, detail: "SAML unsolicited for unknown SP"))
            throw PageError(.forbidden, title: "Service non reconnu",
                            message: "Ce service n'est pas autorisé à utiliser Sesame. Vérifiez l'adresse du site ou contactez votre établissement.",
                            log: "SAML unsolicited SSO for unregistered SP")
        }
        let pending = PendingAuthnRequest(unsolicited: recipient, at: Date())
        if let current = try await sessions.current(request) { return try await respond(pending, session: current, now: Date()) }
        return try await sendToLogin(pending, force: false)
    }

    func sendToLogin(_ pending: PendingAuthnRequest, force: Bool) async throws -> Response {
        let next = try await park(pending)
        return .redirect(to: "/login?" + (force ? "force=1&" : "") + "next=" + PercentEncoding.encode(next), type: .normal)
    }

    /// Keeps the request while the person logs in or chooses; returns the path that resumes it.
    func park(_ pending: PendingAuthnRequest) async throws -> String {
        "/saml/continue?r=" + (try await Self.parkedRequests.park(pending, in: store))
    }

    func answer(_ pending: PendingAuthnRequest, request: Request, context: SesameContext) async throws -> Response {
        guard let current = try await sessions.current(request) else { return try await sendToLogin(pending, force: pending.forceAuthn) }
        if !pending.isAnswered(bySessionStartedAt: current.session.createdAt) { return try await sendToLogin(pending, force: true) }
        return try await respond(pending, session: current, now: Date())
    }

    func respond(_ pending: PendingAuthnRequest, session current: BrowserSession.Current, now: Date) async throws -> Response {
        guard let sp = settings.serviceProviders[pending.sp] else { throw PageError.unavailable }
        let profile = try await store.profile(of: current.account)
        let recipient = pending.recipient
        let choices = settings.options[sp.entityID] ?? ServiceProviderOptions()
        let audience = ServiceAudience(key: "saml:" + sp.entityID, name: choices.displayName(entityID: sp.entityID), served: choices.establishments)
        let establishment: Establishment
        switch try await chooser.decide(for: profile, session: current, audience: audience, resumeAt: { try await park(pending) }) {
        case .ask(let page): return page
        case .enter(let school): establishment = school
        }
        let transient = pending.nameIDFormat == NameIDFormat.transient || (pending.nameIDFormat == nil && choices.nameIDFormat == "transient")
        let nameID = transient ? NameIDs.transient()
            : NameID(value: NameIDs.pairwise(secret: nameIDSecret, spEntityID: sp.entityID, accountID: String(current.account.id)),
                     format: NameIDFormat.persistent, nameQualifier: idp.entityID, spNameQualifier: sp.entityID)
        let attributes = release.attributes(for: profile, profileName: choices.profile, establishment: establishment,
                                            loginTime: current.session.createdAt)
            .map { SAMLAttribute(name: $0.name, nameFormat: $0.nameFormat ?? AttributeNameFormat.uri, friendlyName: $0.friendlyName, values: $0.values) }
        let content = AssertionContent(
            nameID: nameID, sessionIndex: sessionIndex(of: current, for: sp.entityID), authnInstant: current.session.createdAt,
            authnContextClass: AuthnContextClass.passwordProtectedTransport, attributes: attributes)
        let response = try idp.buildResponse(to: recipient, sp: sp, content: content,
                                             options: ResponseOptions(signAssertion: choices.signAssertion, signResponse: choices.signResponse,
                                                                      encryptAssertion: choices.encryptAssertion), now: now)
        // Kept for single logout (SPs that can take part): which SP, and the NameID it knows us by.
        if !sp.singleLogoutServices.isEmpty {
            let participant = SAMLParticipant(nameID: nameID, sessionIndex: content.sessionIndex)
            try await store.recordParticipant(SessionParticipant(kind: .saml, service: sp.entityID, reference: participant.encoded),
                                              sessionKey: current.token.storageKey, now: now)
        }
        return try postResponse(response)
    }

    /// One SessionIndex per session and SP: the same each time this SP asks,
    /// unlike for another SP, so two SPs cannot join their pairwise NameIDs
    /// through it.
    func sessionIndex(of current: BrowserSession.Current, for entityID: String) -> String {
        let mac = Digest.hmacSHA256(key: nameIDSecret, message: Array("session-index|\(current.token.storageKey)|\(entityID)".utf8))
        return "_" + String(Hex.encode(mac).prefix(40))
    }

    /// The auto-submitting form that carries a Response to the SP's ACS.
    func postResponse(_ response: SAMLResponse) throws -> Response {
        let form = response.postForm
        return pages.autopost(action: form.url, serviceName: form.url, fields: form.fields)
    }

    static func badRequest(_ log: String) -> PageError {
        PageError(.badRequest, title: "Demande de connexion incomplète",
                  message: "La demande envoyée par le service est incomplète. Revenez au portail de votre établissement et réessayez.", log: log)
    }

}

extension PendingAuthnRequest: ParkablePayload {}
