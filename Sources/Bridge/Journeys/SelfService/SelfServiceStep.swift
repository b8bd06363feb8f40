import Accounts
import Foundation

/// What a self-service flow keeps between its pages, inside the
/// verification record: where to go afterwards and how far the person got.
struct SelfServiceStep: Codable, Sendable {
    enum Stage: String, Codable, Sendable { case mobile, code, children, password }
    var stage: Stage
    /// Local path to continue to once done (a service's login).
    var next: String?
    /// Mobile key or e-mail address the flow is about.
    var mobile: String?
    var email: String?
    /// First FranceConnect login: the identity to link once the person is found.
    var franceConnect: FirstFranceConnectLogin?

    struct FirstFranceConnectLogin: Codable, Sendable {
        var subject: String
        var givenName: String
        var familyName: String
        /// Kept for the provider's logout.
        var idToken: String
    }

    func encoded() -> String { String(decoding: (try? JSONEncoder().encode(self)) ?? Data("{}".utf8), as: UTF8.self) }
    static func decode(_ payload: String) -> SelfServiceStep? { try? JSONDecoder().decode(SelfServiceStep.self, from: Data(payload.utf8)) }
}
