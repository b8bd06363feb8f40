/// Every failure of the FranceConnect login. `userMessage` is French and safe to show;
/// `logMessage` is English and carries the technical detail for operators.
public enum FranceConnectError: Error, Equatable, Sendable {
    // Configuration and provider metadata
    case invalidConfiguration(String)
    case invalidMetadata(String)
    case insecureEndpoint(String)
    // Callback
    case userCancelled
    case providerError(code: String, description: String?)
    case invalidCallback(String)
    case stateMismatch
    // Transport
    case providerUnreachable(endpoint: String, detail: String)
    case timeout(endpoint: String)
    case unexpectedStatus(endpoint: String, status: Int, body: String)
    case invalidResponse(endpoint: String, reason: String)
    // Token verification
    case malformedToken(String)
    case unsignedToken
    case algorithmNotAllowed(String)
    case unknownKeyID(String?)
    case badSignature
    case issuerMismatch(expected: String, actual: String?)
    case audienceMismatch
    case authorizedPartyMismatch
    case tokenExpired
    case tokenNotYetValid
    case nonceMismatch
    case acrTooLow(required: String, actual: String?)
    case missingClaim(String)
    case invalidClaim(String)
    case subjectMismatch
    // Demo provider
    case invalidGrant(String)

    public var userMessage: String {
        switch self {
        case .userCancelled:
            return "La connexion avec FranceConnect a été annulée."
        case .providerUnreachable, .timeout, .unexpectedStatus:
            return "FranceConnect ne répond pas. Réessayez plus tard ou connectez-vous avec votre identifiant."
        case .stateMismatch, .invalidCallback:
            return "La connexion avec FranceConnect a expiré ou a été interrompue. Veuillez recommencer."
        case .acrTooLow:
            return "Le niveau de sécurité de votre connexion FranceConnect est insuffisant pour ce service."
        case .providerError:
            return "FranceConnect a refusé la connexion. Réessayez ou connectez-vous avec votre identifiant."
        case .invalidConfiguration, .invalidMetadata, .insecureEndpoint:
            return "La connexion avec FranceConnect est momentanément indisponible. Connectez-vous avec votre identifiant."
        case .invalidGrant:
            return "Ce lien de connexion n'est plus valable. Veuillez recommencer."
        default:
            return "Nous n'avons pas pu vérifier votre identité auprès de FranceConnect. Veuillez recommencer."
        }
    }

    public var logMessage: String {
        switch self {
        case .invalidConfiguration(let why): return "invalid FranceConnect client configuration: \(why)"
        case .invalidMetadata(let why): return "invalid provider metadata: \(why)"
        case .insecureEndpoint(let url): return "refusing non-https endpoint \(url)"
        case .userCancelled: return "user cancelled at the provider (access_denied)"
        case .providerError(let code, let description):
            return "provider returned error \(code): \(description ?? "-")"
        case .invalidCallback(let why): return "invalid callback: \(why)"
        case .stateMismatch: return "callback state does not match the stored state"
        case .providerUnreachable(let endpoint, let detail): return "cannot reach \(endpoint): \(detail)"
        case .timeout(let endpoint): return "timed out calling \(endpoint)"
        case .unexpectedStatus(let endpoint, let status, let body):
            return "\(endpoint) answered HTTP \(status): \(body.prefix(300))"
        case .invalidResponse(let endpoint, let reason): return "invalid response from \(endpoint): \(reason)"
        case .malformedToken(let why): return "malformed JWT: \(why)"
        case .unsignedToken: return "refused unsigned JWT (alg none)"
        case .algorithmNotAllowed(let alg): return "JWT algorithm \(alg) is not allowed for this provider"
        case .unknownKeyID(let kid): return "no provider key with kid \(kid ?? "<none>")"
        case .badSignature: return "JWT signature verification failed"
        case .issuerMismatch(let expected, let actual):
            return "issuer mismatch: expected \(expected), got \(actual ?? "<none>")"
        case .audienceMismatch: return "JWT audience does not contain our client id"
        case .authorizedPartyMismatch: return "JWT azp is missing or is not our client id"
        case .tokenExpired: return "JWT has expired"
        case .tokenNotYetValid: return "JWT iat/nbf is in the future"
        case .nonceMismatch: return "ID token nonce does not match the stored nonce"
        case .acrTooLow(let required, let actual):
            return "acr \(actual ?? "<none>") is below the required \(required)"
        case .missingClaim(let name): return "required claim \(name) is missing"
        case .invalidClaim(let name): return "claim \(name) has an invalid value"
        case .subjectMismatch: return "userinfo sub differs from the ID token sub"
        case .invalidGrant(let why): return "invalid grant: \(why)"
        }
    }
}

extension FranceConnectError: CustomStringConvertible {
    public var description: String { logMessage }
}
