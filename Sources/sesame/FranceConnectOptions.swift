import ArgumentParser
import AsyncHTTPClient
import Bridge
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

    func login(publicURL: String, demo: Bool) async throws -> FranceConnectLogin? {
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
            return FranceConnectLogin(relyingParty: RelyingParty(settings: settings, metadata: metadata, transport: transport))
        }
        guard demo else { return nil }
        let secret = UUID().uuidString + UUID().uuidString
        let provider = await DemoProvider(baseURL: publicURL + "/demo/franceconnect", clientID: "sesame-demo", clientSecret: secret,
                                          identities: Self.demoIdentities)
        let metadata = try ProviderMetadata(issuer: provider.issuer, authorizationEndpoint: provider.authorizationEndpoint,
                                            tokenEndpoint: provider.tokenEndpoint, userinfoEndpoint: provider.userinfoEndpoint,
                                            endSessionEndpoint: provider.endSessionEndpoint, jwksURI: provider.jwksURI,
                                            allowInsecureLoopback: true)
        let settings = try ClientSettings(clientID: "sesame-demo", clientSecret: secret, redirectURI: publicURL + "/franceconnect/retour",
                                          postLogoutRedirectURI: publicURL + "/franceconnect/deconnexion")
        return FranceConnectLogin(relyingParty: RelyingParty(settings: settings, metadata: metadata, transport: transport), demoProvider: provider)
    }

    /// Two parents of the demo académie (to link at first login) and someone the schools do not know.
    static let demoIdentities = [
        DemoIdentity(id: "demo-fc-sophie-dupont", givenName: "Sophie", familyName: "DUPONT", birthdate: "1980-05-17", gender: .female,
                     birthplace: "86194", birthcountry: "99100", email: "sophie.dupont@example.org"),
        DemoIdentity(id: "demo-fc-karim-benali", givenName: "Karim", familyName: "BENALI", birthdate: "1979-11-02", gender: .male,
                     birthplace: "13055", birthcountry: "99100", email: "karim.benali@example.org"),
        DemoIdentity(id: "demo-fc-camille-martin", givenName: "Camille Hélène", familyName: "MARTIN", birthdate: "1984-03-12", gender: .female,
                     birthplace: "69123", birthcountry: "99100", email: "camille.martin@example.fr"),
    ]
}
