import FranceConnect

/// The relying party's HTTP, answered in process by a demo provider: the
/// provider is the real one, only the wire is left out.
public struct DemoTransport: OpenIDTransport {
    public let provider: DemoProvider

    public init(provider: DemoProvider) { self.provider = provider }

    public func get(_ url: String, headers: [String: String], timeout: Duration) async throws -> HTTPReply {
        let path = url.split(separator: "?")[0]
        switch String(path) {
        case ProviderMetadata.discoveryURL(forIssuer: provider.issuer):
            return HTTPReply(status: 200, headers: ["content-type": "application/json"], body: provider.discoveryDocument())
        case provider.jwksURI:
            return HTTPReply(status: 200, headers: ["content-type": "application/json"], body: provider.jwksDocument())
        case provider.userinfoEndpoint:
            return try await provider.userinfo(authorization: headers["Authorization"])
        default:
            return HTTPReply(status: 404, body: [])
        }
    }

    public func postForm(_ url: String, body: String, headers: [String: String], timeout: Duration) async throws -> HTTPReply {
        guard url == provider.tokenEndpoint else { return HTTPReply(status: 404, body: []) }
        return try await provider.token(formBody: body, authorization: headers["Authorization"])
    }
}
