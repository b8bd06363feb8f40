import Bridge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SesameTestSupport
import Testing

/// Twice the load the machine can serve: the requests beyond the bound are
/// turned away at once with 503 and Retry-After, the health check still
/// answers, and /metrics counts what was shed.
@Suite struct LoadSheddingTests {
    /// A page that takes its time, so requests overlap.
    struct SlowPage: SiteExtension {
        func configure(_ configuration: BridgeConfiguration) throws -> BridgeConfiguration { configuration }
        var templateDirectory: String? { nil }
        func register(on router: Router<SesameContext>, with kit: ExtensionKit) {
            router.get("/lent") { _, _ in
                try await Task.sleep(for: .milliseconds(400))
                return "fini"
            }
        }
    }

    @Test func beyondTheBoundRequestsAreTurnedAwayAtOnceAndHealthStillAnswers() async throws {
        let store = try await TestDatabases.store(.sqlite)
        var configuration = BridgeConfiguration(hasher: .fast)
        configuration.maxInFlight = 2
        configuration.extensions = [SlowPage()]
        let app = Application(router: try await SesameWeb.buildRouter(configuration: configuration, store: store, metrics: SesameMetrics()))
        try await app.test(.live) { client in
            // Separate connections (the test client's own is one at a time).
            let base = "http://127.0.0.1:\(try #require(client.port))"
            let answers = try await withThrowingTaskGroup(of: Browser.Page.self) { group in
                for _ in 0..<6 { group.addTask { try await Browser().get(base + "/lent") } }
                try await Task.sleep(for: .milliseconds(100))
                let health = try await Browser().get(base + "/healthz")
                #expect(health.status == 200, "the load balancer still sees the instance alive")
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.filter { $0.status == 200 }.count == 2, "the bound: two at once")
            let shed = answers.filter { $0.status == 503 }
            #expect(shed.count == 4 && shed.allSatisfy { $0.headers.first(name: "retry-after") == "1" })
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            #expect(metrics.contains("sesame_http_shed 4") && metrics.contains("sesame_http_in_flight_limit 2"))
            #expect(try await client.execute(uri: "/lent", method: .get).status == .ok, "once the burst is over, served again")
        }
    }
}
