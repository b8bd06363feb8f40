import Accounts
import Bridge
import Foundation
import FranceConnect
import Hummingbird
import HummingbirdTesting
import Primitives
import SesameTestSupport
import Storage
import Testing

/// "S'identifier avec FranceConnect" in process: the demo provider is the
/// real one, answered without the wire. A known identity logs in and keeps
/// its destination; a state from another browser, or used twice, opens
/// nothing; logout ends the provider's session too.
@Suite struct FranceConnectRouteTests {
    static let base = "http://127.0.0.1:8080"
    static let known = DemoIdentity(id: "fc-paul-durand", givenName: "Paul", familyName: "DURAND", birthdate: "1981-02-03", gender: .male,
                                    birthplace: "86194", birthcountry: "99100", email: "paul.durand@example.org")
    static let stranger = DemoIdentity(id: "fc-inconnu", givenName: "Jean", familyName: "INCONNU", birthdate: "1970-01-01", gender: .male,
                                       birthplace: "75056", birthcountry: "99100", email: "jean@example.org")

    struct Fixture {
        let web: WebFixture
        let provider: DemoProvider
        let app: Application<RouterResponder<SesameContext>>
    }

    func make() async throws -> Fixture {
        let web = try await WebFixture.make()
        let secret = SecureRandom.token(bytes: 24)
        let provider = await DemoProvider(baseURL: Self.base + "/demo/franceconnect", clientID: "sesame-test", clientSecret: secret,
                                          identities: [Self.known, Self.stranger])
        let transport = DemoTransport(provider: provider)
        let metadata = try await RelyingParty.discover(issuer: provider.issuer, transport: transport, allowInsecureLoopback: true)
        let settings = try ClientSettings(clientID: "sesame-test", clientSecret: secret, redirectURI: Self.base + "/franceconnect/retour",
                                          postLogoutRedirectURI: Self.base + "/franceconnect/deconnexion")
        let login = FranceConnectLogin(relyingParty: RelyingParty(settings: settings, metadata: metadata, transport: transport))
        let router = try await SesameWeb.buildRouter(configuration: BridgeConfiguration(publicURL: Self.base, hasher: .fast, franceConnect: login),
                                                     store: web.store, metrics: web.metrics)
        _ = try await web.store.setFranceConnectSubject(Self.known.id, forAccount: web.directory.guardian.id)
        return Fixture(web: web, provider: provider, app: Application(router: router))
    }

    static func parameter(_ name: String, in url: String) -> String? {
        URLComponents(string: url)?.queryItems?.first { $0.name == name }?.value
    }

    /// To the provider and back as `identity`; returns the callback path.
    func callback(_ client: some TestClientProtocol, _ fixture: Fixture, as identity: DemoIdentity, next: String = "/compte",
                  jar: CookieJar) async throws -> String {
        let start = try await client.get("/franceconnect/connexion?next=" + PercentEncoding.encode(next), jar: jar)
        let authorize = try #require(start.headers[.location])
        #expect(authorize.hasPrefix(fixture.provider.authorizationEndpoint))
        let state = try #require(Self.parameter("state", in: authorize)), nonce = try #require(Self.parameter("nonce", in: authorize))
        let back = try await fixture.provider.authorize(identityID: identity.id, clientID: "sesame-test",
                                                        redirectURI: Self.base + "/franceconnect/retour", state: state, nonce: nonce)
        return String(back.dropFirst(Self.base.count))
    }

