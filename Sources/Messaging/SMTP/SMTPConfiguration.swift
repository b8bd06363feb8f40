/// How `SMTPMailer` reaches its relay.
public struct SMTPConfiguration: Sendable {
    public enum TLSMode: Sendable, Equatable {
        /// Refuse to send unless the server offers STARTTLS (production).
        case required
        /// Use STARTTLS when offered, otherwise continue in clear.
        case opportunistic
        /// Never upgrade (loopback relays only).
        case off
    }

    public enum TrustRoots: Sendable, Equatable {
        case system
        /// A PEM file of CA certificates, replacing the system store (tests, private CA).
        case pemFile(String)
    }

    public enum AuthMechanism: String, Sendable, Equatable {
        case plain = "PLAIN"
        case login = "LOGIN"
    }

    public struct Credentials: Sendable, Equatable {
        public var username: String
        public var password: String
        public init(username: String, password: String) {
            self.username = username
            self.password = password
        }
    }

    public var host: String
    public var port: Int
    public var tls: TLSMode
    public var trustRoots: TrustRoots
    public var credentials: Credentials?
    /// Tried in this order among those the server offers.
    public var authMechanisms: [AuthMechanism]
    /// Lets credentials cross an unencrypted connection; honoured only when
    /// `host` is a loopback address, so it cannot leak a password in production.
    public var allowAuthenticationWithoutTLS: Bool
    /// Envelope sender and From header.
    public var sender: String
    public var senderName: String?
    /// Our name in EHLO.
    public var heloName: String
    public var connectTimeout: Duration
    /// Limit for each server reply (the DATA reply included).
    public var replyTimeout: Duration

    public init(host: String, port: Int = 587, tls: TLSMode = .required, trustRoots: TrustRoots = .system,
                credentials: Credentials? = nil, authMechanisms: [AuthMechanism] = [.plain, .login],
                allowAuthenticationWithoutTLS: Bool = false,
                sender: String, senderName: String? = nil, heloName: String = "localhost",
                connectTimeout: Duration = .seconds(10), replyTimeout: Duration = .seconds(30)) {
        self.host = host
        self.port = port
        self.tls = tls
        self.trustRoots = trustRoots
        self.credentials = credentials
        self.authMechanisms = authMechanisms
        self.allowAuthenticationWithoutTLS = allowAuthenticationWithoutTLS
        self.sender = sender
        self.senderName = senderName
        self.heloName = heloName
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
    }

    var hostIsLoopback: Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
