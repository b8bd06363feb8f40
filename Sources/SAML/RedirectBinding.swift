import XMLDSig
import Primitives

extension IdentityProvider {
    /// HTTP-Redirect encoding (SAML bindings §3.4.4.1): DEFLATE, base64,
    /// URL-encode, then sign `SAMLRequest=…&RelayState=…&SigAlg=…` with our key.
    /// The query is appended to `location` with "?" or "&".
    func redirectURL(location: String, kind: RedirectBindingSignature.MessageKind, xml: String,
                     relayState: String?) throws(SAMLError) -> String {
        let message = Base64.encode(Deflate.deflate(Array(xml.utf8)))
        let query: String
        do {
            query = try RedirectBindingSignature.signedQuery(kind: kind, message: message, relayState: relayState,
                                                             key: configuration.signingKey,
                                                             algorithm: signer.signatureAlgorithm)
        } catch {
            throw .signingFailed(error)
        }
        return location + (location.contains("?") ? "&" : "?") + query
    }

    /// Signs `xml` (root element `id`) for the chosen binding and returns
    /// the browser-side message: a signed redirect URL, or a POST form with
    /// an enveloped signature.
    func outbound(xml: String, id: String, kind: RedirectBindingSignature.MessageKind, binding: SAMLBinding,
                  location: String, relayState: String?) throws(SAMLError) -> OutboundMessage {
        switch binding {
        case .httpRedirect:
            return .redirect(url: try redirectURL(location: location, kind: kind, xml: xml, relayState: relayState))
        case .httpPOST:
            let signed = try sign(xml, ids: [id], declaration: true)
            return .post(PostForm(url: location, kind: kind == .request ? .request : .response, xml: signed, relayState: relayState))
        }
    }

    /// The SP's SLO endpoint: the preferred binding when listed, else the
    /// other supported one (SAML metadata §2.2.2).
    func singleLogoutEndpoint(of sp: SPMetadata, preferring binding: SAMLBinding) throws(SAMLError) -> (Endpoint, SAMLBinding) {
        for candidate in [binding, binding == .httpRedirect ? .httpPOST : .httpRedirect] {
            if let endpoint = sp.singleLogoutService(binding: candidate) { return (endpoint, candidate) }
        }
        throw .noSingleLogoutService(sp.entityID)
    }
}
