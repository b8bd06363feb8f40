/// How a registered service recognises its URLs. Rules compare against the
/// normalised candidate (scheme and host in lower case, the rest unchanged).
public enum MatchRule: Sendable, Hashable {
    /// The whole URL, equal after normalising scheme and host: a different
    /// path case, an extra segment, a trailing slash or a query differ.
    case exact(String)
    /// The URL starts with this prefix and the prefix ends at a path
    /// boundary: either the prefix ends with `/`, or the URL continues with
    /// `/`, `?`, `#` or ends there. So `https://a.org/app` matches
    /// `https://a.org/app/x` and `https://a.org/app?x` but not
    /// `https://a.org/application`. The prefix has no query or fragment.
    case prefix(String)
    /// An anchored regular expression that must match the whole URL.
    case pattern(ServicePattern)

    /// The rule's text as written in services.yml.
    public var text: String {
        switch self {
        case .exact(let url), .prefix(let url): url
        case .pattern(let pattern): pattern.source
        }
    }

    /// The YAML key naming the rule's kind.
    public var kindName: String {
        switch self {
        case .exact: "exact"
        case .prefix: "prefix"
        case .pattern: "pattern"
        }
    }

    /// Whether the rule matches `url`, an already-parsed candidate. Exact and
    /// prefix texts must already be normalised (`normalised()`), as the
    /// registry does when it is built.
    func matches(_ url: ServiceURL) -> Bool {
        let candidate = url.normalised
        switch self {
        case .exact(let expected):
            // Compare bytes: String == would equate canonically-equivalent
            // Unicode spellings that servers may treat as different.
            return candidate.utf8.elementsEqual(expected.utf8)
        case .prefix(let prefix):
            let prefixBytes = Array(prefix.utf8)
            let bytes = Array(candidate.utf8)
            guard bytes.starts(with: prefixBytes) else { return false }
            if prefixBytes.last == UInt8(ascii: "/") || bytes.count == prefixBytes.count { return true }
            let next = bytes[prefixBytes.count]
            return next == UInt8(ascii: "/") || next == UInt8(ascii: "?") || next == UInt8(ascii: "#")
        case .pattern(let pattern):
            return pattern.matches(candidate)
        }
    }

    /// The same rule with scheme and host of exact and prefix URLs in lower case.
    func normalised() -> MatchRule {
        switch self {
        case .exact(let text): .exact((try? ServiceURL.parse(text).get())?.normalised ?? text)
        case .prefix(let text): .prefix((try? ServiceURL.parse(text).get())?.normalised ?? text)
        case .pattern: self
        }
    }

    /// Checks an exact or prefix rule at load time (patterns are checked by
    /// `ServicePattern.init`).
    func problem(policy: URLPolicy) -> URLRuleProblem? {
        switch self {
        case .pattern:
            return nil
        case .exact(let text), .prefix(let text):
            switch ServiceURL.parse(text) {
            case .failure(let problem):
                return .url(problem)
            case .success(let url):
                if case .prefix = self, url.hasQueryOrFragment { return .prefixWithQuery }
                return policy.permits(url) ? nil : .insecure
            }
        }
    }
}

/// A problem with a URL found in services.yml.
enum URLRuleProblem: Equatable {
    case url(ServiceURLProblem)
    case prefixWithQuery
    case insecure
}

/// Which URLs may use plain http.
enum URLPolicy {
    /// Service and logout URLs: https, or http on a loopback host, or any
    /// http when the registry sets `allowInsecure`.
    case service(allowInsecure: Bool)
    /// Proxy callbacks: https; http only on a loopback host and only when the
    /// registry sets `allowInsecure` (spec 2.5.4: the pgtUrl MUST be HTTPS).
    case callback(allowInsecure: Bool)

    func permits(_ url: ServiceURL) -> Bool {
        if url.isHTTPS { return true }
        switch self {
        case .service(let allowInsecure): return url.isLoopback || allowInsecure
        case .callback(let allowInsecure): return url.isLoopback && allowInsecure
        }
    }
}
