import Accounts
import Foundation
import Hummingbird

/// Staff sign in to the console with their own login, apart from pupil and
/// guardian accounts: another cookie, limited to /admin, kept in the
/// database like every session so several processes share it.
struct StaffSessions: Sendable {
    let store: any SesameStore
    let secureCookies: Bool
    static let cookieName = "sesame_admin", kind = "staff-session"
    static let lifetime: TimeInterval = 4 * 3600

    func open(for member: StaffMember) async throws -> Cookie {
        let token = SessionToken.generate()
        try await store.putFlowState(handle: "staff:" + token.storageKey, kind: Self.kind, payload: String(member.id),
                                     until: Date() + Self.lifetime)
        return Cookie(name: Self.cookieName, value: token.value, maxAge: Int(Self.lifetime), path: "/admin",
                      secure: secureCookies, httpOnly: true, sameSite: .strict)
    }

    func current(_ request: Request) async throws -> StaffScope? {
        guard let value = request.cookies[Self.cookieName]?.value, (40...64).contains(value.utf8.count),
              let payload = try await store.flowState(handle: "staff:" + SessionToken(value: value).storageKey, kind: Self.kind, now: Date()),
              let id = Int64(payload), let member = try await store.staff().first(where: { $0.id == id }) else { return nil }
        return StaffScope(member: member)
    }

    func close(_ request: Request) async throws -> Cookie {
        if let value = request.cookies[Self.cookieName]?.value, value.utf8.count <= 64 {
            _ = try await store.takeFlowState(handle: "staff:" + SessionToken(value: value).storageKey, kind: Self.kind, now: Date())
        }
        return Cookie(name: Self.cookieName, value: "", maxAge: 0, path: "/admin", secure: secureCookies, httpOnly: true, sameSite: .strict)
    }
}
