import Accounts
import Foundation
import Primitives

/// One attribute as a service receives it, whatever the protocol: SAML
/// writes `name` with `nameFormat` and `friendlyName`; CAS uses `name`.
public struct ReleasedAttribute: Sendable, Hashable {
    public var name: String
    public var friendlyName: String?
    public var nameFormat: String?
    public var values: [String]

    public init(name: String, friendlyName: String? = nil, nameFormat: String? = nil, values: [String]) {
        self.name = name; self.friendlyName = friendlyName; self.nameFormat = nameFormat; self.values = values
    }

    public static let uriFormat = "urn:oasis:names:tc:SAML:2.0:attrname-format:uri"
    public static let basicFormat = "urn:oasis:names:tc:SAML:2.0:attrname-format:basic"
}

/// What a profile needs to describe one person to one service.
public struct ReleaseContext: Sendable {
    public var profile: AccountProfile
    /// The establishment the person entered (a guardian's choice, a pupil's school).
    public var establishment: Establishment?
    /// Secret of this deployment, for stable opaque identifiers.
    public var idSecret: [UInt8]
    public var loginTime: Date
    /// Where the portal sends the browser to log out (FrEduUrlRetour).
    public var logoutURL: String?

    public init(profile: AccountProfile, establishment: Establishment?, idSecret: [UInt8], loginTime: Date, logoutURL: String? = nil) {
        self.profile = profile; self.establishment = establishment; self.idSecret = idSecret
        self.loginTime = loginTime; self.logoutURL = logoutURL
    }

    var account: Account { profile.account }
    var isPupil: Bool { account.role == .pupil }

    /// The pupil record in the chosen establishment, or the first one.
    var pupil: Pupil? {
        profile.pupils.first { $0.uai == establishment?.uai } ?? profile.pupils.first
    }

    /// A guardian's children in the chosen establishment (all if none chosen).
    var children: [AccountProfile.Child] {
        guard let uai = establishment?.uai else { return profile.children }
        return profile.children.filter { $0.establishment.uai == uai }
    }

    /// Stable, opaque, 96 hex characters: the same person always gets the
    /// same value from one deployment, and it reveals nothing.
    var opaqueID: String {
        let a = Digest.hmacSHA256(key: idSecret, message: Array("ctid|\(account.id)".utf8))
        let b = Digest.hmacSHA256(key: idSecret, message: Array("ctid2|\(account.id)".utf8))
        return Hex.encode(a + b.prefix(16))
    }
}
