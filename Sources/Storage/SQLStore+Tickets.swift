import Accounts
import Foundation
import SQLKit

extension SQLStore: TicketStore {
    static let ticketColumns = "id, service, account_id, session_key, from_new_login, proxies, granting_ticket, establishment, issued_at, expires_at"

    public func saveTicket(_ t: StoredTicket) async throws {
        try await execute(Self.insert(t))
    }

    public func saveTicket(_ t: StoredTicket, participant: SessionParticipant, sessionKey: String, now: Date) async throws {
        try await database.transaction { db in
            try await db.raw(Self.insert(t)).run()
            try await db.raw(Self.insert(participant, sessionKey: sessionKey, now: now)).run()
        }
    }

    static func insert(_ t: StoredTicket) -> SQLQueryString {
        """
        INSERT INTO tickets (\(unsafeRaw: Self.ticketColumns))
        VALUES (\(bind: t.id), \(bind: t.service), \(bind: t.accountID), \(bind: t.sessionKey), \(bind: t.fromNewLogin ? 1 : 0),
                \(bind: Self.encode(t.proxies)), \(bind: t.grantingTicket), \(bind: t.establishment),
                \(bind: t.issuedAt.millis), \(bind: t.expiresAt.millis))
        """
    }

    /// DELETE … RETURNING is atomic in both engines: of two processes
    /// validating one ticket at once, exactly one gets the row. An expired
    /// ticket is handed back too: the CAS rules judge expiry, not storage.
    public func redeemTicket(_ id: String) async throws -> RedeemedTicket? {
        guard let row = try await first("""
            DELETE FROM tickets WHERE id = \(bind: id)
            RETURNING \(unsafeRaw: Self.ticketColumns),
                (SELECT identifier FROM accounts a WHERE a.id = tickets.account_id) AS holder_identifier,
                (SELECT state FROM accounts a WHERE a.id = tickets.account_id) AS holder_state
            """) else {
            return nil
        }
        return RedeemedTicket(ticket: try Self.ticket(from: row), holderIdentifier: try row.string("holder_identifier"),
                              holderState: AccountState(rawValue: try row.string("holder_state")) ?? .disabled)
    }

    public func ticket(_ id: String, now: Date) async throws -> StoredTicket? {
        try await first("SELECT \(unsafeRaw: Self.ticketColumns) FROM tickets WHERE id = \(bind: id) AND expires_at > \(bind: now.millis)")
            .map(Self.ticket(from:))
    }

    public func deleteTickets(ofSession sessionKey: String) async throws {
        try await execute("DELETE FROM tickets WHERE session_key = \(bind: sessionKey)")
    }

    public func purgeExpiredTickets(now: Date) async throws {
        try await execute("DELETE FROM tickets WHERE expires_at <= \(bind: now.millis)")
    }

    static func ticket(from row: any SQLRow) throws -> StoredTicket {
        StoredTicket(id: try row.string("id"), service: try row.string("service"), accountID: try row.int64("account_id"),
                     sessionKey: try row.optionalString("session_key"), fromNewLogin: try row.bool("from_new_login"),
                     proxies: decode(try row.string("proxies")), grantingTicket: try row.optionalString("granting_ticket"),
                     establishment: try row.optionalString("establishment"),
                     issuedAt: try row.date("issued_at"), expiresAt: try row.date("expires_at"))
    }

    /// Proxy URLs contain no newline (the CAS module refuses control characters).
    static func encode(_ proxies: [String]) -> String { proxies.joined(separator: "\n") }
    static func decode(_ text: String) -> [String] { text.isEmpty ? [] : text.components(separatedBy: "\n") }
}
