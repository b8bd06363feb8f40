import Accounts
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

    @Test func metricsArePrometheusText() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
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

    @Test func demoModeServesTheDemoAccounts() async throws {
        let store = try await TestDatabases.store(.sqlite)
        let credentials = try await DemoAcademy.seed(into: store, hasher: .fast)
        let router = try await Bridge.SesameWeb.buildRouter(configuration: .init(demo: true, hasher: .fast), store: store, metrics: .init())
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
