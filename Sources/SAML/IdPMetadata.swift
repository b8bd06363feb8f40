import Foundation
import XMLDSig
import Primitives

extension IdentityProvider {
    /// `<md:EntityDescriptor>` with an `<md:IDPSSODescriptor>` (SAML metadata
    /// §2.4.3): signing keys (current and next), SLO and SSO endpoints for the
    /// Redirect and POST bindings, persistent and transient NameID formats.
    /// `validUntil` is optional; when `sign` is true the document is signed.
    public func metadataXML(validUntil: Date? = nil, sign: Bool = false) throws(SAMLError) -> String {
        let c = configuration
        let id = SAMLIdentifier.generate()
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<md:EntityDescriptor xmlns:md=\"\(SAMLNamespace.metadata)\" xmlns:ds=\"\(SAMLNamespace.dsig)\""
        xml += " ID=\"\(id)\" entityID=\"\(XMLEscape.attribute(c.entityID))\""
        if let validUntil { xml += " validUntil=\"\(SAMLTime.string(from: validUntil))\"" }
        xml += ">\n"
        xml += "  <md:IDPSSODescriptor protocolSupportEnumeration=\"\(SAMLNamespace.protocol)\""
        xml += " WantAuthnRequestsSigned=\"\(c.wantAuthnRequestsSigned)\">\n"
        for certificate in [c.signingCertificate] + (c.nextSigningCertificate.map { [$0] } ?? []) {
            xml += "    <md:KeyDescriptor use=\"signing\"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>"
            xml += certificate.base64DER
            xml += "</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>\n"
        }
        for binding in [SAMLBinding.httpRedirect, .httpPOST] {
            xml += "    <md:SingleLogoutService Binding=\"\(binding.rawValue)\" Location=\"\(XMLEscape.attribute(c.singleLogoutURL))\"/>\n"
        }
        for format in [NameIDFormat.persistent, NameIDFormat.transient] {
            xml += "    <md:NameIDFormat>\(format)</md:NameIDFormat>\n"
        }
        for binding in [SAMLBinding.httpRedirect, .httpPOST] {
            xml += "    <md:SingleSignOnService Binding=\"\(binding.rawValue)\" Location=\"\(XMLEscape.attribute(c.singleSignOnURL))\"/>\n"
        }
        xml += "  </md:IDPSSODescriptor>\n</md:EntityDescriptor>\n"
        guard sign else { return xml }
        do {
            return try signer.sign(xml, elementIDs: [id])
        } catch {
            throw .signingFailed(error)
        }
    }
}
