import Foundation

/// A validated AuthnRequest (or an IdP-initiated one) as the web layer
/// keeps it while the person logs in or chooses: only what the answer
/// needs, `Codable` so it is parked as it is and read back unchanged.
public struct PendingAuthnRequest: Sendable, Codable, Equatable {
    public var sp: String
    public var acs: String
    /// nil for unsolicited SSO (no InResponseTo).
    public var requestID: String?
    public var relayState: String?
    public var forceAuthn: Bool
    public var nameIDFormat: String?
    /// When the request arrived: with ForceAuthn, only a login after it counts.
    public var requestedAt: Date

    public init(_ request: AuthnRequest, at now: Date) {
        sp = request.issuer; acs = request.acsURL; requestID = request.id; relayState = request.relayState
        forceAuthn = request.forceAuthn; nameIDFormat = request.nameIDFormat; requestedAt = now
    }

    /// IdP-initiated SSO to a recipient built by `ResponseRecipient.unsolicited`.
    public init(unsolicited recipient: ResponseRecipient, at now: Date) {
        sp = recipient.spEntityID; acs = recipient.acsURL; requestID = nil; relayState = recipient.relayState
        forceAuthn = false; nameIDFormat = nil; requestedAt = now
    }

    public var recipient: ResponseRecipient {
        ResponseRecipient(spEntityID: sp, acsURL: acs, inResponseTo: requestID, relayState: relayState)
    }

    /// ForceAuthn: a session begun before the request does not answer it.
    public func isAnswered(bySessionStartedAt start: Date) -> Bool { !forceAuthn || start >= requestedAt }
}
