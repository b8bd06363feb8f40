/// Why a stored hash string cannot be used. `scheme` is the tag as written in
/// the export (e.g. `{SSHA}`, `{CRYPT}$6$`), never the hash itself.
public enum LegacyHashError: LegacyCredentialsError, Equatable {
    /// Blank value.
    case empty
    /// A scheme tag this module has never heard of.
    case unknownScheme(String)
    /// A known scheme deliberately refused (unsalted digests, DES crypt...).
    case unsupportedScheme(String)
    /// The scheme is known but the value does not follow its format.
    case malformed(scheme: String, detail: String)
    /// Work factor above the configured ceiling: a hostile import must not be
    /// able to make each login attempt arbitrarily expensive.
    case costTooHigh(scheme: String, cost: Int, limit: Int)

    public var userMessage: String {
        switch self {
        case .empty:
            return "Le mot de passe chiffré est vide."
        case .unknownScheme(let scheme):
            return "Format de mot de passe chiffré inconnu : \(scheme)."
        case .unsupportedScheme(let scheme):
            return "Format de mot de passe chiffré non pris en charge (trop faible ou obsolète) : \(scheme)."
        case .malformed(let scheme, _):
            return "Mot de passe chiffré \(scheme) mal formé."
        case .costTooHigh(let scheme, let cost, let limit):
            return "Mot de passe chiffré \(scheme) refusé : coût \(cost) supérieur à la limite \(limit)."
        }
    }

    public var logMessage: String {
        switch self {
        case .empty:
            return "legacy hash: empty value"
        case .unknownScheme(let scheme):
            return "legacy hash: unknown scheme \(scheme)"
        case .unsupportedScheme(let scheme):
            return "legacy hash: unsupported scheme \(scheme)"
        case .malformed(let scheme, let detail):
            return "legacy hash: malformed \(scheme) value (\(detail))"
        case .costTooHigh(let scheme, let cost, let limit):
            return "legacy hash: \(scheme) cost \(cost) exceeds limit \(limit)"
        }
    }
}
