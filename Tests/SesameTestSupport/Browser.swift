import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// A browser over real HTTP: keeps cookies, never follows redirects by
/// itself so tests see each step.
public final class Browser: Sendable {
    public let client = Browser.sharedClient
    public let jar = CookieJar()

    /// One client for the whole test process, never shut down.
    public static let sharedClient = HTTPClient(
        eventLoopGroupProvider: .singleton,
        configuration: .init(redirectConfiguration: .disallow, timeout: .init(connect: .seconds(5), read: .seconds(30))))

    public struct Page: Sendable {
        public var status: Int
        public var headers: HTTPHeaders
        public var body: String
        public var location: String? { headers.first(name: "location") }
    }

    public init() {}

    public func get(_ url: String) async throws -> Page {
        try await send(HTTPClientRequest(url: url))
    }

    public func post(_ url: String, form: [(String, String)]) async throws -> Page {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: formBody(form)))
        return try await send(request)
    }

    /// A multipart/form-data POST, as a browser sends a file upload.
    public func post(_ url: String, fields: [(String, String)], files: [(name: String, filename: String, data: Data)]) async throws -> Page {
        let boundary = "----sesame-" + UUID().uuidString
        var body = Data()
        func add(_ name: String, _ filename: String?, _ data: Data) {
            body.append(Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"".utf8))
            if let filename { body.append(Data("; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream".utf8)) }
            body.append(Data("\r\n\r\n".utf8)); body.append(data); body.append(Data("\r\n".utf8))
        }
        for (name, value) in fields { add(name, nil, Data(value.utf8)) }
        for file in files { add(file.name, file.filename, file.data) }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "multipart/form-data; boundary=\(boundary)")
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request)
    }

    /// When Sesame asks a guardian which establishment to enter, answers
    /// with `uai` (or the first offered) and returns the page the flow resumes with.
    public func passingEstablishmentChoice(_ page: Page, at base: String, choosing uai: String? = nil) async throws -> Page {
        guard let location = page.location, location.hasPrefix("/etablissement") else { return page }
        let form = try await get(base + location)
        let chosen = try await post(base + "/etablissement", form: ChoicePage.fields(page: form.body, location: location, choosing: uai))
        guard let next = chosen.location else { return chosen }
        return try await get(base + next)
    }

    public func logIn(at base: String, _ identifier: String, _ password: String) async throws -> Page {
        let form = try await get(base + "/login")
        return try await post(base + "/login", form: [("csrf", form.body.csrfField ?? ""), ("username", identifier), ("password", password)])
    }

    func send(_ request: HTTPClientRequest) async throws -> Page {
        var request = request
        if let cookie = jar.headerValue { request.headers.add(name: "cookie", value: cookie) }
        let response = try await client.execute(request, timeout: .seconds(30))
        jar.take(setCookies: response.headers["set-cookie"])
        let body = try await response.body.collect(upTo: 4 * 1024 * 1024)
        return Page(status: Int(response.status.code), headers: response.headers, body: String(buffer: body))
    }
}
