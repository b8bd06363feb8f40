import Accounts
import Foundation
import Hummingbird
import Primitives

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
        /// The establishment picked on the portal for this trip, if any: an
        /// explicit choice, which no remembered one may contradict.
        var portalChoice: String? = nil
    }

    /// Set by the portal when a person picks an establishment, for the trip to its ENT.
    static let portalChoiceCookie = "sesame_portail_choix"
    static let portalChoiceLifetime: TimeInterval = 30 * 60

    /// The live session of this browser, nil when absent, expired or when
    /// the account was disabled meanwhile.
    func current(_ request: Request, now: Date = Date()) async throws -> Current? {
        guard let value = request.cookies[Self.cookieName]?.value, (40...64).contains(value.utf8.count) else { return nil }
        let token = SessionToken(value: value)
        guard let (session, account) = try await store.sessionAndAccount(key: token.storageKey, now: now),
              account.state != .disabled else { return nil }
        let picked = request.cookies[Self.portalChoiceCookie]?.value
        return Current(token: token, session: session, account: account,
                       portalChoice: picked.flatMap { UAI($0) != nil ? $0 : nil })
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

    /// `path`, carrying the service the person was going to when there is
    /// one: every side road keeps it the same way.
    static func keeping(_ next: String?, on path: String) -> String {
        guard let next = validated(next) else { return path }
        return path + "?next=" + PercentEncoding.encode(next)
    }
}
