import Yams

/// Small typed accessors over a Yams node tree that record issues (with
/// line numbers) instead of throwing, so one load reports every problem.
struct YAMLReader {
    var issues: [ServiceRegistryIssue] = []

    mutating func report(_ kind: ServiceRegistryIssue.Kind, at node: Node?, service: String?) {
        issues.append(ServiceRegistryIssue(line: node?.mark?.line, serviceID: service, kind: kind))
    }

    /// The pairs of a mapping whose keys are all in `allowed`, or nil (and an
    /// issue) when `node` is not a mapping. Unknown keys are reported and dropped.
    mutating func mapping(_ node: Node, key: String, allowed: Set<String>,
                          service: String?) -> [(key: String, keyNode: Node, value: Node)]? {
        guard case .mapping(let mapping) = node else {
            report(.wrongType(key: key, expected: "a mapping"), at: node, service: service)
            return nil
        }
        var pairs: [(key: String, keyNode: Node, value: Node)] = []
        for (keyNode, value) in mapping {
            guard case .scalar(let scalar) = keyNode else {
                report(.wrongType(key: key, expected: "a mapping"), at: keyNode, service: service)
                continue
            }
            guard allowed.contains(scalar.string) else {
                report(.unknownKey(scalar.string), at: keyNode, service: service)
                continue
            }
            pairs.append((scalar.string, keyNode, value))
        }
        return pairs
    }

    /// The elements of a list, or nil (and an issue).
    mutating func list(_ node: Node, key: String, service: String?) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            report(.wrongType(key: key, expected: "a list"), at: node, service: service)
            return nil
        }
        return Array(sequence)
    }

    /// The text of a scalar, exactly as written (no type resolution, so `id: 123`
    /// is the text "123"), or nil (and an issue) for anything else.
    mutating func text(_ node: Node, key: String, service: String?) -> String? {
        guard case .scalar(let scalar) = node, scalar.tag != .init(.null) || !scalar.string.isEmpty else {
            report(.wrongType(key: key, expected: "text"), at: node, service: service)
            return nil
        }
        return scalar.string
    }

    /// `true` or `false` (YAML 1.2 core spellings), or nil (and an issue).
    mutating func bool(_ node: Node, key: String, service: String?) -> Bool? {
        if case .scalar(let scalar) = node {
            switch scalar.string {
            case "true", "True", "TRUE": return true
            case "false", "False", "FALSE": return false
            default: break
            }
        }
        report(.wrongType(key: key, expected: "true or false"), at: node, service: service)
        return nil
    }

    /// A match rule: a mapping with exactly one of `exact`, `prefix`, `pattern`.
    mutating func rule(_ node: Node, key: String, service: String?) -> MatchRule? {
        guard let pairs = mapping(node, key: key, allowed: ["exact", "prefix", "pattern"], service: service)
        else { return nil }
        guard pairs.count == 1, let pair = pairs.first else {
            report(.ruleCount(key: key, found: pairs.count), at: node, service: service)
            return nil
        }
        guard let value = text(pair.value, key: key + "." + pair.key, service: service) else { return nil }
        switch pair.key {
        case "exact": return .exact(value)
        case "prefix": return .prefix(value)
        default:
            do {
                return .pattern(try ServicePattern(value))
            } catch {
                switch error {
                case .notAnchored:
                    report(.patternNotAnchored(value), at: pair.value, service: service)
                case .invalid(let reason):
                    report(.invalidPattern(value, reason: reason), at: pair.value, service: service)
                }
            }
            return nil
        }
    }
}
