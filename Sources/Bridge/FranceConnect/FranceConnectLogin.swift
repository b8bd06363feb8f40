import Foundation
import FranceConnect

/// FranceConnect as this deployment uses it: the relying party, and in demo
/// mode the built-in provider it talks to.
public struct FranceConnectLogin: Sendable {
    public let relyingParty: RelyingParty
    public let demoProvider: DemoProvider?

    public init(relyingParty: RelyingParty, demoProvider: DemoProvider? = nil) {
        self.relyingParty = relyingParty; self.demoProvider = demoProvider
    }

    static let callbackPath = "/franceconnect/retour"
    static let logoutPath = "/franceconnect/deconnexion"
}
