/// The CAS URIs (spec section 2), relative to the CAS base path.
public enum CASEndpoint: String, Sendable, Hashable, CaseIterable {
    case login = "/login"
    case logout = "/logout"
    case validate = "/validate"
    case serviceValidate = "/serviceValidate"
    case proxyValidate = "/proxyValidate"
    case proxy = "/proxy"
    case p3ServiceValidate = "/p3/serviceValidate"
    case p3ProxyValidate = "/p3/proxyValidate"

    /// The path below the CAS base, e.g. `/p3/serviceValidate`.
    public var path: String { rawValue }

    /// Whether this endpoint validates a ticket (`service` + `ticket`).
    public var isValidation: Bool {
        switch self {
        case .validate, .serviceValidate, .proxyValidate, .p3ServiceValidate, .p3ProxyValidate: true
        case .login, .logout, .proxy: false
        }
    }

    /// The ticket kinds this endpoint accepts in its ticket parameter:
    /// /validate and the serviceValidate endpoints only service tickets
    /// (spec 2.4, 2.5: they MUST NOT validate proxy tickets), the
    /// proxyValidate endpoints service and proxy tickets (2.6, 2.9), /proxy a
    /// proxy-granting ticket (2.7.1). Empty for /login and /logout.
    public var acceptedTicketKinds: Set<TicketKind> {
        switch self {
        case .validate, .serviceValidate, .p3ServiceValidate: [.service]
        case .proxyValidate, .p3ProxyValidate: [.service, .proxy]
        case .proxy: [.proxyGranting]
        case .login, .logout: []
        }
    }

    /// Whether a successful validation here may issue a proxy-granting ticket
    /// (`pgtUrl`): the CAS 2.0 and 3.0 validation endpoints, not /validate.
    public var acceptsProxyCallback: Bool { isValidation && self != .validate }

    /// Whether success responses carry `cas:attributes` (CAS 3.0, spec 2.8).
    public var releasesAttributes: Bool { self == .p3ServiceValidate || self == .p3ProxyValidate }

    /// The endpoint for a path such as `/p3/serviceValidate`, if any.
    public init?(path: String) {
        self.init(rawValue: path)
    }
}
