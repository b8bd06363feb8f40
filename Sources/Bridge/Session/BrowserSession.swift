import Accounts
import Foundation
import Hummingbird

/// The session cookie and what it opens.
struct BrowserSession: Sendable {
    static let cookieName = "sesame_session"
    /// Sessions and the accounts they open.
    typealias Store = SessionStore
    let store: any Store
    let secureCookies: Bool

    struct Current: Sendable {
        var token: SessionToken
        var session: Session
        var account: Account
    }

    /// The live session of this browser, nil when absent, expired or when
    /// the account was disabled meanwhile.
    func current(_ request: Request, now: Date = Date()) async throws -> Current? {
        guard let value = request.cookies[Self.cookieName]?.value, (40...64).contains(value.utf8.count) else { return nil }
        let token = SessionToken(value: value)
        guard let (session, account) = try await store.sessionAndAccount(key: token.storageKey, now: now),
              account.state != .disabled else { return nil }
        return Current(token: token, session: session, account: account)
    }

    /// A new login in this browser ends the session it had, so an older
    /// token (copied, or left on a shared computer) stops working.
    func endPrevious(_ request: Request?) async throws {
        guard let value = request?.cookies[Self.cookieName]?.value, (40...64).contains(value.utf8.count) else { return }
        try await store.deleteSession(key: SessionToken(value: value).storageKey)
    }

    func cookie(for token: SessionToken, expires: Date) -> Cookie {
        Cookie(name: Self.cookieName, value: token.value, expires: expires, path: "/", secure: secureCookies,
               httpOnly: true, sameSite: .lax)
    }

    func clearedCookie() -> Cookie {
        Cookie(name: Self.cookieName, value: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
               secure: secureCookies, httpOnly: true, sameSite: .lax)
    }
}

/// Only local paths are followed after login: no open redirect.
enum LocalPath {
    static func validated(_ candidate: String?) -> String? {
        guard let candidate, candidate.utf8.count <= 512, candidate.hasPrefix("/"),
              !candidate.hasPrefix("//"), !candidate.hasPrefix("/\\"),
              !candidate.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\\" }) else { return nil }
        return candidate
    }
}
