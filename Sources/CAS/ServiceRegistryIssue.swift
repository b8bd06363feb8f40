import Primitives

/// One problem found in services.yml (or in services given in code), with a
/// French message for the administrator and an English one for the log.
public struct ServiceRegistryIssue: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case yamlSyntax(String)
        case wrongType(key: String, expected: String)
        case unknownKey(String)
        case missingKey(String)
        case emptyValue(String)
        case duplicateID(String)
        case invalidID(String)
        /// `match` (or a callback rule) must hold exactly one of exact, prefix, pattern.
        case ruleCount(key: String, found: Int)
        case invalidURL(key: String, url: String, problem: ServiceURLProblem)
        case insecureURL(key: String, url: String)
        case prefixWithQuery(String)
        case patternNotAnchored(String)
        case invalidPattern(String, reason: String)
        case invalidEstablishment(String)
        case unknownServiceID(String)
    }

    /// 1-based line in services.yml, when known.
    public let line: Int?
    /// The service concerned, when known.
    public let serviceID: String?
    public let kind: Kind

    public init(line: Int?, serviceID: String?, kind: Kind) {
        self.line = line
        self.serviceID = serviceID
        self.kind = kind
    }

    /// "ligne 12, service « ent » : …" for the administrator.
    public var frenchMessage: String {
        var place: [String] = []
        if let line { place.append("ligne \(line)") }
        if let serviceID { place.append("service « \(serviceID) »") }
        let prefix = place.isEmpty ? "" : place.joined(separator: ", ") + " : "
        return prefix + french
    }

    /// "line 12, service 'ent': …" for the log.
    public var logMessage: String {
        var place: [String] = []
        if let line { place.append("line \(line)") }
        if let serviceID { place.append("service '\(serviceID)'") }
        let prefix = place.isEmpty ? "" : place.joined(separator: ", ") + ": "
        return prefix + english
    }

    public var description: String { logMessage }

    private var french: String {
        switch kind {
        case .yamlSyntax(let detail): "le fichier YAML est mal formé (\(detail))"
        case .wrongType(let key, let expected): "« \(key) » doit être \(Self.frenchType(expected))"
        case .unknownKey(let key): "clé inconnue « \(key) »"
        case .missingKey(let key): "la clé « \(key) » est obligatoire"
        case .emptyValue(let key): "« \(key) » ne doit pas être vide"
        case .duplicateID(let id): "l’identifiant « \(id) » est déjà utilisé par un autre service"
        case .invalidID(let id):
            "l’identifiant « \(id) » n’est pas valide (lettres, chiffres, . _ -, 64 caractères au plus)"
        case .ruleCount(let key, _): "« \(key) » doit contenir exactement une règle : exact, prefix ou pattern"
        case .invalidURL(let key, let url, let problem): "« \(key) » : \(url) : \(problem.french)"
        case .insecureURL(let key, let url):
            key == "proxyCallbacks"
                ? "« \(key) » : \(url) doit utiliser https (http seulement en local avec allowInsecure)"
                : "« \(key) » : \(url) doit utiliser https (http seulement en local ou avec allowInsecure)"
        case .prefixWithQuery(let url): "le préfixe \(url) ne doit contenir ni « ? » ni « # »"
        case .patternNotAnchored(let pattern): "l’expression \(pattern) doit commencer par ^ et finir par $"
        case .invalidPattern(let pattern, _): "l’expression \(pattern) n’est pas une expression régulière valide"
        case .invalidEstablishment(let uai): "« \(uai) » n’est pas un UAI valide (7 chiffres et une lettre)"
        case .unknownServiceID(let id): "aucun service n’a l’identifiant « \(id) »"
        }
    }

    private var english: String {
        switch kind {
        case .yamlSyntax(let detail): "malformed YAML (\(detail))"
        case .wrongType(let key, let expected): "'\(key)' must be \(expected)"
        case .unknownKey(let key): "unknown key '\(key)'"
        case .missingKey(let key): "missing required key '\(key)'"
        case .emptyValue(let key): "'\(key)' must not be empty"
        case .duplicateID(let id): "duplicate service id '\(id)'"
        case .invalidID(let id): "invalid service id '\(id)'"
        case .ruleCount(let key, let found): "'\(key)' must hold exactly one of exact, prefix, pattern (found \(found))"
        case .invalidURL(let key, let url, let problem): "'\(key)': \(url): \(problem)"
        case .insecureURL(let key, let url): "'\(key)': \(url) is not https and not allowed as http"
        case .prefixWithQuery(let url): "prefix \(url) must not contain '?' or '#'"
        case .patternNotAnchored(let pattern): "pattern \(pattern) must start with ^ and end with $"
        case .invalidPattern(let pattern, let reason): "pattern \(pattern) does not compile: \(reason)"
        case .invalidEstablishment(let uai): "'\(uai)' is not a UAI (seven digits and a letter)"
        case .unknownServiceID(let id): "no service has id '\(id)'"
        }
    }

    private static func frenchType(_ expected: String) -> String {
        switch expected {
        case "a mapping": "un dictionnaire (clé: valeur)"
        case "a list": "une liste"
        case "text": "un texte"
        case "true or false": "true ou false"
        default: expected
        }
    }
}

/// The problems that made services.yml (or a registry change) unacceptable.
public struct ServiceRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    public let issues: [ServiceRegistryIssue]

    public init(issues: [ServiceRegistryIssue]) {
        self.issues = issues
    }

    /// All issues in French, one per line, for the administrator.
    public var frenchMessage: String { issues.map(\.frenchMessage).joined(separator: "\n") }

    public var description: String { issues.map(\.logMessage).joined(separator: "; ") }
}
