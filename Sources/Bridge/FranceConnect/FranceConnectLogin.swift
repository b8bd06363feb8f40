import Foundation
import FranceConnect

/// FranceConnect as this deployment uses it: the relying party.
public struct FranceConnectLogin: Sendable {
    public let relyingParty: RelyingParty

    public init(relyingParty: RelyingParty) {
        self.relyingParty = relyingParty
    }

    public static let callbackPath = "/franceconnect/retour"
    public static let logoutPath = "/franceconnect/deconnexion"
}
