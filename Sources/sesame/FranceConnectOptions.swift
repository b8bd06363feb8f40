import ArgumentParser
import AsyncHTTPClient
import Bridge
import Demo
import Foundation
import FranceConnect
import FranceConnectAsyncHTTPClient

/// "S'identifier avec FranceConnect": a provider by its issuer (its
/// discovery document is read at start), or in demo mode the built-in demo
/// provider. The demo provider is never available outside --demo.
struct FranceConnectOptions: ParsableArguments {
    @Option(name: .customLong("fc-issuer"), help: "FranceConnect issuer URL (its /.well-known/openid-configuration is read at start).")
    var issuer: String?
    @Option(name: .customLong("fc-client-id"), help: "Client id given by FranceConnect.") var clientID: String?
    @Option(name: .customLong("fc-client-secret-file"), help: "File holding the client secret.") var secretFile: String?
    @Option(name: .customLong("fc-scopes"), help: "Scopes, separated by spaces.")
    var scopes = ClientSettings.defaultScopes.joined(separator: " ")
    @Option(name: .customLong("fc-acr"), help: "eIDAS level asked and required: eidas1, eidas2, eidas3; none for a generic OpenID provider.")
    var acr = "eidas1"
    @Flag(name: .customLong("fc-v1"), help: "FranceConnect v1: ID tokens signed HS256 with the client secret, no JWKS.") var v1 = false

    static let httpClient = HTTPClient(eventLoopGroupProvider: .singleton,
                                       configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(3), read: .seconds(10))))

    /// The relying party, and in demo mode the demo provider it talks to.
    func login(publicURL: String, demo: Bool) async throws -> (FranceConnectLogin, DemoProvider?)? {
        let transport = AsyncHTTPClientTransport(client: Self.httpClient)
        let level = EIDASLevel(rawValue: acr)
        guard level != nil || acr == "none" else { throw ValidationError("--fc-acr must be eidas1, eidas2, eidas3 or none.") }
        if let issuer {
            guard let clientID, let secretFile else { throw ValidationError("--fc-issuer needs --fc-client-id and --fc-client-secret-file.") }
            let secret = try String(contentsOfFile: secretFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
            let loopback = ["127.0.0.1", "localhost", "::1"].contains(URL(string: issuer)?.host ?? "")
            let metadata: ProviderMetadata
            do {
                metadata = try await RelyingParty.discover(issuer: issuer, transport: transport, allowInsecureLoopback: loopback)
            } catch {
                throw ValidationError("FranceConnect : impossible de lire la configuration de \(issuer) (\(error)).")
            }
            let settings = try ClientSettings(clientID: clientID, clientSecret: secret, redirectURI: publicURL + "/franceconnect/retour",
                                              postLogoutRedirectURI: publicURL + "/franceconnect/deconnexion",
                                              scopes: scopes.split(separator: " ").map(String.init), acrValues: level == nil ? [] : [acr], requiredACR: level,
                                              allowedAlgorithms: v1 ? [.hs256] : [.es256, .rs256])
            return (FranceConnectLogin(relyingParty: RelyingParty(settings: settings, metadata: metadata, transport: transport)), nil)
        }
        guard demo else { return nil }
        let (login, provider) = try await DemoFranceConnect.login(publicURL: publicURL, transport: transport)
        return (login, provider)
    }
}
