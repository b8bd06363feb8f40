import Foundation

/// One security-relevant fact, kept for the school and the académie.
public struct AuditEvent: Sendable, Hashable, Codable {
    public var id: Int64
    public var at: Date
    public var kind: Kind
    /// Who acted: an account identifier, a staff login, `cli`, or empty.
    public var actor: String
    /// What it was about, typically an identifier (may be unknown to us).
    public var subject: String
    public var ip: String
    public var detail: String

    public enum Kind: String, Sendable, Codable {
        case loginSucceeded = "login.ok"
        case loginFailed = "login.failed"
        case loginThrottled = "login.throttled"
        case logout
        case passwordChanged = "password.changed"
        case passwordRehashed = "password.rehashed"
        case accountDisabled = "account.disabled"
        case accountCreated = "account.created"
        case staffAdded = "staff.added"
        case csrfRejected = "csrf.rejected"
        case serviceRefused = "service.refused"
        case ticketRefused = "ticket.refused"
        case accountActivated = "account.activated"
        case codeSent = "code.sent"
        case codeRefused = "code.refused"
        case messageThrottled = "message.throttled"
        case emailChanged = "email.changed"
        case mobileChanged = "mobile.changed"
        case linkDisputed = "link.disputed"
        case linkRequested = "link.requested"
        case activationUnmatched = "activation.unmatched"
        case identifierSent = "identifier.sent"
        case accountsGrouped = "accounts.grouped"
        case franceConnectFailed = "franceconnect.failed"
        case franceConnectLinked = "franceconnect.linked"
        case franceConnectUnlinked = "franceconnect.unlinked"
        case staffLogin = "staff.login"
        case staffLoginFailed = "staff.login.failed"
        case accountNotified = "account.notified"
        case accountEnabled = "account.enabled"
        case ticketClosed = "ticket.closed"
        case linkRestored = "link.restored"
        case legacyImported = "legacy.imported"
        case legacyLoginFailed = "legacy.failed"
        case legacyLoginThrottled = "legacy.throttled"
        case legacyMoved = "legacy.moved"
        case legacyTransitionEnded = "legacy.ended"
        case siecleImported = "siecle.imported"
    }

    public init(id: Int64 = 0, at: Date = Date(), kind: Kind, actor: String = "", subject: String = "",
                ip: String = "", detail: String = "") {
        self.id = id; self.at = at; self.kind = kind; self.actor = actor
        self.subject = subject; self.ip = ip; self.detail = detail
    }
}
