import Foundation

/// Which establishment a guardian entered for one service. A choice made
/// during a session lasts as long as the session; "Se souvenir de mon
/// choix" keeps it for the account.
public struct EstablishmentChoice: Sendable, Hashable {
    public enum Scope: Sendable, Hashable {
        case session(key: String)
        case account(id: Int64)

        var stored: String {
            switch self {
            case .session(let key): "session:" + key
            case .account(let id): "account:\(id)"
            }
        }
    }

    /// Stable key of the service (`saml:<entityID>`, `cas:<id>`).
    public var service: String
    /// Shown on the account page.
    public var serviceName: String
    public var uai: String
    public var chosenAt: Date

    public init(service: String, serviceName: String, uai: String, chosenAt: Date) {
        self.service = service; self.serviceName = serviceName; self.uai = uai; self.chosenAt = chosenAt
    }
}

public protocol EstablishmentChoiceStore: Sendable {
    func saveChoice(_ choice: EstablishmentChoice, scope: EstablishmentChoice.Scope) async throws
    /// The choice for `service`, the first scope that has one winning.
    func choice(service: String, scopes: [EstablishmentChoice.Scope]) async throws -> EstablishmentChoice?
    /// Choices kept for an account, by service name.
    func choices(scope: EstablishmentChoice.Scope) async throws -> [EstablishmentChoice]
    func forgetChoice(service: String, scope: EstablishmentChoice.Scope) async throws
}

extension EstablishmentChoice.Scope {
    /// For the storage layer.
    public var storageKey: String { stored }
}
