import Bridge
import Foundation
import FranceConnect
import HTTPTypes
import Hummingbird
import NIOCore

/// A FranceConnect-like provider for demo mode only (never registered
/// otherwise): the person picks one of a few fictitious identities, and
/// Sesame's relying party talks to it over real HTTP as it would to
/// FranceConnect.
struct DemoFranceConnectRoutes: Sendable {
    let pages: Pages
    let provider: DemoProvider
    let base: String
    static let prefix = "/demo/franceconnect"

    var callback: String { base + FranceConnectLogin.callbackPath }

    func register(on router: Router<SesameContext>) {
        router.get(RouterPath(Self.prefix + "/.well-known/openid-configuration")) { _, _ in json(provider.discoveryDocument()) }
        router.get(RouterPath(Self.prefix + "/jwks")) { _, _ in json(provider.jwksDocument()) }
        router.get(RouterPath(Self.prefix + "/authorize")) { request, _ in try choose(request) }
        router.post(RouterPath(Self.prefix + "/authorize")) { request, _ in try await authorize(request) }
        router.post(RouterPath(Self.prefix + "/token")) { request, _ in
            let body = try await request.body.collect(upTo: 16 * 1024)
            return answer(try await provider.token(formBody: String(buffer: body), authorization: request.headers[.authorization]))
        }
        router.get(RouterPath(Self.prefix + "/userinfo")) { request, _ in
            answer(try await provider.userinfo(authorization: request.headers[.authorization]))
        }
        router.get(RouterPath(Self.prefix + "/logout")) { request, _ in
            // Only back to Sesame's own logout landing: no open redirect.
            let state = request.uri.queryParameters["state"].map(String.init) ?? ""
            return Response.redirect(to: base + FranceConnectLogin.logoutPath + "?state=" + (state.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""),
                             type: .normal)
        }
    }

    /// The identity picker. Only Sesame's own callback may receive the answer.
    func choose(_ request: Request) throws -> Response {
        let q = request.uri.queryParameters
        guard q["client_id"].map(String.init) == provider.clientID, q["redirect_uri"].map(String.init) == callback,
              let state = q["state"], let nonce = q["nonce"], state.count <= 128, nonce.count <= 128 else {
            throw PageError(.badRequest, title: "Demande refusée", message: "Cette demande FranceConnect de démonstration est incomplète.", log: "demo FC: bad authorize")
        }
        let identities = provider.identities.map { ["id": $0.id, "name": "\($0.givenName) \($0.familyName)", "born": $0.birthdate] }
        return pages.render("demo-franceconnect", title: "FranceConnect (démonstration)", [
            "identities": identities, "state": String(state), "nonce": String(nonce),
        ])
    }

    func authorize(_ request: Request) async throws -> Response {
        let form = try await FormReader.read(request, limit: 4096)
        guard let state = form["state"], let nonce = form["nonce"] else { throw PageError.expiredForm }
        if form["annuler"] != nil { return .redirect(to: provider.cancelURL(redirectURI: callback, state: state), type: .normal) }
        let url = try await provider.authorize(identityID: form["identity"] ?? "", clientID: provider.clientID, redirectURI: callback,
                                               state: state, nonce: nonce)
        return .redirect(to: url, type: .normal)
    }

    func json(_ bytes: [UInt8]) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json", .cacheControl: "no-store"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func answer(_ reply: HTTPReply) -> Response {
        var headers: HTTPFields = [.cacheControl: "no-store"]
        for (name, value) in reply.headers { if let field = HTTPField.Name(name) { headers[field] = value } }
        return Response(status: .init(code: reply.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
