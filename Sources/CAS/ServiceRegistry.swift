/// The services allowed to use this CAS server, in order: the first service
/// whose rule matches a URL wins.
public struct ServiceRegistry: Sendable, Hashable {
    public let services: [RegisteredService]
    /// Lets service and logout URLs use plain http on any host, and proxy
    /// callbacks use http on loopback hosts. For development only.
    public let allowInsecure: Bool

    /// Builds a registry, checking every service (ids, URLs, UAIs…). Exact
    /// and prefix rules are stored with scheme and host in lower case.
    public init(services: [RegisteredService], allowInsecure: Bool = false) throws(ServiceRegistryError) {
        var issues: [ServiceRegistryIssue] = []
        var seen: Set<String> = []
        var checked: [RegisteredService] = []
        for var service in services {
            for (_, kind) in service.problems(allowInsecure: allowInsecure) {
                issues.append(ServiceRegistryIssue(line: nil, serviceID: service.id, kind: kind))
            }
            if !seen.insert(service.id).inserted {
                issues.append(ServiceRegistryIssue(line: nil, serviceID: service.id, kind: .duplicateID(service.id)))
            }
            service.match = service.match.normalised()
            service.proxyCallbacks = service.proxyCallbacks.map { $0.normalised() }
            checked.append(service)
        }
        if !issues.isEmpty { throw ServiceRegistryError(issues: issues) }
        self.services = checked
        self.allowInsecure = allowInsecure
    }

    /// An empty registry: no service may use CAS.
    public static let empty = try! ServiceRegistry(services: [])

    /// The first service whose rule matches `url`, or nil. URLs longer than
    /// 2048 bytes, with control characters, spaces, backslashes, `< > " ``,
    /// user information, dot segments, a non-http(s) scheme, or plain http
    /// where the registry does not allow it never match.
    public func service(for url: String) -> RegisteredService? {
        guard case .success(let parsed) = ServiceURL.parse(url),
              URLPolicy.service(allowInsecure: allowInsecure).permits(parsed) else { return nil }
        return services.first { $0.match.matches(parsed) }
    }

    /// The service with this id, or nil.
    public func service(withID id: String) -> RegisteredService? {
        services.first { $0.id == id }
    }

    /// A registry with `service` added at the end (for `sesame cas-service add`).
    public func adding(_ service: RegisteredService) throws(ServiceRegistryError) -> ServiceRegistry {
        try ServiceRegistry(services: services + [service], allowInsecure: allowInsecure)
    }

    /// A registry without the service `id` (for `sesame cas-service remove`).
    public func removing(id: String) throws(ServiceRegistryError) -> ServiceRegistry {
        guard services.contains(where: { $0.id == id }) else {
            throw ServiceRegistryError(issues: [
                ServiceRegistryIssue(line: nil, serviceID: id, kind: .unknownServiceID(id)),
            ])
        }
        return try ServiceRegistry(services: services.filter { $0.id != id }, allowInsecure: allowInsecure)
    }

    /// Whether two service URLs name the same service endpoint: equal after
    /// normalising scheme and host (spec 2.5.3 INVALID_SERVICE compares the
    /// validation's `service` with the one the ticket was issued for).
    public static func sameService(_ a: String, _ b: String) -> Bool {
        switch (ServiceURL.parse(a), ServiceURL.parse(b)) {
        case (.success(let x), .success(let y)): x.normalised.utf8.elementsEqual(y.normalised.utf8)
        default: a.utf8.elementsEqual(b.utf8)
        }
    }
}
