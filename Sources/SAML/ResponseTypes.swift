import Foundation

/// Who gets the Response. Build it from a validated request, or for
/// IdP-initiated (unsolicited) SSO from metadata (SAML profiles §4.1.5).
public struct ResponseRecipient: Sendable, Equatable {
    public let spEntityID: String
    public let acsURL: String
    /// nil for unsolicited responses (then InResponseTo is omitted).
    public let inResponseTo: String?
    public let relayState: String?

    public init(request: AuthnRequest) {
        spEntityID = request.issuer
        acsURL = request.acsURL
        inResponseTo = request.id
        relayState = request.relayState
    }

    public init(errorTarget: ErrorReplyTarget) {
        spEntityID = errorTarget.spEntityID
        acsURL = errorTarget.acsURL
        inResponseTo = errorTarget.inResponseTo
        relayState = errorTarget.relayState
    }

    /// Unsolicited: the ACS must be a POST endpoint of the SP's metadata
    /// (the default one when `acsURL` is nil).
    public static func unsolicited(sp: SPMetadata, acsURL: String? = nil, relayState: String? = nil) throws(SAMLError) -> ResponseRecipient {
        let endpoints = sp.postAssertionConsumerServices
        let endpoint: Endpoint?
        if let acsURL {
            endpoint = endpoints.first { $0.location == acsURL }
            guard endpoint != nil else { throw .unknownAssertionConsumerService(acsURL) }
        } else {
            endpoint = endpoints.defaultEndpoint()
        }
        guard let endpoint else { throw .noAssertionConsumerService }
        return ResponseRecipient(spEntityID: sp.entityID, acsURL: endpoint.location, inResponseTo: nil, relayState: relayState)
    }

    /// For a request validated earlier and kept by the web layer while the
    /// person logged in: the values must come from `init(request:)`.
    public init(spEntityID: String, acsURL: String, inResponseTo: String?, relayState: String?) {
        self.spEntityID = spEntityID
        self.acsURL = acsURL
        self.inResponseTo = inResponseTo
        self.relayState = relayState
    }
}

/// What the assertion says about the person.
public struct AssertionContent: Sendable, Equatable {
    public var nameID: NameID
    public var sessionIndex: String
    public var authnInstant: Date
    public var authnContextClass: String
    public var attributes: [SAMLAttribute]
    /// Optional SessionNotOnOrAfter on the AuthnStatement.
    public var sessionNotOnOrAfter: Date?

    public init(nameID: NameID, sessionIndex: String, authnInstant: Date,
                authnContextClass: String = AuthnContextClass.passwordProtectedTransport,
                attributes: [SAMLAttribute] = [], sessionNotOnOrAfter: Date? = nil) {
        self.nameID = nameID
        self.sessionIndex = sessionIndex
        self.authnInstant = authnInstant
        self.authnContextClass = authnContextClass
        self.attributes = attributes
        self.sessionNotOnOrAfter = sessionNotOnOrAfter
    }
}

/// Per-SP choices.
public struct ResponseOptions: Sendable, Equatable {
    public var signAssertion = true
    public var signResponse = false
    /// Encrypt for the SP's first encryption certificate (EncryptedAssertion).
    public var encryptAssertion = false
    /// NotOnOrAfter of the Conditions and of SubjectConfirmationData.
    public var validity: TimeInterval = 300
    /// Conditions/NotBefore is set this far before now, for SPs whose clock lags.
    public var notBeforeLeeway: TimeInterval = 60
    /// Add the "<?xml …?>" declaration.
    public var includeXMLDeclaration = true

    public init(signAssertion: Bool = true, signResponse: Bool = false, encryptAssertion: Bool = false,
                validity: TimeInterval = 300) {
        self.signAssertion = signAssertion
        self.signResponse = signResponse
        self.encryptAssertion = encryptAssertion
        self.validity = validity
    }
}

/// A built `<samlp:Response>`.
public struct SAMLResponse: Sendable, Equatable {
    public let id: String
    /// nil in an error Response.
    public let assertionID: String?
    public let xml: String
    public let destination: String
    public let relayState: String?

    /// The HTTP-POST form to render (SAMLResponse = base64 of `xml`).
    public var postForm: PostForm { PostForm(url: destination, kind: .response, xml: xml, relayState: relayState) }
}
