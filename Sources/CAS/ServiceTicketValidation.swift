import Foundation

/// Who holds a redeemed ticket, as the account is now.
public struct TicketHolder: Sendable, Hashable {
    /// The CAS user the answer names.
    public var user: String
    /// A disabled account's tickets validate for nobody.
    public var isEnabled: Bool

    public init(user: String, isEnabled: Bool) {
        self.user = user; self.isEnabled = isEnabled
    }
}

/// The decision on a validation request once its ticket was redeemed.
public enum ServiceTicketVerdict: Sendable, Hashable {
    case refused(CASFailure)
    /// The ticket validates for `service` and `user`; `proxyCallback` is the
    /// pgtUrl to call back, already checked against the service's policy.
    case accepted(service: RegisteredService, user: String, proxyCallback: String?)
}

extension CASValidationRequest {
    /// Every CAS rule between redeeming a ticket and answering, in one place
    /// and in the order the answer depends on: a ticket storage did not have
    /// is not recognized; then the kind accepted at this endpoint, expiry,
    /// the service it was issued for (spec 2.5.3), `renew` (2.5.1), the
    /// service being registered, the holder still enabled, and the proxy
    /// callback allowed (2.5.4). Storage consumed the ticket whatever the
    /// verdict (spec 3.1.1: one validation attempt only).
    public func verdict(on redeemed: IssuedTicket?, holder: TicketHolder?, registry: ServiceRegistry, now: Date) -> ServiceTicketVerdict {
        guard let redeemed else { return .refused(.ticketNotRecognized(ticket)) }
        if let failure = check(redeemed, now: now) { return .refused(failure) }
        guard let registered = registry.service(for: service) else { return .refused(.unregisteredService) }
        guard let holder, holder.isEnabled else { return .refused(.ticketNotRecognized(ticket)) }
        if let pgtUrl {
            do { try registry.checkProxyCallback(pgtUrl, for: registered) } catch { return .refused(error.failure) }
        }
        return .accepted(service: registered, user: holder.user, proxyCallback: pgtUrl)
    }

    /// The protocol checks on the ticket itself: kind accepted here, expiry
    /// (INVALID_TICKET), service (INVALID_SERVICE), `renew` (INVALID_TICKET).
    /// nil means the ticket passes them.
    func check(_ issued: IssuedTicket, now: Date) -> CASFailure? {
        if !endpoint.acceptedTicketKinds.contains(issued.ticket.kind) {
            return TicketFormatError.wrongKind(found: issued.ticket.kind, accepted: endpoint.acceptedTicketKinds).failure
        }
        if issued.isExpired(at: now) { return .ticketExpired(issued.ticket) }
        if !ServiceRegistry.sameService(service, issued.service) { return .serviceMismatch(issued.ticket) }
        return renewFailure(for: issued.ticket, fromNewLogin: issued.fromNewLogin)
    }
}
