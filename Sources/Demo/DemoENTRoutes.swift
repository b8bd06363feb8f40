import Accounts
import AsyncHTTPClient
import Bridge
import Foundation
import Hummingbird
import NIOCore
import SAML
import XMLDSig
import Primitives

/// The demo ENTs (demo mode only): each sends the browser to Sesame as a
/// real portal would (a SAML AuthnRequest by HTTP-Redirect, or a CAS login),
/// checks what comes back (the assertion's signature against the IdP's
/// certificate; the CAS ticket over HTTP at /cas/p3/serviceValidate) and
/// shows the attributes it received.
struct DemoENTRoutes: Sendable {
    let pages: Pages
    let base: String
    let saml: SAMLSettings?

    struct Received {
        var user: String
        var attributes: [(name: String, values: [String])]
        var uai: String { attributes.first { ["FrEduCtEleveUAI", "uai"].contains($0.name) }?.values.first ?? "" }
    }

    func register(on router: Router<SesameContext>) {
        router.get("/demo/ent/:slug/") { request, context in
            guard let ent = context.parameters.get("slug").flatMap(DemoENT.named) else { throw PageError.notFound }
            switch ent.speaks {
            case .saml: return Response.redirect(to: try authnRequestURL(ent), type: .normal)
            case .cas: return try await casHome(ent, request)
            }
        }
        router.post("/demo/ent/:slug/acs") { request, context in
            guard let ent = context.parameters.get("slug").flatMap(DemoENT.named), ent.speaks == .saml else { throw PageError.notFound }
            let form = try await FormReader.read(request, limit: 512 * 1024)
            return show(ent, via: "SAML 2.0", try receive(form["SAMLResponse"] ?? "", for: ent))
        }
    }

    func authnRequestURL(_ ent: DemoENT) throws -> String {
        guard let idp = saml?.identityProvider else { throw PageError.unavailable }
        let instant = ISO8601DateFormatter().string(from: Date())
        let xml = """
            <samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
            ID="_\(Hex.encode(SecureRandom.bytes(16)))" Version="2.0" IssueInstant="\(instant)" Destination="\(idp.configuration.singleSignOnURL)" \
            AssertionConsumerServiceURL="\(ent.acs(base))" ProtocolBinding="\(SAMLBinding.httpPOST.rawValue)">\
            <saml:Issuer>\(ent.home(base))</saml:Issuer><samlp:NameIDPolicy AllowCreate="true"/></samlp:AuthnRequest>
            """
        let encoded = Data(Deflate.deflate(Array(xml.utf8))).base64EncodedString()
        return "/saml/sso?SAMLRequest=" + PercentEncoding.encode(encoded)
    }

    /// Reads the Response as an SP would: the assertion must carry a valid
    /// signature by the IdP's certificate, and only the signed element is read.
    func receive(_ message: String, for ent: DemoENT) throws -> Received {
        guard let idp = saml?.identityProvider, let bytes = Data(base64Encoded: message, options: .ignoreUnknownCharacters) else {
            throw Self.refused("no SAMLResponse")
        }
        do {
            let response = try SafeXMLParser.parse(Array(bytes)).root
            guard let assertion = response.firstChild(named: "Assertion", namespaceURI: SAMLNamespace.assertion) else {
                throw Self.refused("no Assertion (status \(response.firstChild(named: "Status", namespaceURI: SAMLNamespace.protocol)?.serialized() ?? "?"))")
            }
            let verifier = try SignatureVerifier(trustedCertificates: [idp.configuration.signingCertificate])
            let signed = try verifier.verify(assertion).element
            let ns = SAMLNamespace.assertion
            let audience = signed.firstChild(named: "Conditions", namespaceURI: ns)?
                .firstChild(named: "AudienceRestriction", namespaceURI: ns)?.firstChild(named: "Audience", namespaceURI: ns)?.textContent
            guard audience == ent.home(base) else { throw Self.refused("audience \(audience ?? "none")") }
            let user = signed.firstChild(named: "Subject", namespaceURI: ns)?.firstChild(named: "NameID", namespaceURI: ns)?.textContent ?? ""
            let attributes = (signed.firstChild(named: "AttributeStatement", namespaceURI: ns)?.children(named: "Attribute", namespaceURI: ns) ?? []).map {
                (name: $0.attribute("FriendlyName") ?? $0.attribute("Name") ?? "?",
                 values: $0.children(named: "AttributeValue", namespaceURI: ns).map(\.textContent))
            }
            return Received(user: user, attributes: attributes)
        } catch let error as PageError {
            throw error
        } catch {
            throw Self.refused("\(error)")
        }
    }

    func casHome(_ ent: DemoENT, _ request: Request) async throws -> Response {
        let service = ent.home(base)
        guard let ticket = request.uri.queryParameters["ticket"].map(String.init), ticket.utf8.count <= 256 else {
            return .redirect(to: "/cas/login?service=" + PercentEncoding.encode(service), type: .normal)
        }
        let url = base + "/cas/p3/serviceValidate?format=JSON&service=" + PercentEncoding.encode(service) + "&ticket=" + PercentEncoding.encode(ticket)
        let reply = try await OutboundHTTP.client.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = try await reply.body.collect(upTo: 256 * 1024)
        guard let json = try JSONSerialization.jsonObject(with: Data(buffer: body)) as? [String: Any],
              let answer = json["serviceResponse"] as? [String: Any] else { throw Self.refused("unreadable CAS answer") }
        guard let success = answer["authenticationSuccess"] as? [String: Any], let user = success["user"] as? String else {
            throw Self.refused("CAS failure \(answer["authenticationFailure"] ?? "")")
        }
        let attributes = ((success["attributes"] as? [String: Any]) ?? [:]).sorted { $0.key < $1.key }.map { key, value in
            (name: key, values: (value as? [Any] ?? [value]).map { "\($0)" })
        }
        return show(ent, via: "CAS 3.0", Received(user: user, attributes: attributes))
    }

    func show(_ ent: DemoENT, via protocolName: String, _ received: Received) -> Response {
        pages.render("demo-ent", title: ent.name, [
            "entName": ent.name, "protocol": protocolName, "user": received.user, "uai": received.uai,
            "attributes": received.attributes.map { ["name": $0.name, "values": $0.values.joined(separator: " ; ")] },
        ])
    }

    static func refused(_ log: String) -> PageError {
        PageError(.badRequest, title: "Connexion refusée par l'ENT de démonstration",
                  message: "L'ENT de démonstration n'a pas pu vérifier la réponse de Sesame. Recommencez depuis les services en ligne.",
                  log: "demo ENT: \(log)")
    }
}
