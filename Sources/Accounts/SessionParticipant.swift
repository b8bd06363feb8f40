import Foundation

/// A service a browser session signed in to, which must hear when the
/// session ends. Each protocol is its own kind: how a participant is told
/// (a back-channel call, a message through the browser) depends on it.
public struct SessionParticipant: Sendable, Equatable {
    public enum Kind: String, Sendable, CaseIterable {
        /// A CAS service that asked for single logout.
        case cas
        /// A SAML service provider with a SingleLogoutService.
        case saml
    }

    public var kind: Kind
    /// The CAS service URL, or the SAML service provider's entity ID.
    public var service: String
    /// What the service knows this session by: the CAS service ticket, or
    /// the SAML NameID and SessionIndex (as the SAML room writes them).
    public var reference: String

    public init(kind: Kind, service: String, reference: String) {
        self.kind = kind; self.service = service; self.reference = reference
    }
}

public protocol SessionParticipantStore: Sendable {
    /// Remembers that a session signed in to a service, for single logout;
    /// the same reference twice is kept once.
    func recordParticipant(_ participant: SessionParticipant, sessionKey: String, now: Date) async throws
    /// The session's participants, oldest first.
    func participants(sessionKey: String) async throws -> [SessionParticipant]
}
