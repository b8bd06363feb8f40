import Accounts
import Bridge
import CAS
import Foundation
import Hummingbird
import HummingbirdTesting
import SesameTestSupport
import Storage
import Testing
import Primitives

@Suite struct CASRouteTests {
    static let app = "http://127.0.0.1:9/app"
    static let yaml = """
        allowInsecure: true
        services:
          - id: ent
            name: ENT de test
            match: { exact: "http://127.0.0.1:9/app" }
            profile: cas-ent
          - id: portail-lycee
            name: Portail des lycées
            match: { prefix: "http://127.0.0.1:9/lycee/" }
            profile: cas-ent
            establishments: [0861003Y]
        """

    func make() async throws -> (WebFixture, Application<RouterResponder<SesameContext>>) {
        let web = try await WebFixture.make()
        let registry = try ServiceRegistry.load(yaml: Self.yaml)
        let router = try await SesameWeb.buildRouter(configuration: BridgeConfiguration(hasher: .fast, casServices: registry),
                                                     store: web.store, metrics: web.metrics)
        return (web, Application(router: router))
    }

    func query(_ items: [(String, String)]) -> String {
        items.map { "\($0.0)=\(PercentEncoding.encode($0.1))" }.joined(separator: "&")
    }

    /// Logs in through the CAS login redirect and returns the service ticket.
    func ticket(_ client: some TestClientProtocol, jar: CookieJar, fixture: DirectoryFixture, service: String = app) async throws -> String {
        let start = try await client.get("/cas/login?" + query([("service", service)]), jar: jar)
        if start.status == .seeOther || start.headers[.location]?.hasPrefix("/login") == true {
            let next = try #require(start.headers[.location])
            #expect(next.hasPrefix("/login?next="))
            let csrf = try await client.csrfToken(jar: jar, page: next)
            let nextPath = try #require(URLComponents(string: next)?.queryItems?.first { $0.name == "next" }?.value)
            let login = try await client.post("/login", form: [("csrf", csrf), ("username", fixture.guardian.identifier),
                                                              ("password", DirectoryFixture.password), ("next", nextPath)], jar: jar)
            #expect(login.headers[.location] == nextPath)
        }
        let issued = try await client.passingEstablishmentChoice(try await client.get("/cas/login?" + query([("service", service)]), jar: jar), jar: jar)
        #expect(issued.status == .found)
        let location = try #require(issued.headers[.location])
        #expect(location.hasPrefix(service + "?ticket=ST-"))
        return String(location.dropFirst((service + "?ticket=").count))
    }

    @Test func anUnregisteredServiceGetsAPageNeverARedirect() async throws {
        let (_, app) = try await make()
        try await app.test(.router) { client in
            for service in ["https://evil.example/", "http://127.0.0.1:9/APP", "http://127.0.0.1:9/app/extra", "http://127.0.0.1:9/lycee"] {
                let response = try await client.execute(uri: "/cas/login?" + query([("service", service)]), method: .get)
                #expect(response.status == .forbidden, "\(service)")
                #expect(response.headers[.location] == nil)
                #expect(String(buffer: response.body).contains("Service non reconnu"))
            }
        }
    }

    @Test func aTicketValidatesOnceForItsServiceOnly() async throws {
        let (web, app) = try await make()
        try await app.test(.router) { client in
            let jar = CookieJar()
            let st = try await ticket(client, jar: jar, fixture: web.directory)
            #expect(st.count >= 35)
            let ok = try await client.execute(uri: "/cas/serviceValidate?" + query([("service", Self.app), ("ticket", st)]), method: .get)
            let body = String(buffer: ok.body)
            #expect(body.contains("<cas:authenticationSuccess>"))
            #expect(body.contains("<cas:user>\(web.directory.guardian.identifier)</cas:user>"))
            #expect(!body.contains("<cas:attributes>"), "CAS 2 releases no attributes")
            let again = try await client.execute(uri: "/cas/serviceValidate?" + query([("service", Self.app), ("ticket", st)]), method: .get)
            #expect(String(buffer: again.body).contains(#"code="INVALID_TICKET""#))

            let other = try await ticket(client, jar: jar, fixture: web.directory)
            let wrong = try await client.execute(uri: "/cas/serviceValidate?" + query([("service", "http://127.0.0.1:9/App"), ("ticket", other)]), method: .get)
            #expect(String(buffer: wrong.body).contains(#"code="INVALID_SERVICE""#))
            // The failed attempt consumed it.
            let late = try await client.execute(uri: "/cas/serviceValidate?" + query([("service", Self.app), ("ticket", other)]), method: .get)
            #expect(String(buffer: late.body).contains(#"code="INVALID_TICKET""#))
        }
        #expect(try await web.store.recentEvents(limit: 1).first?.kind == .ticketRefused)
    }

