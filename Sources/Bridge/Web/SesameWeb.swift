import Accounts
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import ServiceLifecycle

/// Builds the web application: routes, middleware, pages.
public enum SesameWeb {
    public static func buildRouter(configuration given: BridgeConfiguration, store: any SesameStore,
                                   metrics: SesameMetrics) async throws -> Router<SesameContext> {
        let configuration = try given.extensions.reduce(given) { try $1.configure($0) }
        let pages = try await Pages.load(demo: configuration.demo, adding: configuration.extensions.compactMap(\.templateDirectory))
        let keys = configuration.keys ?? DatabaseKeys(store: store)
        let key = try await keys.key(named: "csrf_key")
        let csrf = CSRF(key: Array(key.utf8), secureCookies: configuration.secureCookies)
        let sessions = BrowserSession(store: store, secureCookies: configuration.secureCookies)
        let login = LoginService(store: store, hasher: configuration.hasher, sessionLifetime: configuration.sessionLifetime)

        let router = Router(context: SesameContext.self)
        let shedding = LoadShedding(limit: configuration.maxInFlight)
        router.add(middleware: shedding)
        router.add(middleware: ClientAddressMiddleware(trusted: configuration.trustedProxies))
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: SecurityHeadersMiddleware(strictTransport: configuration.secureCookies))
        router.add(middleware: ErrorPageMiddleware(pages: pages))
        SiteRoutes(pages: pages, store: store, metrics: metrics, assets: try StaticAssets.load(), metricsReaders: configuration.metricsReaders,
                   shedding: shedding).register(on: router)
        let idSecret = try await keys.key(named: "attribute_id_key")
        let release = AttributeRelease(idSecret: Array(idSecret.utf8), catalog: configuration.profiles)
        let chooser = EstablishmentChooser(store: store)
        let codeKey = try await keys.key(named: "verification_key")
        let flow = SelfService(pages: pages, csrf: csrf, store: store, sessions: sessions, login: login,
                               secrets: VerificationSecrets(key: Array(codeKey.utf8)),
                               deliveries: Deliveries(messenger: configuration.messenger, store: store), publicURL: configuration.publicURL)
        let franceConnect = configuration.franceConnect.map { FranceConnectRoutes(flow: flow, fc: $0) }
        // One session end, with every kind of participant, for every door out.
        let ending = SessionEnd(store: store, sessions: sessions, cas: CASSingleLogout(registry: configuration.casServices),
                                saml: configuration.saml.map { SAMLLogoutChain(settings: $0, store: store, pages: pages) },
                                franceConnect: franceConnect?.exit)
        if let saml = configuration.saml {
            let nameIDKey = try await keys.key(named: "saml_nameid_key")
            SAMLRoutes(pages: pages, store: store, sessions: sessions, settings: saml, release: release, chooser: chooser,
                       nameIDSecret: Array(nameIDKey.utf8), ending: ending).register(on: router)
        }
        let activation = ActivationRoutes(flow: flow)
        activation.register(on: router)
        franceConnect?.register(on: router)
        let registration = RegistrationRoutes(flow: flow, franceConnect: franceConnect)
        registration.register(on: router)
        RecoveryRoutes(flow: flow).register(on: router)
        ProfileRoutes(flow: flow, activation: activation).register(on: router)
        GroupingRoutes(flow: flow).register(on: router)
        ServicesHome(flow: flow, store: store, portals: configuration.portals).register(on: router)
        let console = Console(pages: pages, csrf: csrf, store: store, staff: StaffSessions(store: store, secureCookies: configuration.secureCookies),
                              hasher: configuration.hasher, deliveries: flow.deliveries, publicURL: configuration.publicURL)
        ConsoleRoutes(console: console).register(on: router)
        ConsoleActions(console: console).register(on: router)
        ConsoleSupport(console: console).register(on: router)
        if let upload = configuration.siecleUpload { ConsoleImport(console: console, upload: upload).register(on: router) }
        LoginRoutes(pages: pages, csrf: csrf, sessions: sessions, login: login, metrics: metrics, ending: ending,
                    activation: activation, franceConnect: configuration.franceConnect != nil).register(on: router)
        CASRoutes(pages: pages, store: store, sessions: sessions, registry: configuration.casServices,
                  lifetimes: configuration.ticketLifetimes, release: release, chooser: chooser, ending: ending).register(on: router)
        ChoiceRoutes(pages: pages, csrf: csrf, sessions: sessions, store: store).register(on: router)
        LegacyRoutes(pages: pages, csrf: csrf, sessions: sessions, transition: LegacyTransition(login: login)).register(on: router)
        PortalRoutes(pages: pages, csrf: csrf, store: store, portals: configuration.portals,
                     secureCookies: configuration.secureCookies).register(on: router)
        let kit = ExtensionKit(pages: pages, store: store, configuration: configuration)
        for addition in configuration.extensions { addition.register(on: router, with: kit) }
        return router
    }

    public static func buildApplication(configuration: BridgeConfiguration, store: any SesameStore, metrics: SesameMetrics,
                                        host: String, port: Int, logger: Logger, timeouts: ConnectionTimeouts = ConnectionTimeouts(),
                                        services: [any Service] = []) async throws -> some ApplicationProtocol {
        let router = try await buildRouter(configuration: configuration, store: store, metrics: metrics)
        // Slow clients are let go: idle connections, and heads that never end.
        let http1 = HTTP1Channel.Configuration(additionalChannelHandlers: [RequestHeadDeadline(limit: timeouts.requestHead)],
                                               idleTimeout: timeouts.idle)
        var app = Application(router: router, server: .http1(configuration: http1),
                              configuration: .init(address: .hostname(host, port: port), serverName: "Sesame"), logger: logger)
        app.addServices(services)
        return app
    }
}
