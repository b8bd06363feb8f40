import Foundation

/// What storage kept about a ticket, found under the presented text.
public struct IssuedTicket: Sendable, Hashable {
    public let ticket: Ticket
    /// The service URL the ticket was issued for (/login `service`, or /proxy
    /// `targetService`).
    public let service: String
    public let issuedAt: Date
    /// The first instant at which the ticket is expired, fixed when it was
    /// issued (`TicketLifetimes.expiry`): the one rule for expiry.
    public let expiresAt: Date
    /// Whether it was issued right after the user presented primary
    /// credentials (a password), not from the single sign-on session; used
    /// for `renew`.
    public let fromNewLogin: Bool

    public init(ticket: Ticket, service: String, issuedAt: Date, expiresAt: Date, fromNewLogin: Bool) {
        self.ticket = ticket
        self.service = service
        self.issuedAt = issuedAt
        self.expiresAt = expiresAt
        self.fromNewLogin = fromNewLogin
    }

    /// A ticket issued now under `lifetimes`.
    public init(ticket: Ticket, service: String, issuedAt: Date, fromNewLogin: Bool, lifetimes: TicketLifetimes = .default) {
        self.init(ticket: ticket, service: service, issuedAt: issuedAt, expiresAt: lifetimes.expiry(of: ticket.kind, issuedAt: issuedAt),
                  fromNewLogin: fromNewLogin)
    }

    public func isExpired(at now: Date) -> Bool { now >= expiresAt }
}
