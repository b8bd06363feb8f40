import Accounts
import Demo
import Bridge
import Hummingbird
import Foundation
import HummingbirdTesting
import SesameTestSupport
import Storage
import Testing

@Suite struct OperationsTests {
    @Test(arguments: TestDatabases.engines)
    func healthIsOKWhileTheDatabaseAnswersAnd503After(_ engine: Database.Engine) async throws {
        let web = try await WebFixture.make(engine: engine)
        try await web.app.test(.router) { client in
            let ok = try await client.execute(uri: "/healthz", method: .get)
            #expect(ok.status == .ok)
            await web.store.database.shutdown()
            let down = try await client.execute(uri: "/healthz", method: .get)
            #expect(down.status == .serviceUnavailable)
        }
    }

    /// A real listening server (the client's address is 127.0.0.1), with `readers` allowed on /metrics.
    static func live(publicURL: String = "http://127.0.0.1:8080", metricsReaders: [AddressRange] = AddressRange.loopback) async throws
        -> Application<RouterResponder<SesameContext>> {
        let store = try await TestDatabases.store(.sqlite)
        _ = try await DirectoryFixture.build(in: store)
        var configuration = BridgeConfiguration(publicURL: publicURL, hasher: .fast)
        configuration.metricsReaders = metricsReaders
        let router = try await SesameWeb.buildRouter(configuration: configuration, store: store, metrics: SesameMetrics())
        return Application(router: router)
    }

    /// Threat: anyone on the network reads how many logins fail, and when.
    @Test func metricsAreReadOnlyFromTheListedAddresses() async throws {
        let app = try await Self.live(metricsReaders: [AddressRange("10.0.0.0/8")!])
        try await app.test(.live) { client in
            let refused = try await client.execute(uri: "/metrics", method: .get)
            #expect(refused.status == .notFound)
        }
        #expect(AddressRange("10.0.0.0/8")!.contains("10.20.30.40") && !AddressRange("10.0.0.0/8")!.contains("11.0.0.1"))
        #expect(AddressRange("2001:db8::/32")!.contains("2001:db8::1") && !AddressRange("2001:db8::/32")!.contains("2001:db9::1"))
        #expect(AddressRange("127.0.0.0/8")!.contains("::ffff:127.0.0.1"))
        #expect(AddressRange("300.0.0.0/8") == nil && AddressRange("10.0.0.0/33") == nil)
    }

    /// The operator sees the password-hashing cap and its queue.
    @Test func theHashingCapAndQueueAreVisibleInMetrics() async throws {
        let app = try await Self.live()
        try await app.test(.live) { client in
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            let text = String(buffer: metrics.body)
            #expect(text.contains("sesame_password_hashing_limit \(HashingGate.shared.limit)"))
            for name in ["running", "waiting", "queued", "refused"] { #expect(text.contains("sesame_password_hashing_\(name) ")) }
        }
    }

    /// Threat: a network between browser and service strips https.
    @Test func anHTTPSPublicURLAsksBrowsersForHTTPSOnly() async throws {
        let secure = try await Self.live(publicURL: "https://idp.example.test")
        try await secure.test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.headers[.strictTransportSecurity] == "max-age=31536000")
        }
        let plain = try await Self.live()
        try await plain.test(.router) { client in
            let page = try await client.execute(uri: "/login", method: .get)
            #expect(page.headers[.strictTransportSecurity] == nil)
        }
    }

    @Test func metricsArePrometheusText() async throws {
        let app = try await Self.live()
        try await app.test(.live) { client in
            _ = try await client.execute(uri: "/login", method: .get)
            _ = try await client.execute(uri: "/nulle-part", method: .get)
            let metrics = try await client.execute(uri: "/metrics", method: .get)
            #expect(metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
            let text = String(buffer: metrics.body)
            #expect(text.contains(#"sesame_http_requests_total{method="GET",route="/login",status="200"} 1"#))
            #expect(text.contains(#"route="NotFound",status="404""#))
            #expect(text.contains("# TYPE sesame_http_request_duration_seconds histogram"))
            #expect(text.contains("sesame_logins_total"))
        }
    }

    /// Threat: anyone on the network sends every method the HTTP parser
    /// knows (WebDAV's and others'), and each grows series of its own in the
    /// metrics, on every route.
    @Test func unusualMethodsShareOneMetricsLabel() async throws {
        let app = try await Self.live()
        try await app.test(.live) { client in
            for name in ["MKCOL", "PURGE", "PROPFIND"] {
                _ = try await client.execute(uri: "/login", method: HTTPRequest.Method(name)!)
            }
            let text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(text.contains(#"method="OTHER""#))
            #expect(!text.contains("MKCOL") && !text.contains("PURGE") && !text.contains("PROPFIND"))
        }
    }

    @Test func demoModeServesTheDemoAccounts() async throws {
        let store = try await TestDatabases.store(.sqlite)
        let credentials = try await DemoAcademy.seed(into: store, hasher: .fast)
        var configuration = BridgeConfiguration(demo: true, hasher: .fast)
        configuration.extensions = [DemoSite()]
        let router = try await Bridge.SesameWeb.buildRouter(configuration: configuration, store: store, metrics: .init())
        try await Hummingbird.Application(router: router).test(.router) { client in
            let json = try await client.execute(uri: "/demo/accounts.json", method: .get)
            #expect(json.status == .ok)
            let decoded = try JSONDecoder().decode([DemoAcademy.Credential].self, from: Data(buffer: json.body))
            #expect(decoded == credentials)
            let page = try await client.execute(uri: "/demo", method: .get)
            #expect(String(buffer: page.body).contains(credentials[0].identifier))
            // A listed account really logs in.
            let jar = CookieJar()
            let guardian = try #require(decoded.first { $0.role == "guardian" && $0.establishments.count == 2 })
            let status = try await client.logIn(guardian.identifier, guardian.password, jar: jar).status
            #expect(status == .seeOther)
        }
        await store.database.shutdown()
    }
}
