import XMLDSig
import Primitives

/// A SAML message as the web layer received it.
public enum InboundMessage: Sendable, Equatable {
    /// HTTP-Redirect (SAML bindings §3.4): everything after "?" in the
    /// request URL, exactly as received. The signature covers these raw octets.
    case redirect(rawQuery: String)
    /// HTTP-POST (SAML bindings §3.5): the form's SAMLRequest or SAMLResponse
    /// value and RelayState, already form-decoded by the web layer.
    case post(message: String, relayState: String?)

    public enum Kind: Sendable { case request, response }

    /// Which message a redirect query carries, for an endpoint (SLO) that
    /// takes both; nil when it has neither or both.
    public static func redirectCarries(rawQuery: String) -> Kind? {
        let names = Set(PercentEncoding.rawPairs(rawQuery).map(\.name))
        switch (names.contains("SAMLRequest"), names.contains("SAMLResponse")) {
        case (true, false): return .request
        case (false, true): return .response
        default: return nil
        }
    }

    public var binding: SAMLBinding {
        switch self {
        case .redirect: return .httpRedirect
        case .post: return .httpPOST
        }
    }
}

/// A decoded message whose signature, if any, has been checked against the
/// issuing SP's metadata.
struct DecodedMessage {
    /// With a POST signature, the root of the verified copy (only what was signed).
    let root: XMLElement
    let sp: SPMetadata
    let binding: SAMLBinding
    let relayState: String?
    let signed: Bool
}

extension IdentityProvider {
    /// Decodes the binding, reads the Issuer, finds the SP, and checks the
    /// signature with the SP's signing certificates. `requireSignature`
    /// decides, per SP, whether an unsigned message is refused.
    func decode(_ message: InboundMessage, kind: RedirectBindingSignature.MessageKind, lookup: ServiceProviderLookup,
                requireSignature: (SPMetadata) -> Bool) throws(SAMLError) -> DecodedMessage {
        let limit = configuration.maxMessageBytes
        switch message {
        case .redirect(let rawQuery):
            guard rawQuery.utf8.count <= limit else { throw .messageTooLarge(limit: limit) }
            var raw: [String: Substring] = [:]
            for (name, value) in PercentEncoding.rawPairs(rawQuery) {
                guard ["SAMLRequest", "SAMLResponse", "RelayState", "SigAlg", "Signature"].contains(name) else { continue }
                guard raw[String(name)] == nil else { throw .invalidQuery("\(name) appears twice") }
                raw[String(name)] = value
            }
            let other: RedirectBindingSignature.MessageKind = kind == .request ? .response : .request
            guard raw[other.rawValue] == nil else { throw .invalidQuery("unexpected \(other.rawValue)") }
            guard let rawMessage = raw[kind.rawValue], !rawMessage.isEmpty else { throw .missingMessage }
            guard let text = PercentEncoding.decode(rawMessage, plusIsSpace: false), let deflated = Base64.decode(text) else {
                throw .invalidBase64
            }
            let xml: [UInt8]
            do { xml = try Inflate.inflate(deflated, outputLimit: limit) } catch { throw .inflateFailed(error) }
            let relayState = try decodeRelayState(raw["RelayState"].map { PercentEncoding.decode($0) })
            let root = try SAMLXML.parse(xml, maxBytes: limit).root
            let sp = try serviceProvider(issuing: root, lookup: lookup)
            guard raw["Signature"] != nil else {
                guard raw["SigAlg"] == nil else { throw .invalidQuery("SigAlg without Signature") }
                if requireSignature(sp) { throw .signatureRequired }
                return DecodedMessage(root: root, sp: sp, binding: .httpRedirect, relayState: relayState, signed: false)
            }
            guard !sp.signingCertificates.isEmpty else { throw .signatureNotVerifiable("SP metadata has no signing certificate") }
            do {
                _ = try RedirectBindingSignature.verify(rawQuery: rawQuery, trustedCertificates: sp.signingCertificates,
                                                        allowSHA1: configuration.allowSHA1)
            } catch {
                throw .signatureInvalid(error)
            }
            return DecodedMessage(root: root, sp: sp, binding: .httpRedirect, relayState: relayState, signed: true)

        case .post(let text, let rawRelayState):
            guard text.utf8.count <= (limit / 3 + 1) * 4 + limit / 16 else { throw .messageTooLarge(limit: limit) }
            guard let xml = Base64.decode(text) else { throw .invalidBase64 }
            let relayState = try decodeRelayState(rawRelayState.map { Optional($0) })
            let document = try SAMLXML.parse(xml, maxBytes: limit)
            let sp = try serviceProvider(issuing: document.root, lookup: lookup)
            let signatures = document.root.children(named: "Signature", namespaceURI: SAMLNamespace.dsig)
            guard !signatures.isEmpty else {
                if requireSignature(sp) { throw .signatureRequired }
                return DecodedMessage(root: document.root, sp: sp, binding: .httpPOST, relayState: relayState, signed: false)
            }
            guard !sp.signingCertificates.isEmpty else { throw .signatureNotVerifiable("SP metadata has no signing certificate") }
            let verified: VerifiedElement
            do {
                let verifier = try SignatureVerifier(trustedCertificates: sp.signingCertificates,
                                                     options: .init(allowSHA1: configuration.allowSHA1,
                                                                    limits: XMLParserLimits(maxBytes: limit, maxDepth: 32)))
                verified = try verifier.verify(document.root)
            } catch {
                throw .signatureInvalid(error)
            }
            // The signed copy must still name the SP whose key verified it.
            let signedSP = try serviceProvider(issuing: verified.element, lookup: lookup)
            guard signedSP.entityID == sp.entityID else { throw .signatureInvalid(.signatureInvalid) }
            return DecodedMessage(root: verified.element, sp: sp, binding: .httpPOST, relayState: relayState, signed: true)
        }
    }

    private func decodeRelayState(_ value: String??) throws(SAMLError) -> String? {
        guard let value else { return nil }
        guard let value else { throw .invalidQuery("RelayState is not URL-encoded UTF-8") }
        guard value.utf8.count <= configuration.maxRelayStateBytes else {
            throw .relayStateTooLong(limit: configuration.maxRelayStateBytes)
        }
        return value.isEmpty ? nil : value
    }

    /// Reads the message's `<saml:Issuer>` (SAML core §3.2.1: entity format
    /// or no Format) and finds that SP.
    func serviceProvider(issuing root: XMLElement, lookup: ServiceProviderLookup) throws(SAMLError) -> SPMetadata {
        guard root.namespaceURI == SAMLNamespace.protocol else {
            throw .unexpectedMessage(expected: "SAML 2.0 protocol", found: root.localName)
        }
        guard let issuer = try root.optionalChild("Issuer", SAMLNamespace.assertion) else { throw .missingIssuer }
        if let format = issuer.attr("Format"), format != NameIDFormat.entity { throw .invalidIssuerFormat(format) }
        let entityID = issuer.trimmedText
        guard !entityID.isEmpty else { throw .missingIssuer }
        guard let sp = lookup(entityID), sp.entityID == entityID else { throw .unknownServiceProvider(entityID) }
        return sp
    }
}
