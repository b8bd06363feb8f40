import Yams

extension ServiceRegistry {
    /// services.yml text for this registry (for `sesame cas-service add|remove`).
    /// `ServiceRegistry.load(yaml:)` reads it back to an equal registry.
    /// Comments of a hand-written file are not kept.
    public func yaml() -> String {
        var top: [(Node, Node)] = []
        if allowInsecure { top.append((Self.key("allowInsecure"), Self.flag(true))) }
        top.append((Self.key("services"), Node(services.map(Self.node(for:)), .implicit, .block)))
        let header = "# Services allowed to use the Sesame CAS server (schema: CAS module NOTES.md).\n"
        // Plain strings, booleans, lists and mappings always serialise.
        let body = (try? Yams.serialize(node: Node(top, .implicit, .block), width: -1,
                                        allowUnicode: true)) ?? ""
        return header + body
    }

    private static func node(for service: RegisteredService) -> Node {
        var pairs: [(Node, Node)] = [
            (key("id"), text(service.id)),
            (key("name"), text(service.name)),
            (key("match"), rule(service.match)),
            (key("profile"), text(service.profile)),
        ]
        if !service.establishments.isEmpty {
            pairs.append((key("establishments"), Node(service.establishments.map(text), .implicit, .flow)))
        }
        if !service.proxyCallbacks.isEmpty {
            pairs.append((key("proxyCallbacks"), Node(service.proxyCallbacks.map(rule), .implicit, .block)))
        }
        if service.logoutURL != nil || service.singleLogout {
            var logout: [(Node, Node)] = []
            if let url = service.logoutURL { logout.append((key("url"), text(url))) }
            logout.append((key("singleLogout"), flag(service.singleLogout)))
            pairs.append((key("logout"), Node(logout, .implicit, .flow)))
        }
        return Node(pairs, .implicit, .block)
    }

    private static func rule(_ rule: MatchRule) -> Node {
        Node([(key(rule.kindName), text(rule.text))], .implicit, .flow)
    }

    private static func key(_ name: String) -> Node { Node(name, .implicit, .plain) }

    /// Double-quoted so that no value is ever read back as a number, a
    /// boolean or null, and backslashes in patterns survive.
    private static func text(_ value: String) -> Node { Node(value, .implicit, .doubleQuoted) }

    private static func flag(_ value: Bool) -> Node { Node(value ? "true" : "false", .implicit, .plain) }
}
