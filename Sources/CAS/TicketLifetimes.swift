import Foundation

/// How long each kind of ticket stays valid after it is issued. Storage keeps
/// the tickets; this only computes the dates.
///
/// Spec 3.1.1 and 3.2.1 RECOMMEND no more than five minutes for unvalidated
/// service and proxy tickets; this server defaults to 10 seconds, enough for
/// the redirect and the back-channel validation. Proxy-granting tickets are
/// reusable (spec 3.3.1) and live longer, but MUST also end when the user logs
/// out of CAS: that part is the storage's job.
public struct TicketLifetimes: Sendable, Hashable {
    public var serviceTicket: Duration
    public var proxyTicket: Duration
    public var proxyGrantingTicket: Duration
    /// An IOU only has to outlive the validation response that carries it.
    public var proxyGrantingTicketIOU: Duration
    public var ticketGrantingTicket: Duration

    public init(serviceTicket: Duration = .seconds(10),
                proxyTicket: Duration = .seconds(10),
                proxyGrantingTicket: Duration = .seconds(2 * 3600),
                proxyGrantingTicketIOU: Duration = .seconds(60),
                ticketGrantingTicket: Duration = .seconds(8 * 3600)) {
        self.serviceTicket = serviceTicket
        self.proxyTicket = proxyTicket
        self.proxyGrantingTicket = proxyGrantingTicket
        self.proxyGrantingTicketIOU = proxyGrantingTicketIOU
        self.ticketGrantingTicket = ticketGrantingTicket
    }

    /// The defaults described above.
    public static let `default` = TicketLifetimes()

    public func lifetime(of kind: TicketKind) -> Duration {
        switch kind {
        case .service: serviceTicket
        case .proxy: proxyTicket
        case .proxyGranting: proxyGrantingTicket
        case .proxyGrantingIOU: proxyGrantingTicketIOU
        case .ticketGranting: ticketGrantingTicket
        }
    }

    /// The first instant at which a ticket of `kind` issued at `issuedAt` is expired.
    public func expiry(of kind: TicketKind, issuedAt: Date) -> Date {
        let (seconds, attoseconds) = lifetime(of: kind).components
        return issuedAt.addingTimeInterval(Double(seconds) + Double(attoseconds) / 1e18)
    }

    /// Whether a ticket of `kind` issued at `issuedAt` is expired at `now`
    /// (expired from the expiry instant on).
    public func isExpired(_ kind: TicketKind, issuedAt: Date, now: Date) -> Bool {
        now >= expiry(of: kind, issuedAt: issuedAt)
    }
}
