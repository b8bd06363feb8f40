import Accounts
import Foundation
import Hummingbird

/// Staff sign in to the console with their own login, apart from pupil and
/// guardian accounts: another cookie, limited to /admin, kept in the
/// database like every session so several processes share it.
struct StaffSessions: Sendable {
    /// Staff members, and their sessions as parked state.
    typealias Store = StaffStore & FlowStateStore
    let store: any Store
    let secureCookies: Bool
    static let cookieName = "sesame_admin"
    static let lifetime: TimeInterval = 4 * 3600
    /// The staff member's id under the cookie's storage key.
    static let parked = ParkedFlow<String>(kind: "staff-session", handlePrefix: "staff:", lifetime: lifetime)

    func open(for member: StaffMember) async throws -> Cookie {
        let token = SessionToken.generate()
        try await Self.parked.park(String(member.id), handle: token.storageKey, in: store)
        return Cookie(name: Self.cookieName, value: token.value, maxAge: Int(Self.lifetime), path: "/admin",
                      secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    func current(_ request: Request) async throws -> StaffScope? {
        guard let value = request.cookies[Self.cookieName]?.value, (40...64).contains(value.utf8.count),
              let payload = try await Self.parked.peek(SessionToken(value: value).storageKey, in: store),
              let id = Int64(payload), let member = try await store.staff().first(where: { $0.id == id }) else { return nil }
        return StaffScope(member: member)
    }

    func close(_ request: Request) async throws -> Cookie {
        if let value = request.cookies[Self.cookieName]?.value, value.utf8.count <= 64 {
            _ = try await Self.parked.take(SessionToken(value: value).storageKey, from: store)
        }
        return Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/admin", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }
}
