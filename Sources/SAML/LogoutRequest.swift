import Foundation
import XMLDSig
import Primitives

/// A validated `<samlp:LogoutRequest>` from an SP (SAML core §3.7.1).
public struct LogoutRequest: Sendable, Equatable {
    public let id: String
    public let issuer: String
    public let issueInstant: Date
    public let nameID: NameID
    public let sessionIndexes: [String]
    public let notOnOrAfter: Date?
    public let reason: String?
    public let relayState: String?
    /// How it came in; the LogoutResponse prefers the same binding.
    public let binding: SAMLBinding
    public let wasSigned: Bool
    /// Keep `id` in the replay cache until this instant.
    public let replayCacheExpiry: Date
}

extension IdentityProvider {
    /// Decodes and validates a LogoutRequest received on our SLO endpoint.
    /// A present signature is always checked. An unsigned one is refused
    /// when the SP's metadata has signing keys and
    /// `requireSignedLogoutFromSPsWithKeys` is on (the default).
    public func receiveLogoutRequest(_ message: InboundMessage, lookup: ServiceProviderLookup,
                                     now: Date) throws(SAMLError) -> LogoutRequest {
        let decoded = try decode(message, kind: .request, lookup: lookup) { sp in
            configuration.requireSignedLogoutFromSPsWithKeys && !sp.signingCertificates.isEmpty
        }
        let root = decoded.root
        let header = try MessageHeader.read(root, expected: "LogoutRequest", issuer: decoded.sp.entityID)
        try header.checkTiming(now: now, skew: configuration.clockSkew, maxAge: configuration.maxRequestAge)
        try header.checkDestination(configuration.singleLogoutURL, signed: decoded.signed)
        var notOnOrAfter: Date?
        if let raw = root.attr("NotOnOrAfter") {
            guard let date = SAMLTime.date(from: raw) else { throw .malformedMessage("bad NotOnOrAfter") }
            if now >= date.addingTimeInterval(configuration.clockSkew) { throw .messageExpired }
            notOnOrAfter = date
        }
        if root.firstChild(named: "EncryptedID", namespaceURI: SAMLNamespace.assertion) != nil {
            throw .unsupportedNameID("EncryptedID")
        }
        if root.firstChild(named: "BaseID", namespaceURI: SAMLNamespace.assertion) != nil {
            throw .unsupportedNameID("BaseID")
        }
        guard let element = try root.optionalChild("NameID", SAMLNamespace.assertion) else {
            throw .malformedMessage("LogoutRequest has no NameID")
        }
        let nameID = NameID(value: element.textContent, format: element.attr("Format") ?? NameIDFormat.unspecified,
                            nameQualifier: element.attr("NameQualifier"), spNameQualifier: element.attr("SPNameQualifier"))
        guard !nameID.value.isEmpty else { throw .malformedMessage("empty NameID") }
        let sessionIndexes = root.children(named: "SessionIndex", namespaceURI: SAMLNamespace.protocol).map(\.trimmedText)
        return LogoutRequest(id: header.id, issuer: header.issuer, issueInstant: header.issueInstant, nameID: nameID,
                             sessionIndexes: sessionIndexes, notOnOrAfter: notOnOrAfter, reason: root.attr("Reason"),
                             relayState: decoded.relayState, binding: decoded.binding, wasSigned: decoded.signed,
                             replayCacheExpiry: header.issueInstant.addingTimeInterval(configuration.maxRequestAge + configuration.clockSkew))
    }

    /// Builds a signed LogoutRequest for another session participant
    /// (SAML profiles §4.4.3.1), front-channel: a redirect URL (signed
    /// query) or a POST form (enveloped signature). The SP's endpoint for
    /// `binding` is used when listed, else its other one.
    public func buildLogoutRequest(to sp: SPMetadata, nameID: NameID, sessionIndexes: [String], binding: SAMLBinding = .httpRedirect,
                                   relayState: String? = nil, reason: String? = LogoutReason.user,
                                   validity: TimeInterval = 300, now: Date) throws(SAMLError) -> OutboundLogoutMessage {
        let (endpoint, chosen) = try singleLogoutEndpoint(of: sp, preferring: binding)
        let id = SAMLIdentifier.generate()
        let notOnOrAfter = now.addingTimeInterval(validity)
        var xml = "<samlp:LogoutRequest xmlns:samlp=\"\(SAMLNamespace.protocol)\" xmlns:saml=\"\(SAMLNamespace.assertion)\""
        xml += " ID=\"\(id)\" Version=\"2.0\" IssueInstant=\"\(SAMLTime.string(from: now))\""
        xml += " Destination=\"\(XMLEscape.attribute(endpoint.location))\" NotOnOrAfter=\"\(SAMLTime.string(from: notOnOrAfter))\""
        if let reason { xml += " Reason=\"\(XMLEscape.attribute(reason))\"" }
        xml += "><saml:Issuer>\(XMLEscape.text(entityID))</saml:Issuer>" + nameID.xml()
        for index in sessionIndexes { xml += "<samlp:SessionIndex>\(XMLEscape.text(index))</samlp:SessionIndex>" }
        xml += "</samlp:LogoutRequest>"
        let message = try outbound(xml: xml, id: id, kind: .request, binding: chosen, location: endpoint.location,
                                   relayState: relayState)
        return OutboundLogoutMessage(id: id, destination: endpoint.location, binding: chosen, message: message,
                                     expiry: notOnOrAfter)
    }
}

/// A LogoutRequest or LogoutResponse ready for the browser.
public struct OutboundLogoutMessage: Sendable, Equatable {
    /// Remember it to match the InResponseTo of the answer.
    public let id: String
    public let destination: String
    public let binding: SAMLBinding
    public let message: OutboundMessage
    /// For a request: its NotOnOrAfter. For a response: nil.
    public let expiry: Date?
}
