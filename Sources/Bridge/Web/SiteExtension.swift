import Accounts
import Hummingbird

/// Pages and routes added beside Sesame's own, by a module the web
/// application does not know (the demo). It sees only what it is handed.
public protocol SiteExtension: Sendable {
    /// Adjusts the configuration before anything is built (services to register, portal entries).
    func configure(_ configuration: BridgeConfiguration) throws -> BridgeConfiguration
    /// A folder of Mustache templates added to Sesame's (they may use its layout).
    var templateDirectory: String? { get }
    func register(on router: Router<SesameContext>, with kit: ExtensionKit)
}

/// What an extension is handed: the pages, the store, the configuration as built.
public struct ExtensionKit: Sendable {
    public let pages: Pages
    public let store: any SesameStore
    public let configuration: BridgeConfiguration
}
