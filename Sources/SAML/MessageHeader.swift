import Foundation
import XMLDSig

/// The attributes every protocol message carries (SAML core §3.2.1, §3.2.2).
struct MessageHeader {
    let id: String
    let issueInstant: Date
    let destination: String?
    let issuer: String

    /// Checks the root's name, Version="2.0" (core §4.1.2 for the status),
    /// ID, IssueInstant and Issuer.
    static func read(_ root: XMLElement, expected name: String, issuer: String) throws(SAMLError) -> MessageHeader {
        guard root.is(name, SAMLNamespace.protocol) else {
            throw .unexpectedMessage(expected: name, found: root.localName)
        }
        guard let version = root.attr("Version") else { throw .malformedMessage("missing Version") }
        guard version == "2.0" else { throw .unsupportedVersion(version) }
        guard let id = root.attr("ID"), SAMLIdentifier.isValid(id) else { throw .invalidID }
        guard let raw = root.attr("IssueInstant"), let instant = SAMLTime.date(from: raw) else { throw .invalidIssueInstant }
        return MessageHeader(id: id, issueInstant: instant, destination: root.attr("Destination"), issuer: issuer)
    }

    /// IssueInstant no later than now + skew and no earlier than
    /// now - maxAge - skew.
    func checkTiming(now: Date, skew: TimeInterval, maxAge: TimeInterval) throws(SAMLError) {
        if issueInstant > now.addingTimeInterval(skew) { throw .issuedInTheFuture }
        if issueInstant < now.addingTimeInterval(-(maxAge + skew)) { throw .messageExpired }
    }

    /// Destination must be our endpoint when present, and is required on a
    /// signed message (SAML bindings §3.4.5.2 and §3.5.5.2).
    func checkDestination(_ expected: String, signed: Bool) throws(SAMLError) {
        if let destination {
            guard destination == expected else { throw .destinationMismatch(expected: expected, found: destination) }
        } else if signed {
            throw .destinationMismatch(expected: expected, found: nil)
        }
    }
}
