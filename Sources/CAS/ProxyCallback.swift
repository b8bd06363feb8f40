import Primitives

/// Why a `pgtUrl` was refused.
public enum ProxyCallbackError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The service has no allowed callbacks: it may not proxy.
    case serviceMayNotProxy(serviceID: String)
    /// Not a usable URL.
    case invalidURL(ServiceURLProblem)
    /// Plain http (spec 2.5.4: the pgtUrl MUST be HTTPS); allowed only on a
    /// loopback host when the registry sets `allowInsecure`.
    case notHTTPS
    /// A good URL, but none of the service's callback rules matches it.
    case notAllowed

    /// UNAUTHORIZED_SERVICE_PROXY when the service may not proxy at all,
    /// INVALID_PROXY_CALLBACK otherwise (spec 2.5.3).
    public var failureCode: CASFailureCode {
        if case .serviceMayNotProxy = self { return .unauthorizedServiceProxy }
        return .invalidProxyCallback
    }

    public var description: String {
        switch self {
        case .serviceMayNotProxy: "The service is not authorized to perform proxy authentication"
        case .invalidURL(let problem): "The proxy callback URL is invalid: \(problem)"
        case .notHTTPS: "The proxy callback URL must use https"
        case .notAllowed: "The proxy callback URL is not registered for this service"
        }
    }

    public var failure: CASFailure { CASFailure(code: failureCode, message: description) }
}

extension ServiceRegistry {
    /// Checks `pgtUrl` against the callbacks `service` registered. On success
    /// the caller GETs `ProxyCallback.callbackURL(…)` and, on HTTP 200, puts
    /// the IOU in the response; the identifying URL for a later `cas:proxy`
    /// entry is `pgtUrl` exactly as given (spec 2.5.4 step 3).
    public func checkProxyCallback(_ pgtUrl: String,
                                   for service: RegisteredService) throws(ProxyCallbackError) {
        guard service.mayProxy else { throw .serviceMayNotProxy(serviceID: service.id) }
        let url: ServiceURL
        switch ServiceURL.parse(pgtUrl) {
        case .failure(let problem): throw .invalidURL(problem)
        case .success(let parsed): url = parsed
        }
        guard URLPolicy.callback(allowInsecure: allowInsecure).permits(url) else { throw .notHTTPS }
        guard service.proxyCallbacks.contains(where: { $0.matches(url) }) else { throw .notAllowed }
    }
}

/// Building the proxy callback request (spec 2.5.4 step 2).
public enum ProxyCallback {
    /// `pgtUrl` with `pgtIou` and `pgtId` appended as query parameters,
    /// keeping its own parameters and any fragment ("If the proxy callback url
    /// specifies any parameters, those MUST be preserved").
    public static func callbackURL(pgtUrl: String, pgtIou: Ticket, pgtId: Ticket) -> String {
        precondition(pgtIou.kind == .proxyGrantingIOU && pgtId.kind == .proxyGranting)
        return PercentEncoding.appending([("pgtIou", pgtIou.value), ("pgtId", pgtId.value)], to: pgtUrl)
    }
}
