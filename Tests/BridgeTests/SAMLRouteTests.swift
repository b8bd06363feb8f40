import Accounts
import Bridge
import Foundation
import Hummingbird
import HummingbirdTesting
import Primitives
import SAML
import SesameTestSupport
import Storage
import Testing
import XMLDSig

/// The SAML identity provider's routes in process: single sign-on through
/// the login page and the establishment choice, replay and strangers
/// refused, single logout from an SP and from Sesame.
@Suite struct SAMLRouteTests {
    static let base = "http://127.0.0.1:8080"
    static let spID = "https://ent.example.test/saml/metadata"
    static let acs = "https://ent.example.test/saml/acs"
    static let slo = "https://ent.example.test/saml/slo"
    static let idpKeys = KeyPair(commonName: "idp.sesame.test")

    struct Fixture {
        let web: WebFixture
        let app: Application<RouterResponder<SesameContext>>
        let certificate: Certificate
    }

    func make() async throws -> Fixture {
        let web = try await WebFixture.make()
        let key = Self.idpKeys.key, certificate = Self.idpKeys.certificate
        let idp = try IdentityProvider(configuration: IdPConfiguration(baseURL: Self.base, signingKey: key, signingCertificate: certificate))
        let sp = SPMetadata(entityID: Self.spID,
                            assertionConsumerServices: [Endpoint(binding: SAMLBinding.httpPOST.rawValue, location: Self.acs, index: 0)],
                            singleLogoutServices: [Endpoint(binding: SAMLBinding.httpPOST.rawValue, location: Self.slo)])
        let settings = SAMLSettings(identityProvider: idp, serviceProviders: [Self.spID: sp],
                                    options: [Self.spID: ServiceProviderOptions(name: "ENT de test", signResponse: true)])
        let router = try await SesameWeb.buildRouter(configuration: BridgeConfiguration(publicURL: Self.base, hasher: .fast, saml: settings),
                                                     store: web.store, metrics: web.metrics)
        return Fixture(web: web, app: Application(router: router), certificate: certificate)
    }

    static func authnRequest(id: String = "_r" + SecureRandom.token(bytes: 12), issuer: String = spID) -> String {
        """
        <samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
        ID="\(id)" Version="2.0" IssueInstant="\(SAMLTime.string(from: Date()))" Destination="\(base)/saml/sso" \
        AssertionConsumerServiceURL="\(acs)"><saml:Issuer>\(issuer)</saml:Issuer></samlp:AuthnRequest>
        """
    }

    static func logoutRequest(nameID: String, format: String) -> String {
        """
        <samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
        ID="_l\(SecureRandom.token(bytes: 12))" Version="2.0" IssueInstant="\(SAMLTime.string(from: Date()))" Destination="\(base)/saml/slo">\
        <saml:Issuer>\(spID)</saml:Issuer><saml:NameID Format="\(format)">\(nameID)</saml:NameID></samlp:LogoutRequest>
        """
    }

    static func posted(_ xml: String) -> [(String, String)] { [("SAMLRequest", Base64.encode(Array(xml.utf8))), ("RelayState", "rs-42")] }

    /// The message an auto-submitting page carries, decoded.
    static func carried(_ page: TestResponse, field: String) -> String? {
        page.text.firstCapture(of: "name=\"\(field)\" value=\"([^\"]+)\"").flatMap { Base64.decode($0) }
            .map { String(decoding: $0, as: UTF8.self) }
    }

    /// From an AuthnRequest to the auto-posted Response, through login and the choice.
    func signOn(_ client: some TestClientProtocol, _ fixture: Fixture, jar: CookieJar, requestID: String) async throws -> String {
        let start = try await client.post("/saml/sso", form: Self.posted(Self.authnRequest(id: requestID)), jar: jar)
        let login = try #require(start.headers[.location])
        #expect(login.hasPrefix("/login?next="), "the request waits while the person logs in")
        let next = try #require(URLComponents(string: login)?.queryItems?.first { $0.name == "next" }?.value)
        #expect(next.hasPrefix("/saml/continue?r="))
        let csrf = try await client.csrfToken(jar: jar, page: login)
        let loggedIn = try await client.post("/login", form: [("csrf", csrf), ("username", fixture.web.directory.guardian.identifier),
                                                             ("password", DirectoryFixture.password), ("next", next)], jar: jar)
        #expect(loggedIn.headers[.location] == next, "the service the person was going to is kept")
        let answered = try await client.passingEstablishmentChoice(try await client.get(next, jar: jar), jar: jar)
        #expect(answered.text.contains("action=\"\(Self.acs)\""))
        return try #require(Self.carried(answered, field: "SAMLResponse"))
    }

