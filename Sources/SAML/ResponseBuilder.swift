import Foundation
import XMLDSig
import Primitives

extension IdentityProvider {
    /// Builds a successful `<samlp:Response>` for Web Browser SSO (SAML
    /// profiles §4.1.4.2): one assertion with a bearer SubjectConfirmation,
    /// an AudienceRestriction to the SP and an AuthnStatement; signed, then
    /// optionally encrypted, then optionally signed again at Response level.
    public func buildResponse(to recipient: ResponseRecipient, sp: SPMetadata, content: AssertionContent,
                              options: ResponseOptions = .init(), now: Date) throws(SAMLError) -> SAMLResponse {
        guard sp.entityID == recipient.spEntityID else { throw .invalidConfiguration("SP metadata does not match the recipient") }
        // SAML profiles §4.1.3.5: over HTTP-POST each assertion MUST be
        // protected by a signature, on the Assertion or on the Response.
        guard options.signAssertion || options.signResponse else {
            throw .invalidConfiguration("a POST Response must sign the assertion or the response")
        }
        let responseID = SAMLIdentifier.generate()
        let assertionID = SAMLIdentifier.generate()
        let assertion = assertionXML(id: assertionID, recipient: recipient, content: content, options: options, now: now)
        var xml = responseHead(id: responseID, recipient: recipient, now: now) + SAMLStatus.success.xml() + assertion + "</samlp:Response>"

        var pending: [String] = options.signAssertion ? [assertionID] : []
        if options.encryptAssertion {
            guard let certificate = sp.encryptionCertificates.first(where: { $0.publicKey.type.isRSAKey }) else {
                throw .noEncryptionCertificate(sp.entityID)
            }
            if !pending.isEmpty { xml = try sign(xml, ids: pending, declaration: false) }
            pending = []
            do {
                xml = try XMLEncryptor(recipient: certificate).encryptAssertions(inResponse: xml, includeDeclaration: false)
            } catch {
                throw .encryptionFailed(error)
            }
        }
        if options.signResponse { pending.append(responseID) }
        if !pending.isEmpty {
            xml = try sign(xml, ids: pending, declaration: options.includeXMLDeclaration)
        } else if options.includeXMLDeclaration {
            xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml
        }
        return SAMLResponse(id: responseID, assertionID: assertionID, xml: xml, destination: recipient.acsURL,
                            relayState: recipient.relayState)
    }

    /// An error `<samlp:Response>` with no assertion (SAML core §3.2.2),
    /// e.g. `SAMLStatus(.responder, .noPassive)` for IsPassive, or
    /// `error.status` for a `SAMLError` that carries an `ErrorReplyTarget`.
    public func buildErrorResponse(to recipient: ResponseRecipient, status: SAMLStatus, sign: Bool = true,
                                   now: Date) throws(SAMLError) -> SAMLResponse {
        let id = SAMLIdentifier.generate()
        var xml = responseHead(id: id, recipient: recipient, now: now) + status.xml() + "</samlp:Response>"
        xml = sign ? try self.sign(xml, ids: [id], declaration: true) : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + xml
        return SAMLResponse(id: id, assertionID: nil, xml: xml, destination: recipient.acsURL, relayState: recipient.relayState)
    }

    func sign(_ xml: String, ids: [String], declaration: Bool) throws(SAMLError) -> String {
        do {
            return try signer.sign(xml, elementIDs: ids, includeDeclaration: declaration)
        } catch {
            throw .signingFailed(error)
        }
    }

    private func responseHead(id: String, recipient: ResponseRecipient, now: Date) -> String {
        var out = "<samlp:Response xmlns:samlp=\"\(SAMLNamespace.protocol)\" xmlns:saml=\"\(SAMLNamespace.assertion)\""
        out += " ID=\"\(id)\" Version=\"2.0\" IssueInstant=\"\(SAMLTime.string(from: now))\""
        out += " Destination=\"\(XMLEscape.attribute(recipient.acsURL))\""
        if let inResponseTo = recipient.inResponseTo { out += " InResponseTo=\"\(XMLEscape.attribute(inResponseTo))\"" }
        return out + "><saml:Issuer>\(XMLEscape.text(entityID))</saml:Issuer>"
    }

    private func assertionXML(id: String, recipient: ResponseRecipient, content: AssertionContent,
                              options: ResponseOptions, now: Date) -> String {
        let issued = SAMLTime.string(from: now)
        let notOnOrAfter = SAMLTime.string(from: now.addingTimeInterval(options.validity))
        var out = "<saml:Assertion xmlns:saml=\"\(SAMLNamespace.assertion)\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\""
        out += " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" ID=\"\(id)\" Version=\"2.0\" IssueInstant=\"\(issued)\">"
        out += "<saml:Issuer>\(XMLEscape.text(entityID))</saml:Issuer>"
        out += "<saml:Subject>" + content.nameID.xml()
        out += "<saml:SubjectConfirmation Method=\"\(SubjectConfirmationMethod.bearer)\"><saml:SubjectConfirmationData"
        if let inResponseTo = recipient.inResponseTo { out += " InResponseTo=\"\(XMLEscape.attribute(inResponseTo))\"" }
        out += " NotOnOrAfter=\"\(notOnOrAfter)\" Recipient=\"\(XMLEscape.attribute(recipient.acsURL))\"/>"
        out += "</saml:SubjectConfirmation></saml:Subject>"
        out += "<saml:Conditions NotBefore=\"\(SAMLTime.string(from: now.addingTimeInterval(-options.notBeforeLeeway)))\""
        out += " NotOnOrAfter=\"\(notOnOrAfter)\"><saml:AudienceRestriction>"
        out += "<saml:Audience>\(XMLEscape.text(recipient.spEntityID))</saml:Audience></saml:AudienceRestriction></saml:Conditions>"
        out += "<saml:AuthnStatement AuthnInstant=\"\(SAMLTime.string(from: content.authnInstant))\""
        out += " SessionIndex=\"\(XMLEscape.attribute(content.sessionIndex))\""
        if let end = content.sessionNotOnOrAfter { out += " SessionNotOnOrAfter=\"\(SAMLTime.string(from: end))\"" }
        out += "><saml:AuthnContext><saml:AuthnContextClassRef>\(XMLEscape.text(content.authnContextClass))"
        out += "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
        if !content.attributes.isEmpty {
            out += "<saml:AttributeStatement>" + content.attributes.map { $0.xml() }.joined() + "</saml:AttributeStatement>"
        }
        return out + "</saml:Assertion>"
    }
}

extension KeyType {
    var isRSAKey: Bool { if case .rsa = self { return true } else { return false } }
}
