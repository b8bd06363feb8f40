import Foundation
import Primitives

/// A secret sent to a person to prove they hold a phone or a mailbox: a
/// six-digit code typed back (SMS), or a link (e-mail). Only a keyed hash of
/// the secret is stored; each has an expiry and a number of tries, and
/// serves once.
public struct Verification: Sendable, Hashable {
    public enum Purpose: String, Sendable, Codable {
        case registration, recovery, emailAddress = "email", mobile, activation
    }

    /// Public handle in the page URL (codes) or the hash of the link token.
    public var handle: String
    public var purpose: Purpose
    public var accountID: Int64?
    public var secretHash: String
    public var attempts: Int
    public var maxAttempts: Int
    public var expiresAt: Date
    /// What the flow keeps between steps (JSON).
    public var payload: String

    public init(handle: String, purpose: Purpose, accountID: Int64?, secretHash: String, attempts: Int = 0,
                maxAttempts: Int, expiresAt: Date, payload: String) {
        self.handle = handle; self.purpose = purpose; self.accountID = accountID; self.secretHash = secretHash
        self.attempts = attempts; self.maxAttempts = maxAttempts; self.expiresAt = expiresAt; self.payload = payload
    }

    /// SMS codes: 6 digits, 30 minutes, 5 tries (the seeds' rule).
    public static let codeLifetime: TimeInterval = 30 * 60
    public static let codeTries = 5
    /// E-mail links: 24 hours for an address check, 1 hour for a password reset.
    public static let addressLinkLifetime: TimeInterval = 24 * 3600
    public static let resetLinkLifetime: TimeInterval = 3600
}

/// Makes and checks the secrets. The key is the deployment's, so a copy of
/// the database alone does not let anyone test codes offline.
public struct VerificationSecrets: Sendable {
    let key: [UInt8]

    public init(key: [UInt8]) { self.key = key }

    public static let codeLength = 6
    public static func newCode() -> String { SecureRandom.digits(codeLength) }

    /// What a person typed as a code, spaces taken out; nil unless it has the
    /// code's shape (six digits), so a slip costs no try.
    public static func typedCode(_ typed: String) -> String? {
        let cleaned = typed.filter { !$0.isWhitespace && $0 != "-" && $0 != "." }
        guard cleaned.count == codeLength, cleaned.allSatisfy(\.isASCIIDigit) else { return nil }
        return cleaned
    }

    public func hash(_ secret: String, handle: String) -> String {
        Hex.encode(Digest.hmacSHA256(key: key, message: Array("\(handle)|\(secret)".utf8)))
    }

    public func matches(_ typed: String, _ verification: Verification) -> Bool {
        let cleaned = typed.filter { !$0.isWhitespace }
        return ConstantTime.equal(Array(hash(cleaned, handle: verification.handle).utf8), Array(verification.secretHash.utf8))
    }

    /// A link token and the handle stored for it (its hash): the database
    /// never holds a usable link.
    public static func newLinkToken() -> (token: String, handle: String) {
        let token = SecureRandom.token(bytes: 32)
        return (token, linkHandle(token))
    }

    public static func linkHandle(_ token: String) -> String { Hex.encode(Digest.sha256(Array(token.utf8))) }
}

public protocol VerificationStore: Sendable {
    func saveVerification(_ verification: Verification) async throws
    /// Counts one try and returns the verification when it is live and had
    /// a try left; nil otherwise (unknown, expired or used up).
    func attemptVerification(handle: String, purpose: Verification.Purpose, now: Date) async throws -> Verification?
    /// Reads without counting a try.
    func verification(handle: String, purpose: Verification.Purpose, now: Date) async throws -> Verification?
    /// Removes it; true for the one caller that got it.
    func consumeVerification(handle: String) async throws -> Bool
    func updateVerificationPayload(handle: String, payload: String) async throws
}

/// A request for help from the school or the académie (a wrong legal link,
/// an unknown person).
public struct AssistanceTicket: Sendable, Hashable {
    public enum Kind: String, Sendable {
        case notLegalGuardian = "not-legal-guardian"
        /// "Ajouter un enfant" found a record the rules could not hand over.
        case linkRequest = "link-request"
        /// An activation by SMS found the number on the school's records, but not with the names typed.
        case unmatchedActivation = "unmatched-activation"
    }
    public var id: Int64
    public var openedAt: Date
    public var kind: Kind
    public var accountID: Int64?
    public var pupilID: Int64?
    public var uai: String?
    public var detail: String
    public var open: Bool

    public init(id: Int64 = 0, openedAt: Date, kind: Kind, accountID: Int64?, pupilID: Int64?, uai: String?, detail: String, open: Bool = true) {
        self.id = id; self.openedAt = openedAt; self.kind = kind; self.accountID = accountID
        self.pupilID = pupilID; self.uai = uai; self.detail = detail; self.open = open
    }
}

/// What the self-service flows need beyond the other stores.
public protocol SelfServiceStore: Sendable {
    /// Guardian records whose mobile is this number, in any spelling.
    func guardians(mobile: MobileNumber) async throws -> [Guardian]
    /// The SIECLE guardian records grouped under an account.
    func guardians(ofAccount id: Int64) async throws -> [Guardian]
    /// Guardian records legally linked to an enrolled pupil born that day,
    /// with that pupil (for "add a child").
    func guardianLinks(childBornOn date: CalendarDate) async throws -> [(guardian: Guardian, pupil: Pupil)]
    /// Accounts whose validated e-mail is this address (case-insensitive).
    func accounts(validatedEmail: String) async throws -> [Account]
    func setEmail(_ email: String?, validated: Bool, forAccount id: Int64) async throws
    func setMobile(_ mobile: String?, forAccount id: Int64) async throws
    func account(franceConnectSubject subject: String) async throws -> Account?
    /// Links (or with nil unlinks) a FranceConnect identity; false when
    /// another account already holds that subject.
    func setFranceConnectSubject(_ subject: String?, forAccount id: Int64) async throws -> Bool
    /// "Je ne suis pas le représentant légal": the link stops counting.
    func suspendLink(guardianID: Int64, pupilID: Int64) async throws
    func openTicket(_ ticket: AssistanceTicket) async throws -> AssistanceTicket
    func tickets(openOnly: Bool) async throws -> [AssistanceTicket]
}

extension ThrottlePolicy {
    /// Messages cost money: 3 to one number or person, then a wait that
    /// grows (1 min, 2 min, … up to a day) until an hour passes quietly.
    public static let messagesPerRecipient = ThrottlePolicy(freeFailures: 2, firstDelay: 60, maximumDelay: 86400, forgetAfter: 3600)
    /// One address (a school, a family) may ask more, but not endlessly.
    public static let messagesPerAddress = ThrottlePolicy(freeFailures: 20, firstDelay: 60, maximumDelay: 86400, forgetAfter: 3600)
    /// Wrong birth dates and other answers: as for passwords.
    public static let answers = ThrottlePolicy.identifier
}

extension ThrottleBudget {
    /// Birth dates and other answers about one account.
    public static func answers(accountID: Int64) -> ThrottleBudget { ThrottleBudget("answers:\(accountID)", .answers) }
}

extension ThrottleKey {
    public static func messageTo(_ recipient: String) -> String { "msg-to:" + recipient }
    public static func messageFrom(_ ip: String) -> String { "msg-ip:" + ip }
}
