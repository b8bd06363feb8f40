import Foundation
import XMLDSig

/// A validated `<samlp:AuthnRequest>` (SAML core §3.4.1), ready for the web
/// layer: the SP is registered, the signature (if any) checked, the ACS URL
/// taken from metadata, the timing and Destination checked.
public struct AuthnRequest: Sendable, Equatable {
    public let id: String
    /// The SP's entityID.
    public let issuer: String
    public let issueInstant: Date
    /// Where the Response goes: an ACS Location from the SP's metadata.
    public let acsURL: String
    /// How the Response goes: always HTTP-POST here.
    public let binding: SAMLBinding
    /// How the request came in.
    public let requestBinding: SAMLBinding
    public let forceAuthn: Bool
    public let isPassive: Bool
    /// Requested NameID format; nil when absent or "unspecified" (the IdP picks).
    public let nameIDFormat: String?
    public let allowCreate: Bool?
    /// AuthnContextClassRef values from RequestedAuthnContext, in order.
    public let requestedAuthnContextClasses: [String]
    /// `<saml:Subject><saml:NameID>` if the SP asks about one principal.
    public let requestedSubject: String?
    public let relayState: String?
    public let wasSigned: Bool
    /// Keep `id` in the replay cache until this instant: past it the
    /// request is refused as too old anyway.
    public let replayCacheExpiry: Date

    /// Where an error Response for this request may go.
    public var replyTarget: ErrorReplyTarget {
        ErrorReplyTarget(spEntityID: issuer, acsURL: acsURL, inResponseTo: id, relayState: relayState)
    }
}

extension IdentityProvider {
    /// Decodes and validates an AuthnRequest received on our SSO endpoint.
    /// A signature is required when our configuration or the SP metadata
    /// (AuthnRequestsSigned) asks for one, and always checked when present.
    public func receiveAuthnRequest(_ message: InboundMessage, lookup: ServiceProviderLookup,
                                    now: Date) throws(SAMLError) -> AuthnRequest {
        let decoded = try decode(message, kind: .request, lookup: lookup) { sp in
            configuration.wantAuthnRequestsSigned || sp.authnRequestsSigned
        }
        let root = decoded.root
        let header = try MessageHeader.read(root, expected: "AuthnRequest", issuer: decoded.sp.entityID)
        try header.checkTiming(now: now, skew: configuration.clockSkew, maxAge: configuration.maxRequestAge)
        try header.checkDestination(configuration.singleSignOnURL, signed: decoded.signed)
        let acs = try assertionConsumerService(root, sp: decoded.sp)

        let target = ErrorReplyTarget(spEntityID: decoded.sp.entityID, acsURL: acs.location, inResponseTo: header.id,
                                      relayState: decoded.relayState)
        var format: String?
        var allowCreate: Bool?
        if let policy = try root.optionalChild("NameIDPolicy", SAMLNamespace.protocol) {
            allowCreate = try policy.boolAttr("AllowCreate")
            if let requested = policy.attr("Format")?.trimmingXMLWhitespace {
                switch requested {
                case NameIDFormat.persistent, NameIDFormat.transient: format = requested
                case NameIDFormat.unspecified: format = nil
                default: throw .invalidNameIDPolicy(format: requested, replyTo: target)
                }
            }
            if let qualifier = policy.attr("SPNameQualifier"), qualifier != decoded.sp.entityID {
                throw .invalidNameIDPolicy(format: format ?? NameIDFormat.unspecified, replyTo: target)
            }
        }
        var classes: [String] = []
        if let requested = try root.optionalChild("RequestedAuthnContext", SAMLNamespace.protocol) {
            classes = requested.children(named: "AuthnContextClassRef", namespaceURI: SAMLNamespace.assertion).map(\.trimmedText)
        }
        let subject = try root.optionalChild("Subject", SAMLNamespace.assertion)?
            .optionalChild("NameID", SAMLNamespace.assertion)?.textContent

        return AuthnRequest(
            id: header.id, issuer: decoded.sp.entityID, issueInstant: header.issueInstant, acsURL: acs.location,
            binding: .httpPOST, requestBinding: decoded.binding,
            forceAuthn: try root.boolAttr("ForceAuthn") ?? false, isPassive: try root.boolAttr("IsPassive") ?? false,
            nameIDFormat: format, allowCreate: allowCreate, requestedAuthnContextClasses: classes,
            requestedSubject: subject, relayState: decoded.relayState, wasSigned: decoded.signed,
            replayCacheExpiry: header.issueInstant.addingTimeInterval(configuration.maxRequestAge + configuration.clockSkew))
    }

    /// Picks the ACS (SAML core §3.4.1, profiles §4.1.4.1): the URL must be
    /// listed in metadata exactly; an index must exist; with neither, the
    /// default POST endpoint. Only HTTP-POST is supported for the Response.
    func assertionConsumerService(_ root: XMLElement, sp: SPMetadata) throws(SAMLError) -> Endpoint {
        let url = root.attr("AssertionConsumerServiceURL")
        let rawIndex = root.attr("AssertionConsumerServiceIndex")
        let protocolBinding = root.attr("ProtocolBinding")
        if let protocolBinding, protocolBinding != SAMLBinding.httpPOST.rawValue {
            throw .unsupportedProtocolBinding(protocolBinding)
        }
        if let rawIndex {
            guard url == nil, protocolBinding == nil else { throw .conflictingAssertionConsumerService }
            guard let index = Int(rawIndex), index >= 0, index <= 65535 else { throw .malformedMessage("bad AssertionConsumerServiceIndex") }
            guard let endpoint = sp.assertionConsumerServices.first(where: { $0.index == index }) else {
                throw .unknownAssertionConsumerServiceIndex(index)
            }
            guard endpoint.samlBinding == .httpPOST else { throw .unsupportedProtocolBinding(endpoint.binding) }
            return endpoint
        }
        if let url {
            let matches = sp.assertionConsumerServices.filter { $0.location == url }
            guard !matches.isEmpty else { throw .unknownAssertionConsumerService(url) }
            guard let endpoint = matches.first(where: { $0.samlBinding == .httpPOST }) else {
                throw .unsupportedProtocolBinding(matches[0].binding)
            }
            return endpoint
        }
        guard let endpoint = sp.postAssertionConsumerServices.defaultEndpoint() else { throw .noAssertionConsumerService }
        return endpoint
    }
}
