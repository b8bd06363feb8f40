import XMLDSig

/// Everything this module refuses. Each case knows the SAML status to answer
/// the SP with (`status`), an English line for logs (`description`) and a
/// short French sentence for the person in front of the browser (`userMessage`).
public enum SAMLError: Error, Equatable, Sendable, CustomStringConvertible {
    // Transport and encoding
    case messageTooLarge(limit: Int)
    case invalidBase64
    case inflateFailed(InflateError)
    case invalidQuery(String)
    case missingMessage
    case relayStateTooLong(limit: Int)
    // XML
    case doctypeForbidden
    case malformedXML(String)
    case malformedMessage(String)
    case unexpectedMessage(expected: String, found: String)
    // Common request checks
    case unsupportedVersion(String)
    case invalidID
    case invalidIssueInstant
    case issuedInTheFuture
    case messageExpired
    case destinationMismatch(expected: String, found: String?)
    case missingIssuer
    case invalidIssuerFormat(String)
    case unknownServiceProvider(String)
    // Signatures
    case signatureRequired
    case signatureNotVerifiable(String)
    case signatureInvalid(XMLSignatureError)
    // AuthnRequest
    case unknownAssertionConsumerService(String)
    case unknownAssertionConsumerServiceIndex(Int)
    case conflictingAssertionConsumerService
    case noAssertionConsumerService
    case unsupportedProtocolBinding(String)
    case invalidNameIDPolicy(format: String, replyTo: ErrorReplyTarget)
    // Logout
    case unsupportedNameID(String)
    case inResponseToMismatch(expected: String?, found: String?)
    case noSingleLogoutService(String)
    // Metadata
    case invalidMetadata(String)
    case metadataExpired
    case entityNotFound(String)
    // Building messages
    case noEncryptionCertificate(String)
    case signingFailed(XMLSignatureError)
    case encryptionFailed(XMLSignatureError)
    case invalidConfiguration(String)

    /// The status to put in a Response or LogoutResponse, when the SP can be
    /// answered at all (see `ErrorReplyTarget`).
    public var status: SAMLStatus {
        switch self {
        case .unsupportedVersion(let v):
            return SAMLStatus(.versionMismatch, v.hasPrefix("1.") ? .requestVersionTooLow : .requestVersionTooHigh)
        case .unsupportedProtocolBinding: return SAMLStatus(.requester, .unsupportedBinding)
        case .invalidNameIDPolicy: return SAMLStatus(.requester, .invalidNameIDPolicy)
        case .unsupportedNameID: return SAMLStatus(.requester, .unknownPrincipal)
        case .unknownServiceProvider, .signatureRequired, .signatureNotVerifiable, .signatureInvalid,
             .issuedInTheFuture, .messageExpired, .destinationMismatch, .unknownAssertionConsumerService,
             .unknownAssertionConsumerServiceIndex, .doctypeForbidden, .messageTooLarge, .inflateFailed:
            return SAMLStatus(.requester, .requestDenied)
        case .noSingleLogoutService, .invalidMetadata, .metadataExpired, .entityNotFound, .noEncryptionCertificate,
             .signingFailed, .encryptionFailed, .invalidConfiguration, .noAssertionConsumerService:
            return SAMLStatus(.responder)
        default:
            return SAMLStatus(.requester)
        }
    }

