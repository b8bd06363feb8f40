import Foundation

/// A profile defined in configuration on top of a built-in one: some
/// attributes renamed, some dropped, some constants added. Attributes are
/// named by their `name` or their `friendlyName`.
public struct ProfileDefinition: Sendable, Equatable, Codable {
    public var base: String
    public var rename: [String: String]
    public var drop: [String]
    public var constants: [String: String]

    public init(base: String, rename: [String: String] = [:], drop: [String] = [], constants: [String: String] = [:]) {
        self.base = base; self.rename = rename; self.drop = drop; self.constants = constants
    }

    enum CodingKeys: String, CodingKey { case base, rename, drop, constants }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        base = try c.decode(String.self, forKey: .base)
        rename = try c.decodeIfPresent([String: String].self, forKey: .rename) ?? [:]
        drop = try c.decodeIfPresent([String].self, forKey: .drop) ?? []
        constants = try c.decodeIfPresent([String: String].self, forKey: .constants) ?? [:]
    }
}

extension AttributeProfile {
    /// Applies `definition` to `base`. Renamed attributes take the name
    /// format their new name implies (uri for `urn:` names, basic otherwise).
    public static func derived(name: String, from base: AttributeProfile, _ definition: ProfileDefinition) -> AttributeProfile {
        let dropped = Set(definition.drop)
        let constants = definition.constants.sorted { $0.key < $1.key }.map {
            ReleasedAttribute(name: $0.key, nameFormat: format(of: $0.key), values: [$0.value])
        }
        return AttributeProfile(name: name) { context in
            base.attributes(for: context).compactMap { attribute -> ReleasedAttribute? in
                let keys = [attribute.name] + (attribute.friendlyName.map { [$0] } ?? [])
                if keys.contains(where: dropped.contains) { return nil }
                guard let newName = keys.lazy.compactMap({ definition.rename[$0] }).first else { return attribute }
                return ReleasedAttribute(name: newName, nameFormat: format(of: newName), values: attribute.values)
            } + constants
        }
    }

    static func format(of name: String) -> String {
        name.hasPrefix("urn:") ? ReleasedAttribute.uriFormat : ReleasedAttribute.basicFormat
    }
}

/// Every profile a deployment knows: the built-in ones and those of its
/// configuration (metadata/profiles.yml).
public struct ProfileCatalog: Sendable {
    public let profiles: [String: AttributeProfile]

    public static let builtIn = ProfileCatalog(profiles: AttributeProfile.builtIn)

    /// Problems, in French, if a definition names an unknown base or
    /// overrides a built-in profile.
    public init(definitions: [String: ProfileDefinition]) throws(ProfileCatalogError) {
        var profiles = AttributeProfile.builtIn
        var problems: [String] = []
        for (name, definition) in definitions.sorted(by: { $0.key < $1.key }) {
            if AttributeProfile.builtIn[name] != nil { problems.append("le profil « \(name) » existe déjà (profil intégré)"); continue }
            guard name.range(of: "^[a-z0-9][a-z0-9._-]{0,63}$", options: .regularExpression) != nil else {
                problems.append("nom de profil invalide « \(name) »"); continue
            }
            guard let base = AttributeProfile.builtIn[definition.base] else {
                problems.append("le profil « \(name) » part d'un profil inconnu « \(definition.base) »"); continue
            }
            profiles[name] = .derived(name: name, from: base, definition)
        }
        if !problems.isEmpty { throw ProfileCatalogError(problems: problems) }
        self.profiles = profiles
    }

    init(profiles: [String: AttributeProfile]) { self.profiles = profiles }

    public subscript(name: String) -> AttributeProfile? { profiles[name] }
    public var names: [String] { profiles.keys.sorted() }
}

public struct ProfileCatalogError: Error, Sendable {
    public let problems: [String]
}
