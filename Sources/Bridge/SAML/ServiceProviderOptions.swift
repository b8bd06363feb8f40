import Foundation

/// How one SAML service provider is answered (metadata/saml.yml).
public struct ServiceProviderOptions: Sendable, Equatable, Codable {
    /// Shown to people (establishment choice, account page); the entity ID's host when absent.
    public var name: String?
    /// Attribute profile: educonnect (default), aten, cas-ent.
    public var profile: String
    /// `persistent` (pairwise, default) or `transient`.
    public var nameIDFormat: String
    public var signAssertion: Bool
    public var signResponse: Bool
    public var encryptAssertion: Bool
    /// Establishments the portal serves (empty: all).
    public var establishments: [String]

    public init(name: String? = nil, profile: String = "educonnect", nameIDFormat: String = "persistent", signAssertion: Bool = true,
                signResponse: Bool = false, encryptAssertion: Bool = false, establishments: [String] = []) {
        self.name = name; self.profile = profile; self.nameIDFormat = nameIDFormat; self.signAssertion = signAssertion
        self.signResponse = signResponse; self.encryptAssertion = encryptAssertion; self.establishments = establishments
    }

    enum CodingKeys: String, CodingKey { case name, profile, nameIDFormat, signAssertion, signResponse, encryptAssertion, establishments }

    /// Every key is optional in the file; defaults fill the rest.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ServiceProviderOptions()
        name = try c.decodeIfPresent(String.self, forKey: .name)
        profile = try c.decodeIfPresent(String.self, forKey: .profile) ?? d.profile
        nameIDFormat = try c.decodeIfPresent(String.self, forKey: .nameIDFormat) ?? d.nameIDFormat
        signAssertion = try c.decodeIfPresent(Bool.self, forKey: .signAssertion) ?? d.signAssertion
        signResponse = try c.decodeIfPresent(Bool.self, forKey: .signResponse) ?? d.signResponse
        encryptAssertion = try c.decodeIfPresent(Bool.self, forKey: .encryptAssertion) ?? d.encryptAssertion
        establishments = try c.decodeIfPresent([String].self, forKey: .establishments) ?? d.establishments
    }

    public func displayName(entityID: String) -> String {
        name ?? URL(string: entityID)?.host ?? entityID
    }

    /// Problems an administrator must fix, in French.
    public func problems(knownProfiles: [String]) -> [String] {
        var list: [String] = []
        if !knownProfiles.contains(profile) { list.append("profil d'attributs inconnu « \(profile) »") }
        if !["persistent", "transient"].contains(nameIDFormat) { list.append("nameIDFormat doit valoir persistent ou transient") }
        if !signAssertion && !signResponse { list.append("la réponse ou l'assertion doit être signée") }
        return list
    }
}
