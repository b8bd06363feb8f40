import Accounts
import Bridge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SesameTestSupport
import Storage

/// An application on a real database, driven through Hummingbird's router
/// test client.
struct WebFixture {
    let store: SQLStore
    let directory: DirectoryFixture
    let metrics: SesameMetrics
    let app: Application<RouterResponder<SesameContext>>

    static func make(engine: Database.Engine = .sqlite, demo: Bool = false) async throws -> WebFixture {
        let store = try await TestDatabases.store(engine)
        let directory = try await DirectoryFixture.build(in: store)
        let metrics = SesameMetrics()
        let router = try await SesameWeb.buildRouter(
            configuration: BridgeConfiguration(demo: demo, hasher: .fast), store: store, metrics: metrics)
        return WebFixture(store: store, directory: directory, metrics: metrics, app: Application(router: router))
    }
}

extension TestClientProtocol {
    func get(_ uri: String, jar: CookieJar) async throws -> TestResponse {
        var headers: HTTPFields = [:]
        if let cookie = jar.headerValue { headers[.cookie] = cookie }
        let response = try await execute(uri: uri, method: .get, headers: headers)
        jar.take(setCookies: response.headers[values: .setCookie])
        return response
    }

    func post(_ uri: String, form: [(String, String)], jar: CookieJar) async throws -> TestResponse {
        try await post(uri, rawBody: formBody(form), jar: jar)
    }

    func post(_ uri: String, rawBody: String, jar: CookieJar, contentType: String = "application/x-www-form-urlencoded") async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let cookie = jar.headerValue { headers[.cookie] = cookie }
        let response = try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: rawBody))
        jar.take(setCookies: response.headers[values: .setCookie])
        return response
    }

    func csrfToken(jar: CookieJar, page: String = "/login") async throws -> String {
        String(buffer: try await get(page, jar: jar).body).csrfField ?? ""
    }

    /// Answers the establishment choice page if `response` leads there; returns what the flow resumes with.
    func passingEstablishmentChoice(_ response: TestResponse, jar: CookieJar, choosing uai: String? = nil, remember: Bool = false) async throws -> TestResponse {
        guard let location = response.headers[.location], location.hasPrefix("/etablissement") else { return response }
        let page = try await get(location, jar: jar)
        let chosen = try await post("/etablissement", form: ChoicePage.fields(page: page.text, location: location, choosing: uai, remember: remember), jar: jar)
        guard let next = chosen.headers[.location] else { return chosen }
        return try await get(next, jar: jar)
    }

    func logIn(_ identifier: String, _ password: String, jar: CookieJar) async throws -> TestResponse {
        let csrf = try await csrfToken(jar: jar)
        return try await post("/login", form: [("csrf", csrf), ("username", identifier), ("password", password)], jar: jar)
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
