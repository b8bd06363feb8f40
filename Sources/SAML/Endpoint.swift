/// A metadata endpoint (SAML metadata §2.2.2, §2.2.3). `binding` is kept as
/// the raw URI: an SP may list bindings this module does not speak.
public struct Endpoint: Hashable, Sendable {
    public var binding: String
    public var location: String
    public var responseLocation: String?
    /// Only for indexed endpoints (AssertionConsumerService).
    public var index: Int?
    public var isDefault: Bool?

    public init(binding: String, location: String, responseLocation: String? = nil, index: Int? = nil, isDefault: Bool? = nil) {
        self.binding = binding
        self.location = location
        self.responseLocation = responseLocation
        self.index = index
        self.isDefault = isDefault
    }

    public var samlBinding: SAMLBinding? { SAMLBinding(rawValue: binding) }
}

extension [Endpoint] {
    /// Default endpoint among indexed ones (SAML metadata §2.2.3): the first
    /// with isDefault="true", else the first without isDefault="false",
    /// else the first.
    func defaultEndpoint() -> Endpoint? {
        first { $0.isDefault == true } ?? first { $0.isDefault == nil } ?? first
    }
}
