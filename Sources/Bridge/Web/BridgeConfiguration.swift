import Accounts
import Attributes
import CAS
import Foundation
import Messaging

/// What the web application needs to know about where and how it runs.
public struct BridgeConfiguration: Sendable {
    /// Base URL as seen by browsers, without trailing slash.
    public var publicURL: String
    /// Demo mode serves /demo and demo data; never in production.
    public var demo: Bool
    public var hasher: PasswordHasher
    public var sessionLifetime: TimeInterval
    /// CAS clients allowed to ask for tickets (metadata/services.yml).
    public var casServices: ServiceRegistry
    public var ticketLifetimes: TicketLifetimes
    /// The SAML identity provider, when keys are configured.
    public var saml: SAMLSettings?
    /// Attribute profiles services may name: built-in and configured.
    public var profiles: ProfileCatalog
    /// Where the discovery portal sends people, per establishment.
    public var portals: PortalDirectory
    /// How SMS and e-mails leave (nil: self-service pages say it is not available).
    public var messenger: (any Messenger)?
    /// In demo mode, the folder messages are written to, shown at /demo/outbox.
    public var outbox: FileOutbox?
    /// "S'identifier avec FranceConnect", when configured.
    public var franceConnect: FranceConnectLogin?
    /// The SIECLE importer behind the console's upload form.
    public var siecleUpload: SIECLEUpload?
    /// Where the HMAC keys live; nil keeps them in the database (tests).
    public var keys: (any SecretKeys)?
    /// Who may read /metrics (counts of logins and failures): loopback by default.
    public var metricsReaders: [AddressRange] = AddressRange.loopback
    /// Reverse proxies whose X-Forwarded-For (or Forwarded) is believed; none by default.
    public var trustedProxies: [AddressRange] = []
    /// Requests served at once; beyond, 503 with Retry-After (not /healthz).
    public var maxInFlight = 512
    /// Pages and routes added by other modules (the demo), in order.
    public var extensions: [any SiteExtension] = []

    public init(publicURL: String = "http://127.0.0.1:8080", demo: Bool = false, hasher: PasswordHasher = .standard,
                sessionLifetime: TimeInterval = 8 * 3600,
                casServices: ServiceRegistry = .empty, ticketLifetimes: TicketLifetimes = .default, saml: SAMLSettings? = nil,
                profiles: ProfileCatalog = .builtIn, portals: PortalDirectory = PortalDirectory(),
                messenger: (any Messenger)? = nil, outbox: FileOutbox? = nil, franceConnect: FranceConnectLogin? = nil,
                siecleUpload: SIECLEUpload? = nil) {
        var url = publicURL
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url; self.demo = demo; self.hasher = hasher
        self.sessionLifetime = sessionLifetime
        self.casServices = casServices; self.ticketLifetimes = ticketLifetimes; self.saml = saml
        self.profiles = profiles; self.portals = portals
        self.outbox = outbox; self.messenger = messenger ?? outbox; self.franceConnect = franceConnect
        self.siecleUpload = siecleUpload
    }

    /// Cookies get the Secure flag whenever the public URL is https.
    public var secureCookies: Bool { publicURL.hasPrefix("https://") }

    /// Every service names a profile this deployment knows.
    public func checkProfilesExist() throws(ConfigurationError) {
        var problems = casServices.services.filter { profiles[$0.profile] == nil }
            .map { "service CAS « \($0.id) » : profil d'attributs inconnu « \($0.profile) »" }
        for (entityID, options) in saml?.options ?? [:] where profiles[options.profile] == nil {
            problems.append("fournisseur SAML « \(entityID) » : profil d'attributs inconnu « \(options.profile) »")
        }
        if !problems.isEmpty { throw ConfigurationError(problems: problems) }
    }
}

public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    public let problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}
