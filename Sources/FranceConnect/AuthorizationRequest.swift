import Foundation
import Primitives

/// What the caller must keep (in the session) between the redirect and the callback.
public struct PendingAuthorization: Sendable, Equatable, Codable {
    public let state: String
    public let nonce: String
    public let createdAt: Date

    public init(state: String, nonce: String, createdAt: Date) {
        self.state = state
        self.nonce = nonce
        self.createdAt = createdAt
    }
}

/// One authorization-code request: the URL to redirect the browser to, and what to remember.
public struct AuthorizationRequest: Sendable, Equatable {
    public let url: String
    public let pending: PendingAuthorization

    /// State and nonce carry 256 bits each, well above the 128-bit floor.
    public init(settings: ClientSettings, metadata: ProviderMetadata, now: Date = Date()) {
        self.init(
            settings: settings, metadata: metadata,
            state: SecureRandom.token(), nonce: SecureRandom.token(), now: now)
    }

    /// Fixed state and nonce, for tests and replays of stored requests.
    public init(settings: ClientSettings, metadata: ProviderMetadata, state: String, nonce: String, now: Date) {
        var parameters: [(String, String)] = [
            ("response_type", "code"),
            ("client_id", settings.clientID),
            ("redirect_uri", settings.redirectURI),
            ("scope", settings.scopes.joined(separator: " ")),
            ("state", state),
            ("nonce", nonce),
        ]
        if !settings.acrValues.isEmpty {
            parameters.append(("acr_values", settings.acrValues.joined(separator: " ")))
        }
        self.url = PercentEncoding.appending(parameters, to: metadata.authorizationEndpoint)
        self.pending = PendingAuthorization(state: state, nonce: nonce, createdAt: now)
    }
}
