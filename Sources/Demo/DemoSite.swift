import Bridge
import Foundation
import FranceConnect
import Hummingbird

/// Demo mode as an extension of the web application: the demo ENTs
/// registered as services, their pages, the demo FranceConnect pages, the
/// demo académie's list and the outbox. Nothing of it exists without `--demo`.
public struct DemoSite: SiteExtension {
    /// The built-in FranceConnect provider, when the demo uses it.
    let franceConnect: DemoProvider?

    public init(franceConnect: DemoProvider? = nil) { self.franceConnect = franceConnect }

    public func configure(_ configuration: BridgeConfiguration) throws -> BridgeConfiguration {
        try DemoENT.install(into: configuration)
    }

    public var templateDirectory: String? { Bundle.module.resourcePath.map { $0 + "/Templates" } }

    public func register(on router: Router<SesameContext>, with kit: ExtensionKit) {
        let base = kit.configuration.publicURL
        DemoRoutes(pages: kit.pages, store: kit.store, outbox: kit.configuration.outbox).register(on: router)
        DemoENTRoutes(pages: kit.pages, base: base, saml: kit.configuration.saml).register(on: router)
        if let franceConnect, kit.configuration.franceConnect != nil {
            DemoFranceConnectRoutes(pages: kit.pages, provider: franceConnect, base: base).register(on: router)
        }
    }
}
