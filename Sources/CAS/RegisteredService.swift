import Foundation
import Primitives

/// A service (application) allowed to use this CAS server.
public struct RegisteredService: Sendable, Hashable {
    /// Stable identifier: `[A-Za-z0-9][A-Za-z0-9._-]{0,63}`, unique in the registry.
    public var id: String
    /// Display name shown to users and admins.
    public var name: String
    /// Which service URLs belong to this service.
    public var match: MatchRule
    /// The attribute profile (release policy) name; interpreted by the web layer.
    public var profile: String
    /// UAIs of the establishments this service serves (`0861002X`: seven
    /// digits and a letter). Stored and round-tripped; the policy they imply
    /// is the web layer's.
    public var establishments: [String]
    /// Callback URLs allowed as `pgtUrl`; empty means the service may not
    /// proxy (UNAUTHORIZED_SERVICE_PROXY).
    public var proxyCallbacks: [MatchRule]
    /// Where single-logout messages are POSTed; nil means the service URL the
    /// ticket was issued for (spec 2.3.3).
    public var logoutURL: String?
    /// Whether this service wants back-channel single-logout messages.
    public var singleLogout: Bool

    public init(id: String,
                name: String,
                match: MatchRule,
                profile: String,
                establishments: [String] = [],
                proxyCallbacks: [MatchRule] = [],
                logoutURL: String? = nil,
                singleLogout: Bool = false) {
        self.id = id
        self.name = name
        self.match = match
        self.profile = profile
        self.establishments = establishments
        self.proxyCallbacks = proxyCallbacks
        self.logoutURL = logoutURL
        self.singleLogout = singleLogout
    }

    /// Whether the service may ask for proxy-granting tickets at all.
    public var mayProxy: Bool { !proxyCallbacks.isEmpty }

    /// The URL to POST a single-logout message to for a ticket issued to
    /// `serviceURL`, or nil when the service does not want single logout.
    public func singleLogoutTarget(serviceURL: String) -> String? {
        singleLogout ? (logoutURL ?? serviceURL) : nil
    }

    /// Whether `text` is a valid service id.
    public static func isValidID(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard (1...64).contains(bytes.count), isAlphanumeric(bytes[0]) else { return false }
        return bytes.allSatisfy { isAlphanumeric($0) || $0 == UInt8(ascii: ".")
            || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// Whether `text` looks like a UAI: seven digits and an upper-case letter.
    /// (The check letter itself is not verified.)
    public static func isValidUAI(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        return bytes.count == 8
            && bytes.prefix(7).allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            && (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(bytes[7])
    }

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(b) || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(b)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b)
    }

    /// Everything wrong with this service under `allowInsecure`, each with the
    /// services.yml key it concerns (`match`, `logout.url`, …).
    func problems(allowInsecure: Bool) -> [(key: String, kind: ServiceRegistryIssue.Kind)] {
        var found: [(key: String, kind: ServiceRegistryIssue.Kind)] = []
        if !Self.isValidID(id) { found.append(("id", .invalidID(id))) }
        if name.trimmingCharacters(in: .whitespaces).isEmpty { found.append(("name", .emptyValue("name"))) }
        if profile.trimmingCharacters(in: .whitespaces).isEmpty {
            found.append(("profile", .emptyValue("profile")))
        }
        for uai in establishments where !Self.isValidUAI(uai) {
            found.append(("establishments", .invalidEstablishment(uai)))
        }
        if let problem = match.problem(policy: .service(allowInsecure: allowInsecure)) {
            found.append(("match", .init(problem, key: "match", url: match.text)))
        }
        for rule in proxyCallbacks {
            if let problem = rule.problem(policy: .callback(allowInsecure: allowInsecure)) {
                found.append(("proxyCallbacks", .init(problem, key: "proxyCallbacks", url: rule.text)))
            }
        }
        if let logoutURL {
            switch ServiceURL.parse(logoutURL) {
            case .failure(let problem):
                found.append(("logout.url", .invalidURL(key: "logout.url", url: logoutURL, problem: problem)))
            case .success(let url) where !URLPolicy.service(allowInsecure: allowInsecure).permits(url):
                found.append(("logout.url", .insecureURL(key: "logout.url", url: logoutURL)))
            case .success:
                break
            }
        }
        return found
    }
}

extension ServiceRegistryIssue.Kind {
    init(_ problem: URLRuleProblem, key: String, url: String) {
        switch problem {
        case .url(let urlProblem): self = .invalidURL(key: key, url: url, problem: urlProblem)
        case .prefixWithQuery: self = .prefixWithQuery(url)
        case .insecure: self = .insecureURL(key: key, url: url)
        }
    }
}
