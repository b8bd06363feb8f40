import Accounts
import Foundation
import SQLKit

extension SQLStore: FlowStateStore {
    /// An expired key is taken over; a live one makes the insert a no-op.
    public func rememberOnce(_ key: String, until expiry: Date, now: Date) async throws -> Bool {
        try await first("""
            INSERT INTO once_keys (key, expires_at) VALUES (\(bind: key), \(bind: expiry.millis))
            ON CONFLICT (key) DO UPDATE SET expires_at = excluded.expires_at WHERE once_keys.expires_at <= \(bind: now.millis)
            RETURNING key
            """) != nil
    }

    public func putFlowState(handle: String, kind: String, payload: String, until expiry: Date) async throws {
        try await execute("""
            INSERT INTO flow_states (handle, kind, payload, expires_at)
            VALUES (\(bind: handle), \(bind: kind), \(bind: payload), \(bind: expiry.millis))
            """)
    }

    public func takeFlowState(handle: String, kind: String, now: Date) async throws -> String? {
        guard let row = try await first("""
            DELETE FROM flow_states WHERE handle = \(bind: handle) AND kind = \(bind: kind) RETURNING payload, expires_at
            """) else { return nil }
        return try row.date("expires_at") > now ? try row.string("payload") : nil
    }

    public func flowState(handle: String, kind: String, now: Date) async throws -> String? {
        try await first("""
            SELECT payload FROM flow_states WHERE handle = \(bind: handle) AND kind = \(bind: kind) AND expires_at > \(bind: now.millis)
            """).map { try $0.string("payload") }
    }

    public func purgeFlowStates(now: Date) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM once_keys WHERE expires_at <= \(bind: now.millis)").run()
            try await db.raw("DELETE FROM flow_states WHERE expires_at <= \(bind: now.millis)").run()
        }
    }
}