    @Test func aLoggedInGuardianGetsASignedResponseForTheRequest() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            let xml = try await signOn(client, fixture, jar: jar, requestID: "_req-one")
            let verified = try SignatureVerifier(trustedCertificates: [fixture.certificate]).verify(xml)
            #expect(verified.element.localName == "Response")
            #expect(xml.contains("InResponseTo=\"_req-one\"") && xml.contains("Destination=\"\(Self.acs)\""))
            #expect(xml.contains(DirectoryFixture.collegeUAI.value) || xml.contains(DirectoryFixture.lyceeUAI.value), "the chosen establishment")
        }
    }

    /// Threat: a service that is not registered asks for an assertion.
    @Test func anUnregisteredSPGetsAPageNeverAnAssertion() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(fixture.web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            let answer = try await client.post("/saml/sso", form: Self.posted(Self.authnRequest(issuer: "https://stranger.example/sp")), jar: jar)
            #expect(answer.status == .badRequest)
            #expect(!answer.text.contains("SAMLResponse"))
            #expect(answer.text.contains("Demande de connexion refusée"))
        }
    }

    /// Threat: a captured AuthnRequest is played again to obtain a second assertion.
    @Test func aReplayedAuthnRequestIsRefused() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(fixture.web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            let form = Self.posted(Self.authnRequest(id: "_replayed"))
            let first = try await client.passingEstablishmentChoice(try await client.post("/saml/sso", form: form, jar: jar), jar: jar)
            #expect(Self.carried(first, field: "SAMLResponse") != nil)
            let again = try await client.post("/saml/sso", form: form, jar: jar)
            #expect(again.status == .badRequest && again.text.contains("Demande déjà utilisée"))
        }
    }

    /// Threat: a handle to resume a request is guessed or reused.
    @Test func aResumeHandleServesOnce() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            let start = try await client.post("/saml/sso", form: Self.posted(Self.authnRequest()), jar: jar)
            let next = try #require(URLComponents(string: start.headers[.location] ?? "")?.queryItems?.first { $0.name == "next" }?.value)
            _ = try await client.logIn(fixture.web.directory.guardian.identifier, DirectoryFixture.password, jar: jar)
            _ = try await client.get(next, jar: jar)
            let reused = try await client.get(next, jar: jar)
            #expect(reused.status == .badRequest && reused.text.contains("Demande expirée"))
            let guessed = try await client.get("/saml/continue?r=" + SecureRandom.token(bytes: 24), jar: jar)
            #expect(guessed.status == .badRequest)
        }
    }

    /// The SP logs the person out: the session ends and the SP gets its LogoutResponse.
    @Test func aLogoutFromTheSPEndsTheSessionAndIsAnswered() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            let xml = try await signOn(client, fixture, jar: jar, requestID: "_req-slo")
            let nameID = try #require(xml.firstCapture(of: "<saml:NameID[^>]*>([^<]+)</saml:NameID>"))
            let format = try #require(xml.firstCapture(of: "<saml:NameID[^>]*Format=\"([^\"]+)\""))
            // Another principal's NameID ends nothing.
            let stranger = try await client.post("/saml/slo", form: Self.posted(Self.logoutRequest(nameID: "someone-else", format: format)), jar: jar)
            #expect(Self.carried(stranger, field: "SAMLResponse")?.contains("UnknownPrincipal") == true)
            #expect(try await client.get("/compte", jar: jar).status == .ok, "still logged in")
            let answer = try await client.post("/saml/slo", form: Self.posted(Self.logoutRequest(nameID: nameID, format: format)), jar: jar)
            let response = try #require(Self.carried(answer, field: "SAMLResponse"))
            #expect(response.contains("LogoutResponse") && response.contains("urn:oasis:names:tc:SAML:2.0:status:Success"))
            #expect(answer.text.contains("action=\"\(Self.slo)\""))
            #expect(try await client.get("/compte", jar: jar).headers[.location]?.hasPrefix("/login") == true, "the session ended")
        }
    }

    /// Logging out of Sesame takes the browser to each SAML participant in turn, then home.
    @Test func aLogoutHereTellsTheSAMLParticipantThenComesBack() async throws {
        let fixture = try await make()
        try await fixture.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await signOn(client, fixture, jar: jar, requestID: "_req-out")
            let page = try await client.get("/compte", jar: jar)
            let out = try await client.post("/logout", form: [("csrf", page.text.csrfField ?? "")], jar: jar)
            let request = try #require(Self.carried(out, field: "SAMLRequest"), "a LogoutRequest for the SP")
            #expect(request.contains("LogoutRequest") && out.text.contains("action=\"\(Self.slo)\""))
            let relayState = try #require(out.text.firstCapture(of: "name=\"RelayState\" value=\"([^\"]+)\""))
            let requestID = try #require(request.firstCapture(of: "ID=\"([^\"]+)\""))
            let reply = """
                <samlp:LogoutResponse xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
                ID="_a\(SecureRandom.token(bytes: 12))" Version="2.0" IssueInstant="\(SAMLTime.string(from: Date()))" \
                Destination="\(Self.base)/saml/slo" InResponseTo="\(requestID)"><saml:Issuer>\(Self.spID)</saml:Issuer>\
                <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status></samlp:LogoutResponse>
                """
            let back = try await client.post("/saml/slo", form: [("SAMLResponse", Base64.encode(Array(reply.utf8))), ("RelayState", relayState)], jar: jar)
            #expect(back.headers[.location] == "/login?deconnexion=1")
            #expect(try await client.get("/compte", jar: jar).headers[.location]?.hasPrefix("/login") == true)
        }
    }
}
