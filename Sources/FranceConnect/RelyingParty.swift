import Foundation
import Logging

/// The outcome of a completed login.
public struct LoginResult: Sendable, Equatable {
    /// ID token claims merged with userinfo (userinfo wins for profile fields).
    public let identity: IdentityClaims
    public let idToken: VerifiedIDToken
    public let accessToken: String
}

/// Drives the HTTP steps of the code flow through an `OpenIDTransport` and caches the JWKS.
public actor RelyingParty {
    public nonisolated let settings: ClientSettings
    public nonisolated let metadata: ProviderMetadata
    private let transport: any OpenIDTransport
    private let timeout: Duration
    private let maxPendingAge: TimeInterval
    private let logger: Logger
    private var cachedKeys: ProviderKeySet?
    private var lastForcedRefresh: Date?

    /// Fetches and validates the discovery document of `issuer`.
    public static func discover(
        issuer: String,
        transport: any OpenIDTransport,
        timeout: Duration = .seconds(10),
        allowInsecureLoopback: Bool = false
    ) async throws -> ProviderMetadata {
        let url = ProviderMetadata.discoveryURL(forIssuer: issuer)
        try ProviderMetadata.checkEndpoint(url, allowInsecureLoopback: allowInsecureLoopback)
        let reply = try await send(url, within: timeout) {
            try await transport.get(url, headers: ["Accept": "application/json"], timeout: timeout)
        }
        guard reply.status == 200 else { throw unexpected(url, reply) }
        return try ProviderMetadata(
            discoveryDocument: reply.body, expectedIssuer: issuer, allowInsecureLoopback: allowInsecureLoopback)
    }

    /// - Parameter maxPendingAge: callbacks for requests older than this are refused.
    public init(
        settings: ClientSettings,
        metadata: ProviderMetadata,
        transport: any OpenIDTransport,
        timeout: Duration = .seconds(10),
        maxPendingAge: TimeInterval = 600,
        logger: Logger = Logger(label: "sesame.franceconnect")
    ) {
        self.settings = settings
        self.metadata = metadata
        self.transport = transport
        self.timeout = timeout
        self.maxPendingAge = maxPendingAge
        self.logger = logger
    }

    public nonisolated func makeAuthorizationRequest(now: Date = Date()) -> AuthorizationRequest {
        AuthorizationRequest(settings: settings, metadata: metadata, now: now)
    }

    public nonisolated func makeEndSessionRequest(idToken: String) throws -> EndSessionRequest {
        try EndSessionRequest(settings: settings, metadata: metadata, idToken: idToken)
    }

    /// Callback → code exchange → ID token → userinfo, all checks included.
    public func completeLogin(callbackQuery: String, pending: PendingAuthorization, now: Date = Date()) async throws
        -> LoginResult
    {
        do {
            if now.timeIntervalSince(pending.createdAt) > maxPendingAge {
                throw FranceConnectError.invalidCallback("authorization request is too old")
            }
            let callback = try AuthorizationCallback(query: callbackQuery, expectedState: pending.state)
            let tokens = try await exchangeCode(callback.code)
            let idToken = try await verifyIDToken(tokens.idToken, nonce: pending.nonce, now: now)
            var identity = idToken.claims
            if metadata.userinfoEndpoint != nil {
                let userinfo = try await fetchUserinfo(
                    accessToken: tokens.accessToken, expectedSubject: idToken.claims.subject, now: now)
                identity = idToken.claims.merging(userinfo: userinfo)
            }
            logger.info("FranceConnect login verified", metadata: ["acr": "\(identity.acr ?? "-")"])
            return LoginResult(identity: identity, idToken: idToken, accessToken: tokens.accessToken)
        } catch let error as FranceConnectError {
            logger.warning("FranceConnect login failed", metadata: ["reason": "\(error.logMessage)"])
            throw error
        }
    }

    public func exchangeCode(_ code: String) async throws -> TokenResponse {
        let request = TokenExchangeRequest(code: code, settings: settings, metadata: metadata)
        let (transport, timeout) = (self.transport, self.timeout)
        let reply = try await Self.send(request.url, within: timeout) {
            try await transport.postForm(request.url, body: request.body, headers: request.headers, timeout: timeout)
        }
        return try TokenResponse(reply: reply, endpoint: request.url)
    }

    /// Verifies with the cached keys; on an unknown `kid` refetches the JWKS once and retries.
    public func verifyIDToken(_ token: String, nonce: String, now: Date = Date()) async throws -> VerifiedIDToken {
        try await withKeyRefresh(now: now) { keys in
            try await IDTokenVerifier(settings: self.settings, metadata: self.metadata, keys: keys)
                .verify(token, expectedNonce: nonce, now: now)
        }
    }

    public func fetchUserinfo(accessToken: String, expectedSubject: String, now: Date = Date()) async throws
        -> IdentityClaims
    {
        guard let url = metadata.userinfoEndpoint else {
            throw FranceConnectError.invalidMetadata("provider has no userinfo_endpoint")
        }
        let (transport, timeout) = (self.transport, self.timeout)
        let reply = try await Self.send(url, within: timeout) {
            try await transport.get(
                url, headers: ["Authorization": "Bearer \(accessToken)", "Accept": "application/jwt, application/json"],
                timeout: timeout)
        }
        return try await withKeyRefresh(now: now) { keys in
            try await UserinfoParser(settings: self.settings, metadata: self.metadata, keys: keys)
                .parse(reply, expectedSubject: expectedSubject, now: now)
        }
    }

    /// The provider keys, fetched on first use. HS256 (v1) configurations need none.
    public func providerKeys(forceRefresh: Bool = false) async throws -> ProviderKeySet {
        if settings.usesSharedSecret { return .empty }
        if let cachedKeys, !forceRefresh { return cachedKeys }
        guard let url = metadata.jwksURI else { throw FranceConnectError.invalidMetadata("provider has no jwks_uri") }
        let (transport, timeout) = (self.transport, self.timeout)
        let reply = try await Self.send(url, within: timeout) {
            try await transport.get(url, headers: ["Accept": "application/json"], timeout: timeout)
        }
        guard reply.status == 200 else { throw Self.unexpected(url, reply) }
        let keys = try ProviderKeySet(jwksDocument: reply.body, endpoint: url)
        cachedKeys = keys
        return keys
    }

    /// One refetch per 30 s at most, so forged `kid`s cannot make us hammer the provider.
    private func withKeyRefresh<T: Sendable>(now: Date, _ body: (ProviderKeySet) async throws -> T) async throws -> T {
        do {
            return try await body(try await providerKeys())
        } catch FranceConnectError.unknownKeyID(let kid) {
            if let last = lastForcedRefresh, now.timeIntervalSince(last) < 30 {
                throw FranceConnectError.unknownKeyID(kid)
            }
            lastForcedRefresh = now
            logger.notice("unknown kid, refetching provider keys", metadata: ["kid": "\(kid ?? "-")"])
            return try await body(try await providerKeys(forceRefresh: true))
        }
    }

    /// Maps transport failures to typed errors naming the endpoint.
    /// Runs one call with the transport's own timeout, and a later timer of
    /// ours as a backstop, so a transport that fails to stop still cannot
    /// hold a login.
    private static func send(_ endpoint: String, within timeout: Duration,
                             _ operation: @escaping @Sendable () async throws -> HTTPReply) async throws -> HTTPReply {
        do {
            return try await withThrowingTaskGroup(of: HTTPReply?.self) { group in
                group.addTask { try await operation() }
                group.addTask { try await Task.sleep(for: timeout * 2 + .seconds(1)); return nil }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let reply = first else { throw TransportFailure.timedOut }
                return reply
            }
        } catch let failure as TransportFailure {
            switch failure {
            case .timedOut: throw FranceConnectError.timeout(endpoint: endpoint)
            case .unreachable(let detail), .other(let detail):
                throw FranceConnectError.providerUnreachable(endpoint: endpoint, detail: detail)
            }
        } catch let error as CancellationError {
            throw error
        } catch {
            throw FranceConnectError.providerUnreachable(endpoint: endpoint, detail: "\(error)")
        }
    }

    private static func unexpected(_ endpoint: String, _ reply: HTTPReply) -> FranceConnectError {
        .unexpectedStatus(endpoint: endpoint, status: reply.status, body: String(decoding: reply.body.prefix(500), as: UTF8.self))
    }
}
