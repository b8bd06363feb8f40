import Accounts
import Attributes
import Foundation

/// Chooses the profile and the establishment, then describes the person.
/// Until the establishment choice page exists, a guardian enters the first
/// of their establishments that the service serves.
struct AttributeRelease: Sendable {
    let idSecret: [UInt8]

    func attributes(for profile: AccountProfile, profileName: String, establishments served: [String],
                    loginTime: Date) -> [ReleasedAttribute] {
        let definition = AttributeProfile.builtIn[profileName] ?? AttributeProfile.casENT
        let candidates = profile.establishments.filter { served.isEmpty || served.contains($0.uai.value) }
        let context = ReleaseContext(profile: profile, establishment: candidates.first, idSecret: idSecret, loginTime: loginTime)
        return definition.attributes(for: context)
    }
}
