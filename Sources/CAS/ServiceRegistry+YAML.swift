import Yams

extension ServiceRegistry {
    static let topLevelKeys: Set<String> = ["allowInsecure", "services"]
    static let serviceKeys: Set<String> = [
        "id", "name", "match", "profile", "establishments", "proxyCallbacks", "logout",
    ]
    static let logoutKeys: Set<String> = ["url", "singleLogout"]

    /// Loads services.yml (schema in NOTES.md). Every problem found is
    /// reported at once, each with its line and service id when known.
    /// An empty document is an empty registry.
    /// `allowInsecure` set by the caller (demo mode) adds to the file's own flag.
    public static func load(yaml: String, allowInsecure forced: Bool = false) throws(ServiceRegistryError) -> ServiceRegistry {
        var reader = YAMLReader()
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            throw ServiceRegistryError(issues: [Self.syntaxIssue(error)])
        }
        guard let root else { return .empty }
        guard let top = reader.mapping(root, key: "services.yml", allowed: topLevelKeys, service: nil) else {
            throw ServiceRegistryError(issues: reader.issues)
        }
        var allowInsecure = forced
        var drafts: [(service: RegisteredService, lines: [String: Int])] = []
        for entry in top {
            switch entry.key {
            case "allowInsecure":
                allowInsecure = (reader.bool(entry.value, key: "allowInsecure", service: nil) ?? false) || forced
            default:
                if case .scalar(let scalar) = entry.value, scalar.string.isEmpty { continue } // `services:`
                for node in reader.list(entry.value, key: "services", service: nil) ?? [] {
                    if let draft = readService(node, reader: &reader) { drafts.append(draft) }
                }
            }
        }
        var seen: Set<String> = []
        for (service, lines) in drafts {
            for (key, kind) in service.problems(allowInsecure: allowInsecure) {
                reader.issues.append(ServiceRegistryIssue(line: lines[key] ?? lines[""],
                                                          serviceID: service.id, kind: kind))
            }
            if !seen.insert(service.id).inserted {
                reader.issues.append(ServiceRegistryIssue(line: lines["id"] ?? lines[""],
                                                          serviceID: service.id, kind: .duplicateID(service.id)))
            }
        }
        if !reader.issues.isEmpty {
            throw ServiceRegistryError(issues: reader.issues.sorted { ($0.line ?? 0) < ($1.line ?? 0) })
        }
        return try ServiceRegistry(services: drafts.map(\.service), allowInsecure: allowInsecure)
    }

    /// One service entry, or nil when it cannot be read at all. `lines` maps
    /// keys (and "" for the entry itself) to their line numbers.
    private static func readService(_ node: Node, reader: inout YAMLReader)
        -> (service: RegisteredService, lines: [String: Int])? {
        let firstIssue = reader.issues.count
        // Read the id first so that every other issue can name the service.
        var id: String?
        if case .mapping(let mapping) = node, let idNode = mapping["id"] {
            id = reader.text(idNode, key: "id", service: nil)
        }
        guard let pairs = reader.mapping(node, key: "services[]", allowed: serviceKeys, service: id) else {
            return nil
        }
        var lines: [String: Int] = ["": node.mark?.line ?? 0]
        var name: String?, match: MatchRule?, profile: String?, logoutURL: String?
        var establishments: [String] = [], callbacks: [MatchRule] = [], singleLogout = false
        for (key, keyNode, value) in pairs {
            lines[key] = keyNode.mark?.line
            switch key {
            case "id": break
            case "name": name = reader.text(value, key: key, service: id)
            case "profile": profile = reader.text(value, key: key, service: id)
            case "match": match = reader.rule(value, key: key, service: id)
            case "establishments":
                establishments = (reader.list(value, key: key, service: id) ?? [])
                    .compactMap { reader.text($0, key: key, service: id) }
            case "proxyCallbacks":
                callbacks = (reader.list(value, key: key, service: id) ?? [])
                    .compactMap { reader.rule($0, key: key, service: id) }
            default: // logout
                for (sub, subKey, subValue) in reader.mapping(value, key: key, allowed: logoutKeys,
                                                               service: id) ?? [] {
                    lines["logout." + sub] = subKey.mark?.line
                    if sub == "url" {
                        logoutURL = reader.text(subValue, key: "logout.url", service: id)
                    } else {
                        singleLogout = reader.bool(subValue, key: "logout.singleLogout", service: id) ?? false
                    }
                }
            }
        }
        for (key, value) in [("id", id), ("name", name), ("profile", profile)] where value == nil
            && !pairs.contains(where: { $0.key == key }) {
            reader.report(.missingKey(key), at: node, service: id)
        }
        if match == nil, !pairs.contains(where: { $0.key == "match" }) {
            reader.report(.missingKey("match"), at: node, service: id)
        }
        guard reader.issues.count == firstIssue, let id, let name, let profile, let match else { return nil }
        let service = RegisteredService(id: id, name: name, match: match, profile: profile,
                                        establishments: establishments, proxyCallbacks: callbacks,
                                        logoutURL: logoutURL, singleLogout: singleLogout)
        return (service, lines)
    }

    private static func syntaxIssue(_ error: any Error) -> ServiceRegistryIssue {
        switch error as? YamlError {
        case .scanner(_, let problem, let mark, _), .parser(_, let problem, let mark, _),
             .composer(_, let problem, let mark, _):
            return ServiceRegistryIssue(line: mark.line, serviceID: nil, kind: .yamlSyntax(problem))
        case .duplicatedKeysInMapping(let duplicates, _):
            return ServiceRegistryIssue(line: nil, serviceID: nil,
                                        kind: .yamlSyntax("duplicate keys: " + duplicates.joined(separator: ", ")))
        default:
            return ServiceRegistryIssue(line: nil, serviceID: nil, kind: .yamlSyntax(String(describing: error)))
        }
    }
}
