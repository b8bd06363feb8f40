import Accounts
import Foundation
import SQLKit

extension SQLStore: SessionParticipantStore {
    public func recordParticipant(_ participant: SessionParticipant, sessionKey: String, now: Date) async throws {
        try await execute(Self.insert(participant, sessionKey: sessionKey, now: now))
    }

    static func insert(_ participant: SessionParticipant, sessionKey: String, now: Date) -> SQLQueryString {
        """
        INSERT INTO session_services (session_key, kind, service, ticket, used_at)
        VALUES (\(bind: sessionKey), \(bind: participant.kind.rawValue), \(bind: participant.service), \(bind: participant.reference),
                \(bind: now.millis))
        ON CONFLICT (session_key, ticket) DO NOTHING
        """
    }

    /// A kind this version does not know (written by a newer one) is skipped.
    public func participants(sessionKey: String) async throws -> [SessionParticipant] {
        try await all("SELECT kind, service, ticket FROM session_services WHERE session_key = \(bind: sessionKey) ORDER BY used_at")
            .compactMap { row in
                guard let kind = SessionParticipant.Kind(rawValue: try row.string("kind")) else { return nil }
                return SessionParticipant(kind: kind, service: try row.string("service"), reference: try row.string("ticket"))
            }
    }
}
