import Foundation
import XMLDSig
import Primitives

/// A validated `<samlp:LogoutResponse>` from an SP (SAML core §3.7.2).
public struct LogoutResponse: Sendable, Equatable {
    public let id: String
    public let issuer: String
    public let issueInstant: Date
    public let inResponseTo: String?
    public let status: SAMLStatus
    public let relayState: String?
    public let binding: SAMLBinding
    public let wasSigned: Bool
}

extension IdentityProvider {
    /// Answers an SP's LogoutRequest (SAML profiles §4.4.3.4): Success,
    /// `SAMLStatus.partialLogout`, or an error status such as
    /// `SAMLStatus(.requester)`. Sent to the SLO ResponseLocation (else
    /// Location) for the request's binding when listed.
    public func buildLogoutResponse(to request: LogoutRequest, sp: SPMetadata, status: SAMLStatus = .success,
                                    binding: SAMLBinding? = nil, now: Date) throws(SAMLError) -> OutboundLogoutMessage {
        guard sp.entityID == request.issuer else { throw .invalidConfiguration("SP metadata does not match the request issuer") }
        let (endpoint, chosen) = try singleLogoutEndpoint(of: sp, preferring: binding ?? request.binding)
        let destination = endpoint.responseLocation ?? endpoint.location
        let id = SAMLIdentifier.generate()
        var xml = "<samlp:LogoutResponse xmlns:samlp=\"\(SAMLNamespace.protocol)\" xmlns:saml=\"\(SAMLNamespace.assertion)\""
        xml += " ID=\"\(id)\" Version=\"2.0\" IssueInstant=\"\(SAMLTime.string(from: now))\""
        xml += " Destination=\"\(XMLEscape.attribute(destination))\" InResponseTo=\"\(XMLEscape.attribute(request.id))\">"
        xml += "<saml:Issuer>\(XMLEscape.text(entityID))</saml:Issuer>" + status.xml() + "</samlp:LogoutResponse>"
        let message = try outbound(xml: xml, id: id, kind: .response, binding: chosen, location: destination,
                                   relayState: request.relayState)
        return OutboundLogoutMessage(id: id, destination: destination, binding: chosen, message: message, expiry: nil)
    }

    /// Decodes and validates an SP's LogoutResponse to a LogoutRequest we
    /// sent. When `expectedInResponseTo` is given, InResponseTo must equal
    /// it. A non-Success status is returned, not thrown: the caller decides.
    public func receiveLogoutResponse(_ message: InboundMessage, lookup: ServiceProviderLookup, expectedInResponseTo: String?,
                                      now: Date) throws(SAMLError) -> LogoutResponse {
        let decoded = try decode(message, kind: .response, lookup: lookup) { sp in
            configuration.requireSignedLogoutFromSPsWithKeys && !sp.signingCertificates.isEmpty
        }
        let root = decoded.root
        let header = try MessageHeader.read(root, expected: "LogoutResponse", issuer: decoded.sp.entityID)
        try header.checkTiming(now: now, skew: configuration.clockSkew, maxAge: configuration.maxRequestAge)
        try header.checkDestination(configuration.singleLogoutURL, signed: decoded.signed)
        let inResponseTo = root.attr("InResponseTo")
        if let expectedInResponseTo, inResponseTo != expectedInResponseTo {
            throw .inResponseToMismatch(expected: expectedInResponseTo, found: inResponseTo)
        }
        let status = try SAMLStatus.parse(try root.requiredChild("Status", SAMLNamespace.protocol))
        return LogoutResponse(id: header.id, issuer: header.issuer, issueInstant: header.issueInstant, inResponseTo: inResponseTo,
                              status: status, relayState: decoded.relayState, binding: decoded.binding, wasSigned: decoded.signed)
    }
}