    public var description: String {
        switch self {
        case .messageTooLarge(let l): return "SAML message larger than the \(l)-byte limit"
        case .invalidBase64: return "SAML message is not valid base64"
        case .inflateFailed(let e): return "SAML message does not inflate: \(e)"
        case .invalidQuery(let m): return "malformed query string: \(m)"
        case .missingMessage: return "no SAMLRequest or SAMLResponse parameter"
        case .relayStateTooLong(let l): return "RelayState longer than \(l) bytes"
        case .doctypeForbidden: return "SAML message has a DOCTYPE, which is forbidden"
        case .malformedXML(let m): return "SAML message is not well-formed XML: \(m)"
        case .malformedMessage(let m): return "SAML message is invalid: \(m)"
        case .unexpectedMessage(let e, let f): return "expected a \(e) message, got \(f)"
        case .unsupportedVersion(let v): return "unsupported SAML version '\(v)'"
        case .invalidID: return "message ID is missing or not a valid identifier"
        case .invalidIssueInstant: return "IssueInstant is missing or not a valid dateTime"
        case .issuedInTheFuture: return "IssueInstant is in the future beyond the allowed clock skew"
        case .messageExpired: return "message is too old or past its NotOnOrAfter"
        case .destinationMismatch(let e, let f): return "Destination '\(f ?? "(none)")' is not our endpoint '\(e)'"
        case .missingIssuer: return "message has no Issuer"
        case .invalidIssuerFormat(let f): return "Issuer Format '\(f)' is not the entity format"
        case .unknownServiceProvider(let i): return "Issuer '\(i)' is not a registered service provider"
        case .signatureRequired: return "message must be signed but is not"
        case .signatureNotVerifiable(let m): return "message is signed but cannot be verified: \(m)"
        case .signatureInvalid(let e): return "message signature is invalid: \(e)"
        case .unknownAssertionConsumerService(let u): return "AssertionConsumerServiceURL '\(u)' is not in the SP metadata"
        case .unknownAssertionConsumerServiceIndex(let i): return "AssertionConsumerServiceIndex \(i) is not in the SP metadata"
        case .conflictingAssertionConsumerService: return "AssertionConsumerServiceIndex given together with URL or ProtocolBinding"
        case .noAssertionConsumerService: return "SP metadata has no HTTP-POST AssertionConsumerService"
        case .unsupportedProtocolBinding(let b): return "ProtocolBinding '\(b)' is not supported (only HTTP-POST)"
        case .invalidNameIDPolicy(let f, _): return "NameIDPolicy Format '\(f)' is not supported"
        case .unsupportedNameID(let m): return "unsupported identifier in LogoutRequest: \(m)"
        case .inResponseToMismatch(let e, let f): return "InResponseTo '\(f ?? "(none)")' does not match '\(e ?? "(none)")'"
        case .noSingleLogoutService(let sp): return "SP '\(sp)' has no usable SingleLogoutService"
        case .invalidMetadata(let m): return "invalid SAML metadata: \(m)"
        case .metadataExpired: return "SAML metadata is past its validUntil"
        case .entityNotFound(let e): return "metadata has no SP entity '\(e)'"
        case .noEncryptionCertificate(let sp): return "SP '\(sp)' has no encryption certificate"
        case .signingFailed(let e): return "signing failed: \(e)"
        case .encryptionFailed(let e): return "encryption failed: \(e)"
        case .invalidConfiguration(let m): return "invalid IdP configuration: \(m)"
        }
    }

    /// Short French text for the error page (no jargon).
    public var userMessage: String {
        switch self {
        case .unknownServiceProvider, .entityNotFound:
            return "Ce service n’est pas reconnu par Sésame. Revenez au site d’où vous venez et réessayez, ou contactez son administrateur."
        case .issuedInTheFuture, .messageExpired:
            return "La demande de connexion a expiré. Revenez au site d’où vous venez et recommencez."
        case .signatureRequired, .signatureNotVerifiable, .signatureInvalid, .destinationMismatch,
             .unknownAssertionConsumerService, .unknownAssertionConsumerServiceIndex, .doctypeForbidden:
            return "La demande de connexion a été refusée pour des raisons de sécurité. Revenez au site d’où vous venez et réessayez."
        case .unsupportedProtocolBinding, .invalidNameIDPolicy, .unsupportedVersion, .noAssertionConsumerService,
             .conflictingAssertionConsumerService, .unsupportedNameID:
            return "Ce service demande une connexion que Sésame ne sait pas fournir. Contactez l’administrateur du service."
        case .noSingleLogoutService, .invalidMetadata, .metadataExpired, .noEncryptionCertificate, .signingFailed,
             .encryptionFailed, .invalidConfiguration:
            return "Sésame n’a pas pu terminer l’opération à cause d’un problème de configuration. Réessayez plus tard."
        default:
            return "La demande reçue est invalide. Revenez au site d’où vous venez et réessayez."
        }
    }
}

/// Where an error Response may be sent: only once the SP and its ACS are
/// known from trusted metadata (never to a URL taken from the request alone).
public struct ErrorReplyTarget: Equatable, Sendable {
    public let spEntityID: String
    public let acsURL: String
    public let inResponseTo: String
    public let relayState: String?
}
