/// How /login returns the ticket to the service (spec 2.1.1 `method`, CAS 3.0).
public enum LoginResponseMethod: String, Sendable, Hashable, CaseIterable {
    /// An HTTP redirect (the default).
    case get = "GET"
    /// An auto-submitted HTML form that POSTs `ticket` to the service.
    case post = "POST"
    /// The service and ticket in HTTP response headers (Apereo CAS `HEADER`).
    case header = "HEADER"
}

/// A parsed /login request (spec 2.1.1).
public struct CASLoginRequest: Sendable, Hashable {
    /// The service URL, not yet checked against the registry.
    public let service: String?
    public let renew: Bool
    /// Always false when `renew` is set (spec 2.1.1 RECOMMENDS ignoring
    /// `gateway` then).
    public let gateway: Bool
    public let method: LoginResponseMethod

    /// `method` accepts GET, POST and HEADER in any case, and HEAD as another
    /// name for HEADER; any other value is INVALID_REQUEST.
    public static func parse(_ parameters: [String: [String]]) throws(CASRequestError) -> CASLoginRequest {
        let query = CASQuery(parameters)
        let renew = try query.flag("renew")
        let gateway = try query.flag("gateway")
        var method = LoginResponseMethod.get
        if let raw = try query.optional("method") {
            let upper = raw.uppercased()
            guard let parsed = LoginResponseMethod(rawValue: upper == "HEAD" ? "HEADER" : upper) else {
                throw CASRequestError(.unsupportedMethod(raw))
            }
            method = parsed
        }
        return CASLoginRequest(service: try query.optional("service"),
                               renew: renew, gateway: gateway && !renew, method: method)
    }
}

/// A parsed request to /validate, /serviceValidate, /proxyValidate,
/// /p3/serviceValidate or /p3/proxyValidate (spec 2.4.1, 2.5.1, 2.6.1, 2.8.1).
public struct CASValidationRequest: Sendable, Hashable {
    public let endpoint: CASEndpoint
    /// The service URL exactly as sent.
    public let service: String
    /// The ticket text exactly as sent; see `validatedTicket()`.
    public let ticket: String
    /// The proxy callback URL, not yet checked (nil on /validate).
    public let pgtUrl: String?
    /// When true the ticket must come from a fresh primary-credential login.
    public let renew: Bool
    public let format: CASResponseFormat

    /// Parses `parameters` for a validation `endpoint`. `format` (XML or JSON,
    /// any case, default XML) and `pgtUrl` are ignored on /validate (CAS 1.0).
    public static func parse(_ parameters: [String: [String]],
                             endpoint: CASEndpoint) throws(CASRequestError) -> CASValidationRequest {
        precondition(endpoint.isValidation, "\(endpoint.path) is not a validation endpoint")
        var query = CASQuery(parameters)
        if endpoint != .validate, let raw = try query.optional("format") {
            guard let format = CASResponseFormat(rawValue: raw.uppercased()) else {
                throw CASRequestError(.unsupportedFormat(raw))
            }
            query.format = format
        }
        let service = try query.required("service")
        let ticket = try query.required("ticket")
        let pgtUrl = endpoint.acceptsProxyCallback ? try query.optional("pgtUrl") : nil
        return CASValidationRequest(endpoint: endpoint, service: service, ticket: ticket,
                                    pgtUrl: pgtUrl, renew: try query.flag("renew"),
                                    format: query.format)
    }

    /// The ticket, checked for format and for the kinds this endpoint accepts.
    public func validatedTicket() throws(TicketFormatError) -> Ticket {
        try Ticket.parse(ticket, accepting: endpoint.acceptedTicketKinds)
    }

    /// The spec 2.5.1 `renew` rule: nil when a ticket issued from a login that
    /// was (`fromNewLogin == true`) or was not a fresh primary-credential
    /// login may be validated, otherwise the INVALID_TICKET failure.
    public func renewFailure(for ticket: Ticket, fromNewLogin: Bool) -> CASFailure? {
        renew && !fromNewLogin ? .renewNotSatisfied(ticket) : nil
    }
}

/// A parsed /proxy request (spec 2.7.1).
public struct CASProxyRequest: Sendable, Hashable {
    public let pgt: String
    /// The back-end service identifier; not always a URL (spec 2.7.1).
    public let targetService: String

    public static func parse(_ parameters: [String: [String]]) throws(CASRequestError) -> CASProxyRequest {
        let query = CASQuery(parameters)
        return CASProxyRequest(pgt: try query.required("pgt"),
                               targetService: try query.required("targetService"))
    }

    /// The proxy-granting ticket, checked for format.
    public func validatedTicket() throws(TicketFormatError) -> Ticket {
        try Ticket.parse(pgt, as: .proxyGranting)
    }
}

/// A parsed /logout request (spec 2.3.1). The CAS 2.0 `url` parameter MUST be
/// ignored and is.
public struct CASLogoutRequest: Sendable, Hashable {
    public let service: String?

    public static func parse(_ parameters: [String: [String]]) throws(CASRequestError) -> CASLogoutRequest {
        CASLogoutRequest(service: try CASQuery(parameters).optional("service"))
    }
}
