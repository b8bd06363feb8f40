import Primitives

/// The RP-initiated logout redirect (OpenID Connect RP-Initiated Logout 1.0).
public struct EndSessionRequest: Sendable, Equatable {
    public let url: String
    /// Store it to check the provider's redirect back to `post_logout_redirect_uri`.
    public let state: String

    public init(settings: ClientSettings, metadata: ProviderMetadata, idToken: String, state: String = SecureRandom.token()) throws {
        guard let endpoint = metadata.endSessionEndpoint else {
            throw FranceConnectError.invalidMetadata("provider has no end_session_endpoint")
        }
        var parameters = [("id_token_hint", idToken), ("state", state)]
        if let redirect = settings.postLogoutRedirectURI {
            parameters.append(("post_logout_redirect_uri", redirect))
        }
        self.url = PercentEncoding.appending(parameters, to: endpoint)
        self.state = state
    }
}
