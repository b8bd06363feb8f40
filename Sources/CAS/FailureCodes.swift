/// Failure codes of `cas:authenticationFailure` (spec 2.5.3, the minimum set
/// every CAS server MUST implement).
public enum CASFailureCode: String, Sendable, Hashable, CaseIterable {
    /// Not all of the required request parameters were present.
    case invalidRequest = "INVALID_REQUEST"
    /// Failure to meet the requirements of the validation specification.
    case invalidTicketSpec = "INVALID_TICKET_SPEC"
    /// The service is not authorized to perform proxy authentication.
    case unauthorizedServiceProxy = "UNAUTHORIZED_SERVICE_PROXY"
    /// The proxy callback specified is invalid.
    case invalidProxyCallback = "INVALID_PROXY_CALLBACK"
    /// The ticket was not valid, or `renew` was set and the ticket did not
    /// come from an initial login.
    case invalidTicket = "INVALID_TICKET"
    /// The ticket was valid but issued for another service; CAS MUST then
    /// invalidate the ticket.
    case invalidService = "INVALID_SERVICE"
    /// An internal error occurred during ticket validation.
    case internalError = "INTERNAL_ERROR"
}

/// Failure codes of `cas:proxyFailure` (spec 2.7.3, plus CAS 2.0's BAD_PGT).
public enum CASProxyFailureCode: String, Sendable, Hashable, CaseIterable {
    /// Not all of the required request parameters were present.
    case invalidRequest = "INVALID_REQUEST"
    /// The service is unauthorized to perform the proxy request.
    case unauthorizedService = "UNAUTHORIZED_SERVICE"
    /// The pgt provided was invalid (CAS 2.0 spec 2.7.3).
    case badPGT = "BAD_PGT"
    /// An internal error occurred.
    case internalError = "INTERNAL_ERROR"
}

/// A validation failure: a code and an English message for the client.
public struct CASFailure: Error, Sendable, Hashable {
    public let code: CASFailureCode
    public let message: String

    public init(code: CASFailureCode, message: String) {
        self.code = code
        self.message = message
    }

    /// INVALID_TICKET, "Ticket … not recognized" (the spec's own wording).
    public static func ticketNotRecognized(_ ticket: String) -> CASFailure {
        CASFailure(code: .invalidTicket, message: "Ticket \(shortened(ticket)) not recognized")
    }

    /// INVALID_TICKET for a ticket that exists but is past its expiry.
    public static func ticketExpired(_ ticket: Ticket) -> CASFailure {
        CASFailure(code: .invalidTicket, message: "Ticket \(ticket.value) has expired")
    }

    /// INVALID_SERVICE: the ticket was issued for another service.
    public static func serviceMismatch(_ ticket: Ticket) -> CASFailure {
        CASFailure(code: .invalidService,
                   message: "Ticket \(ticket.value) was not issued for this service")
    }

    /// INVALID_TICKET: `renew` was asked and the ticket came from single sign-on.
    public static func renewNotSatisfied(_ ticket: Ticket) -> CASFailure {
        CASFailure(code: .invalidTicket,
                   message: "Ticket \(ticket.value) was not issued from a new login but renew was requested")
    }

    /// INVALID_SERVICE: the service URL is not in the service registry.
    public static let unregisteredService = CASFailure(
        code: .invalidService, message: "Service is not registered with this CAS server")

    /// INTERNAL_ERROR with a generic message (details go to the log, not the client).
    public static let internalError = CASFailure(
        code: .internalError, message: "An internal error occurred during ticket validation")

    /// Keeps echoed input short: a hostile client may send a huge ticket.
    static func shortened(_ text: String, limit: Int = 300) -> String {
        text.count <= limit ? text : String(text.prefix(limit)) + "…"
    }
}

/// A /proxy failure: a code and an English message.
public struct CASProxyFailure: Error, Sendable, Hashable {
    public let code: CASProxyFailureCode
    public let message: String

    public init(code: CASProxyFailureCode, message: String) {
        self.code = code
        self.message = message
    }
}
