import Foundation
import Primitives

/// A ticket handed to a service (CAS service, proxy and proxy-granting
/// tickets), as stored so that every process of a deployment can check it.
public struct StoredTicket: Sendable, Hashable {
    public var id: String
    /// Where it may be used: the service URL (ST, PT) or the proxy callback (PGT).
    public var service: String
    public var accountID: Int64
    /// The browser session it came from, for single logout.
    public var sessionKey: String?
    /// Issued right after the person typed their password (CAS `renew`).
    public var fromNewLogin: Bool
    /// Proxy chain, most recent proxy first (empty for a service ticket).
    public var proxies: [String]
    /// For a proxy ticket, the proxy-granting ticket it came from.
    public var grantingTicket: String?
    /// UAI of the establishment the person entered (a guardian's choice).
    public var establishment: String?
    public var issuedAt: Date
    public var expiresAt: Date

    public init(id: String, service: String, accountID: Int64, sessionKey: String?, fromNewLogin: Bool,
                proxies: [String] = [], grantingTicket: String? = nil, establishment: String? = nil, issuedAt: Date, expiresAt: Date) {
        self.id = id; self.service = service; self.accountID = accountID; self.sessionKey = sessionKey
        self.fromNewLogin = fromNewLogin; self.proxies = proxies; self.grantingTicket = grantingTicket; self.establishment = establishment
        self.issuedAt = issuedAt; self.expiresAt = expiresAt
    }
}

/// A ticket taken out of the store, and the account it was issued to as it
/// is now (a validation answers with the identifier, and refuses a disabled account).
public struct RedeemedTicket: Sendable {
    public var ticket: StoredTicket
    public var holderIdentifier: String
    public var holderState: AccountState

    public init(ticket: StoredTicket, holderIdentifier: String, holderState: AccountState) {
        self.ticket = ticket; self.holderIdentifier = holderIdentifier; self.holderState = holderState
    }
}

public protocol TicketStore: Sendable {
    func saveTicket(_ ticket: StoredTicket) async throws
    /// Saves a service ticket and the session participant it makes (for
    /// single logout) in one transaction: one commit on the login's path.
    func saveTicket(_ ticket: StoredTicket, participant: SessionParticipant, sessionKey: String, now: Date) async throws
    /// Removes the ticket and returns it, with who holds it, if it was there
    /// (expired or not: the CAS rules judge expiry): whichever process asks
    /// first gets it, the others get nil. One statement, as validation is the hot path of CAS.
    func redeemTicket(_ id: String) async throws -> RedeemedTicket?
    /// A reusable ticket (proxy-granting), nil when absent or expired.
    func ticket(_ id: String, now: Date) async throws -> StoredTicket?
    func deleteTickets(ofSession sessionKey: String) async throws
    func purgeExpiredTickets(now: Date) async throws
}

extension TicketStore {
    /// `redeemTicket` without the holder.
    public func consumeTicket(_ id: String) async throws -> StoredTicket? {
        try await redeemTicket(id)?.ticket
    }
}
