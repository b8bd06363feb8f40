import Foundation

/// What storage knows about a ticket found under the presented text.
public struct IssuedTicket: Sendable, Hashable {
    public let ticket: Ticket
    /// The service URL the ticket was issued for (/login `service`, or /proxy
    /// `targetService`).
    public let service: String
    public let issuedAt: Date
    /// Whether it was issued right after the user presented primary
    /// credentials (a password), not from the single sign-on session; used
    /// for `renew`.
    public let fromNewLogin: Bool

    public init(ticket: Ticket, service: String, issuedAt: Date, fromNewLogin: Bool) {
        self.ticket = ticket
        self.service = service
        self.issuedAt = issuedAt
        self.fromNewLogin = fromNewLogin
    }
}

extension CASValidationRequest {
    /// The protocol checks between finding a ticket and answering success, in
    /// the order: kind accepted here, expiry (INVALID_TICKET), service
    /// (INVALID_SERVICE, spec 2.5.3), `renew` (INVALID_TICKET, spec 2.5.1).
    /// nil means the ticket validates. Storage must consume the ticket
    /// whatever the result (spec 3.1.1: one validation attempt only).
    public func check(_ issued: IssuedTicket, lifetimes: TicketLifetimes = .default,
                      now: Date) -> CASFailure? {
        if !endpoint.acceptedTicketKinds.contains(issued.ticket.kind) {
            return TicketFormatError.wrongKind(found: issued.ticket.kind,
                                               accepted: endpoint.acceptedTicketKinds).failure
        }
        if lifetimes.isExpired(issued.ticket.kind, issuedAt: issued.issuedAt, now: now) {
            return .ticketExpired(issued.ticket)
        }
        if !ServiceRegistry.sameService(service, issued.service) {
            return .serviceMismatch(issued.ticket)
        }
        return renewFailure(for: issued.ticket, fromNewLogin: issued.fromNewLogin)
    }
}
