import Accounts
import Foundation

/// A named way of describing a person to a service. One definition serves
/// SAML and CAS alike.
public struct AttributeProfile: Sendable {
    public let name: String
    let release: @Sendable (ReleaseContext) -> [ReleasedAttribute]

    public init(name: String, release: @escaping @Sendable (ReleaseContext) -> [ReleasedAttribute]) {
        self.name = name; self.release = release
    }

    /// Attributes with at least one value, in the profile's order.
    public func attributes(for context: ReleaseContext) -> [ReleasedAttribute] {
        release(context).filter { !$0.values.isEmpty }
    }

    public static let builtIn: [String: AttributeProfile] = [
        educonnect.name: educonnect, aten.name: aten, casENT.name: casENT,
    ]
}
