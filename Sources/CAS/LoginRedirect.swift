import Primitives

/// How /login sends the user back to the service (spec 2.2.4, 2.1.1 `method`).
public enum LoginResponse: Sendable, Hashable {
    /// Redirect (303 after a POST, or 302) to this URL.
    case redirect(String)
    /// Render an auto-submitting form that POSTs `fields` to `action`.
    case formPost(action: String, fields: [FormField])
    /// Answer with these response headers (Apereo CAS `method=HEADER`).
    case headers([FormField])

    public struct FormField: Sendable, Hashable {
        public let name: String
        public let value: String
    }
}

/// Building the URL or form that returns a service ticket to the service.
public enum LoginRedirect {
    /// `service` with `ticket=ST-…` appended to its query, before any
    /// `#fragment` (spec 2.2.4: the request MUST include the service ticket as
    /// the `ticket` parameter).
    public static func serviceURL(_ service: String, ticket: Ticket) -> String {
        precondition(ticket.kind == .service, "only service tickets go back to a service")
        return PercentEncoding.appending([("ticket", ticket.value)], to: service)
    }

    /// The gateway answer when no single sign-on session exists: back to
    /// `service` unchanged, with no ticket (spec 2.1.1 `gateway`).
    public static func gatewayURL(_ service: String) -> String { service }

    /// The response for a /login request once the user is known (`ticket`)
    /// or, in the gateway case, unknown (`ticket == nil`), honouring `method`.
    public static func response(service: String, ticket: Ticket?,
                                method: LoginResponseMethod) -> LoginResponse {
        switch method {
        case .get:
            return .redirect(ticket.map { serviceURL(service, ticket: $0) } ?? gatewayURL(service))
        case .post:
            return .formPost(action: service,
                             fields: ticket.map { [.init(name: "ticket", value: $0.value)] } ?? [])
        case .header:
            var fields = [LoginResponse.FormField(name: "service", value: service)]
            if let ticket { fields.append(.init(name: "ticket", value: ticket.value)) }
            return .headers(fields)
        }
    }
}
