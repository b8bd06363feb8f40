import Accounts
import CAS
import Foundation

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

    public init(publicURL: String = "http://127.0.0.1:8080", demo: Bool = false, hasher: PasswordHasher = .standard,
                sessionLifetime: TimeInterval = 8 * 3600,
                casServices: ServiceRegistry = .empty, ticketLifetimes: TicketLifetimes = .default, saml: SAMLSettings? = nil) {
        var url = publicURL
        while url.hasSuffix("/") { url.removeLast() }
        self.publicURL = url; self.demo = demo; self.hasher = hasher
        self.sessionLifetime = sessionLifetime
        self.casServices = casServices; self.ticketLifetimes = ticketLifetimes; self.saml = saml
    }

    /// Cookies get the Secure flag whenever the public URL is https.
    public var secureCookies: Bool { publicURL.hasPrefix("https://") }
}
