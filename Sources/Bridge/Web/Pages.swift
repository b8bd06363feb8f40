import Foundation
import HTTPTypes
import Hummingbird
import Mustache
import Primitives

/// French pages rendered from the bundled Mustache templates (HTML-escaped
/// by default).
public struct Pages: Sendable {
    let library: MustacheLibrary
    let demo: Bool

    /// Sesame's templates, then those of each extra folder (an extension's).
    public static func load(demo: Bool, adding folders: [String] = []) async throws -> Pages {
        guard let directory = Bundle.module.resourcePath.map({ $0 + "/Templates" }) else {
            throw PageError.unavailable
        }
        var library = try await MustacheLibrary(directory: directory)
        for folder in folders {
            for file in try FileManager.default.contentsOfDirectory(atPath: folder).sorted() where file.hasSuffix(".mustache") {
                let text = try String(contentsOfFile: folder + "/" + file, encoding: .utf8)
                library.register(try MustacheTemplate(string: text), named: String(file.dropLast(".mustache".count)))
            }
        }
        return Pages(library: library, demo: demo)
    }

    public func render(_ template: String, title: String, _ values: [String: Any] = [:],
                       status: HTTPResponse.Status = .ok) -> Response {
        var context = values
        context["title"] = title
        context["demo"] = demo
        // On the way to a service, the logo leads back to it, not to the portal.
        if context["logo"] == nil, let next = LocalPath.validated(context["next"] as? String) { context["logo"] = next }
        let html = library.render(context, withTemplate: template) ?? "<!doctype html><title>Erreur</title><p>Page indisponible.</p>"
        return Self.html(html, status: status)
    }

    public func error(_ error: PageError) -> Response {
        render("error", title: error.title, ["message": error.message, "backURL": error.backURL, "backLabel": error.backLabel],
               status: error.status)
    }

    /// The page that hands the browser over to a service with a POST (SAML
    /// messages, CAS `method=POST`): submitted by a script, or by the button
    /// without JavaScript. Only that service may receive the form.
    public func autopost(action: String, serviceName: String, fields: [(name: String, value: String)], title: String = "Redirection") -> Response {
        var page = render("autopost", title: title, [
            "action": action, "serviceName": serviceName,
            "fields": fields.map { ["name": HTMLEscape.escape($0.name), "value": HTMLEscape.escape($0.value)] },
        ])
        page.headers[.contentSecurityPolicy] = SecurityHeadersMiddleware.policy(formAction: OriginOf.url(action))
        return page
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
