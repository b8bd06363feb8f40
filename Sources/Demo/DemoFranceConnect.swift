import Bridge
import Foundation
import FranceConnect

/// FranceConnect in demo mode: the built-in provider with a few invented
/// people, and Sesame's relying party set up to talk to it over real HTTP.
public enum DemoFranceConnect {
    /// Two parents of the demo académie (to link at first login) and someone the schools do not know.
    public static let identities = [
        DemoIdentity(id: "demo-fc-sophie-dupont", givenName: "Sophie", familyName: "DUPONT", birthdate: "1980-05-17", gender: .female,
                     birthplace: "86194", birthcountry: "99100", email: "sophie.dupont@example.org"),
        DemoIdentity(id: "demo-fc-karim-benali", givenName: "Karim", familyName: "BENALI", birthdate: "1979-11-02", gender: .male,
                     birthplace: "13055", birthcountry: "99100", email: "karim.benali@example.org"),
        DemoIdentity(id: "demo-fc-camille-martin", givenName: "Camille Hélène", familyName: "MARTIN", birthdate: "1984-03-12", gender: .female,
                     birthplace: "69123", birthcountry: "99100", email: "camille.martin@example.fr"),
    ]

    /// A fresh client secret each start: the demo provider lives as long as the process.
    public static func login(publicURL: String, transport: any OpenIDTransport) async throws -> (FranceConnectLogin, DemoProvider) {
        let secret = UUID().uuidString + UUID().uuidString
        let provider = await DemoProvider(baseURL: publicURL + DemoFranceConnectRoutes.prefix, clientID: "sesame-demo", clientSecret: secret,
                                          identities: identities)
        let metadata = try ProviderMetadata(issuer: provider.issuer, authorizationEndpoint: provider.authorizationEndpoint,
                                            tokenEndpoint: provider.tokenEndpoint, userinfoEndpoint: provider.userinfoEndpoint,
                                            endSessionEndpoint: provider.endSessionEndpoint, jwksURI: provider.jwksURI,
                                            allowInsecureLoopback: true)
        let settings = try ClientSettings(clientID: "sesame-demo", clientSecret: secret, redirectURI: publicURL + FranceConnectLogin.callbackPath,
                                          postLogoutRedirectURI: publicURL + FranceConnectLogin.logoutPath)
        return (FranceConnectLogin(relyingParty: RelyingParty(settings: settings, metadata: metadata, transport: transport)), provider)
    }
}
