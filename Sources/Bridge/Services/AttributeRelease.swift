import Accounts
import Attributes
import Foundation

/// Describes a person to a service with the service's profile, for the
/// establishment they entered.
struct AttributeRelease: Sendable {
    let idSecret: [UInt8]
    let catalog: ProfileCatalog

    func attributes(for profile: AccountProfile, profileName: String, establishment: Establishment?,
                    loginTime: Date) -> [ReleasedAttribute] {
        let definition = catalog[profileName] ?? AttributeProfile.casENT
        let context = ReleaseContext(profile: profile, establishment: establishment, idSecret: idSecret, loginTime: loginTime)
        return definition.attributes(for: context)
    }
}