    @Test func aKnownIdentityLogsInAtOnceAndKeepsTheDestination() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            let landed = try await client.get(try await callback(client, fixture, as: Self.known, next: "/compte/enfants", jar: jar), jar: jar)
            #expect(landed.headers[.location] == "/compte/enfants")
            let account = try await client.get("/compte", jar: jar)
            #expect(account.status == .ok && account.text.contains("Paul"))
        }
        let audit = try await fixture.web.store.recentEvents(limit: 20)
        #expect(audit.contains { $0.kind == .loginSucceeded && $0.subject == fixture.web.directory.guardian.identifier })
    }

    /// Threat: a callback started in another browser (login CSRF) logs this one in.
    @Test func aStateFromAnotherBrowserOpensNothing() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let attacker = CookieJar(), victim = CookieJar()
            let path = try await callback(client, fixture, as: Self.known, jar: attacker)
            let refused = try await client.get(path, jar: victim)
            #expect(refused.status == .badRequest && refused.text.contains("Connexion avec FranceConnect impossible"))
            #expect(try await client.get("/compte", jar: victim).headers[.location]?.hasPrefix("/login") == true)
        }
    }

    /// Threat: a callback URL seen in a history or a log is played again.
    @Test func aCallbackServesOnce() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            let path = try await callback(client, fixture, as: Self.known, jar: jar)
            _ = try await client.get(path, jar: jar)
            let again = try await client.get(path, jar: CookieJar())
            #expect(again.status == .badRequest)
        }
    }

    /// Someone the schools do not know yet is asked for the mobile the school has.
    @Test func anUnknownIdentityIsAskedForTheMobileTheSchoolKnows() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            let first = try await client.get(try await callback(client, fixture, as: Self.stranger, jar: jar), jar: jar)
            let page = try #require(first.headers[.location])
            #expect(page.hasPrefix("/franceconnect/premiere-connexion?r="))
            let form = try await client.get(page, jar: jar)
            #expect(form.status == .ok && form.text.contains("Jean INCONNU"))
            #expect(try await client.get("/compte", jar: jar).headers[.location]?.hasPrefix("/login") == true, "no session before the proof")
        }
    }

    /// Logging out of Sesame ends the provider's session, then comes back here.
    @Test func logoutGoesThroughTheProviderAndBack() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.get(try await callback(client, fixture, as: Self.known, jar: jar), jar: jar)
            let page = try await client.get("/compte", jar: jar)
            let out = try await client.post("/logout", form: [("csrf", page.text.csrfField ?? "")], jar: jar)
            let provider = try #require(out.headers[.location])
            #expect(provider.hasPrefix(fixture.provider.endSessionEndpoint))
            #expect(Self.parameter("id_token_hint", in: provider) != nil)
            let state = try #require(Self.parameter("state", in: provider))
            let back = try await client.get("/franceconnect/deconnexion?state=" + PercentEncoding.encode(state), jar: jar)
            #expect(back.headers[.location] == "/login?deconnexion=1")
            let replay = try await client.get("/franceconnect/deconnexion?state=" + PercentEncoding.encode(state), jar: jar)
            #expect(replay.headers[.location] == "/login?deconnexion=1", "a used state leads nowhere else")
            #expect(try await client.get("/compte", jar: jar).headers[.location]?.hasPrefix("/login") == true)
        }
    }

    /// "Je n'ai pas de compte" offers FranceConnect, the simplest way for parents, when it is there.
    @Test func noAccountYetOffersFranceConnect() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let page = try await client.get("/activer?next=%2Fcompte", jar: CookieJar())
            #expect(page.text.contains("/franceconnect/connexion?next=%2Fcompte"))
        }
        let plain = try await WebFixture.make()
        try await plain.app.test(.router) { client in
            let page = try await client.get("/activer", jar: CookieJar())
            #expect(!page.text.contains("/franceconnect/connexion"))
        }
    }

    /// Cancelling at the provider leads back to the login of the service the person was going to.
    @Test func aCancelAtTheProviderKeepsTheService() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            let start = try await client.get("/franceconnect/connexion?next=" + PercentEncoding.encode("/compte/enfants"), jar: jar)
            let state = try #require(Self.parameter("state", in: start.headers[.location] ?? ""))
            let cancel = fixture.provider.cancelURL(redirectURI: Self.base + "/franceconnect/retour", state: state)
            let page = try await client.get(String(cancel.dropFirst(Self.base.count)), jar: jar)
            #expect(page.status == .badRequest)
            #expect(page.text.contains("/login?next=%2Fcompte%2Fenfants"))
        }
    }
}