    @Test func badRequestsGetTheirCASCodes() async throws {
        let (_, app) = try await make()
        try await app.test(.router) { client in
            let cases: [(String, String)] = [
                ("/cas/serviceValidate?" + query([("service", Self.app)]), "INVALID_REQUEST"),
                ("/cas/serviceValidate?" + query([("ticket", "ST-" + String(repeating: "a", count: 32))]), "INVALID_REQUEST"),
                ("/cas/serviceValidate?" + query([("service", Self.app), ("ticket", "ST-a"), ("ticket", "ST-b")]), "INVALID_REQUEST"),
                ("/cas/serviceValidate?" + query([("service", Self.app), ("ticket", "ST-" + String(repeating: "a", count: 300))]), "INVALID_TICKET"),
                ("/cas/serviceValidate?" + query([("service", Self.app), ("ticket", "ST-<script>" + String(repeating: "a", count: 32))]), "INVALID_TICKET"),
                ("/cas/serviceValidate?" + query([("service", Self.app), ("ticket", "ST-" + String(repeating: "a", count: 40))]), "INVALID_TICKET"),
                ("/cas/serviceValidate?" + query([("service", Self.app), ("ticket", "PT-" + String(repeating: "a", count: 40))]), "INVALID_TICKET"),
            ]
            for (uri, code) in cases {
                let response = try await client.execute(uri: uri, method: .get)
                #expect(String(buffer: response.body).contains(#"code="\#(code)""#), "\(uri)")
                #expect(response.headers[.contentType]?.contains("xml") == true)
            }
            let json = try await client.execute(uri: "/cas/p3/serviceValidate?format=JSON&service=x", method: .get)
            let decoded = try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any]
            let failure = (decoded?["serviceResponse"] as? [String: Any])?["authenticationFailure"] as? [String: Any]
            #expect(failure?["code"] as? String == "INVALID_REQUEST")
        }
    }

    @Test func casOneAndCasThreeWithAttributes() async throws {
        let (web, app) = try await make()
        try await app.test(.router) { client in
            let jar = CookieJar()
            let v1 = try await client.execute(uri: "/cas/validate?" + query([("service", Self.app), ("ticket", try await ticket(client, jar: jar, fixture: web.directory))]), method: .get)
            #expect(String(buffer: v1.body) == "yes\n\(web.directory.guardian.identifier)\n")
            let no = try await client.execute(uri: "/cas/validate?" + query([("service", Self.app), ("ticket", "ST-" + String(repeating: "x", count: 32))]), method: .get)
            #expect(String(buffer: no.body) == "no\n\n")

            let st = try await ticket(client, jar: jar, fixture: web.directory, service: "http://127.0.0.1:9/lycee/app")
            let json = try await client.execute(uri: "/cas/p3/serviceValidate?" + query([("service", "http://127.0.0.1:9/lycee/app"), ("ticket", st), ("format", "JSON")]), method: .get)
            let decoded = try JSONSerialization.jsonObject(with: Data(buffer: json.body)) as? [String: Any]
            let success = (decoded?["serviceResponse"] as? [String: Any])?["authenticationSuccess"] as? [String: Any]
            let attributes = success?["attributes"] as? [String: Any]
            #expect(success?["user"] as? String == web.directory.guardian.identifier)
            #expect(attributes?["uai"] as? [String] == ["0861003Y"], "the lycée portal only sees its establishment")
            #expect(attributes?["enfants"] as? [String] == ["Tom Durand"])
            #expect(attributes?["categories"] as? [String] == ["National_2"])
        }
    }

    @Test func gatewayRenewAndLogout() async throws {
        let (web, app) = try await make()
        try await app.test(.router) { client in
            let anonymous = try await client.execute(uri: "/cas/login?" + query([("service", Self.app), ("gateway", "true")]), method: .get)
            #expect(anonymous.headers[.location] == Self.app)

            let jar = CookieJar()
            _ = try await ticket(client, jar: jar, fixture: web.directory)
            // A fresh login satisfies renew; its ticket says so.
            let renewed = try await client.get("/cas/login?" + query([("service", Self.app), ("renew", "true")]), jar: jar)
            let st = String(try #require(renewed.headers[.location]).dropFirst((Self.app + "?ticket=").count))
            let v = try await client.execute(uri: "/cas/p3/serviceValidate?" + query([("service", Self.app), ("ticket", st), ("renew", "true")]), method: .get)
            #expect(String(buffer: v.body).contains("<cas:isFromNewLogin>true</cas:isFromNewLogin>"))

            let out = try await client.get("/cas/logout?" + query([("service", "https://evil.example/")]), jar: jar)
            #expect(out.headers[.location] == "/login?deconnexion=1")
            #expect(jar["sesame_session"] == nil)
            let back = try await client.get("/cas/login?" + query([("service", Self.app)]), jar: jar)
            #expect(back.headers[.location]?.hasPrefix("/login?next=") == true)
        }
    }
}
