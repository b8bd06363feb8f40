import Foundation
import Primitives

/// The back-channel single-logout message (spec 2.3.3 and Appendix C): a SAML
/// 2.0 `samlp:LogoutRequest` POSTed to each service as the form parameter
/// `logoutRequest`, naming the service ticket in `samlp:SessionIndex`.
public struct SingleLogoutMessage: Sendable, Hashable {
    /// The request ID, an xs:ID: `LR-` and 32 random characters by default.
    public let id: String
    public let issueInstant: Date
    /// The service ticket the service's session was opened with.
    public let serviceTicket: Ticket

    public init(serviceTicket: Ticket, issueInstant: Date, id: String? = nil) {
        precondition(serviceTicket.kind == .service || serviceTicket.kind == .proxy,
                     "the session index is the service (or proxy) ticket")
        self.serviceTicket = serviceTicket
        self.issueInstant = issueInstant
        self.id = id ?? TicketGenerator.randomIdentifier(prefix: "LR-")
    }

    /// The XML document, on one line, without XML declaration.
    public var xml: String {
        "<samlp:LogoutRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\""
            + " ID=\"\(XMLEscape.attribute(id))\" Version=\"2.0\""
            + " IssueInstant=\"\(XMLText.dateTime(issueInstant))\">"
            + "<saml:NameID xmlns:saml=\"urn:oasis:names:tc:SAML:2.0:assertion\">@NOT_USED@</saml:NameID>"
            + "<samlp:SessionIndex>\(XMLEscape.attribute(serviceTicket.value))</samlp:SessionIndex>"
            + "</samlp:LogoutRequest>"
    }

    /// The `application/x-www-form-urlencoded` body: `logoutRequest=<encoded xml>`.
    public var formBody: String { "logoutRequest=" + PercentEncoding.encode(xml) }

    /// The content type to send `formBody` with.
    public static let contentType = "application/x-www-form-urlencoded"
}
