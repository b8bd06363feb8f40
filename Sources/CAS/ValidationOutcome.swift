import Foundation

/// One released user attribute: a name and its values in order (a
/// multi-valued attribute is one `CASAttribute` with several values).
public struct CASAttribute: Sendable, Hashable {
    public let name: String
    public let values: [String]

    public init(name: String, values: [String]) {
        self.name = name
        self.values = values
    }

    public init(_ name: String, _ values: String...) {
        self.init(name: name, values: values)
    }

    /// The names CAS 3.0 itself puts in `cas:attributes` (spec Appendix A):
    /// a released attribute may not use them.
    public static let reservedNames: Set<String> = [
        "authenticationDate", "longTermAuthenticationRequestTokenUsed", "isFromNewLogin",
    ]

    /// Whether this attribute can be written as `<cas:NAME>`: an XML NCName
    /// (a Name without colon) that is not one of `reservedNames`. Responses
    /// skip the others.
    public var isReleasable: Bool {
        XMLText.isNCName(name) && !Self.reservedNames.contains(name)
    }
}

/// A successful ticket validation, as the web layer assembles it from storage.
public struct CASAuthenticationSuccess: Sendable, Hashable {
    /// The user identifier (`cas:user`).
    public var user: String
    /// The proxy-granting ticket IOU (spec 3.4), when a PGT was issued.
    public var proxyGrantingTicketIOU: Ticket?
    /// The proxies' callback URLs, most recently visited first (spec 2.6.2);
    /// empty for a service ticket.
    public var proxies: [String]
    /// When the user authenticated (CAS 3.0 `authenticationDate`).
    public var authenticationDate: Date
    /// Whether a long-term "remember me" token was used (spec 4.1.3).
    public var longTermAuthenticationRequestTokenUsed: Bool
    /// Whether the ticket comes from a new interactive login (spec Appendix A).
    public var isFromNewLogin: Bool
    /// The attributes released to the service (CAS 3.0 endpoints only), in order.
    public var attributes: [CASAttribute]

    public init(user: String,
                proxyGrantingTicketIOU: Ticket? = nil,
                proxies: [String] = [],
                authenticationDate: Date,
                longTermAuthenticationRequestTokenUsed: Bool = false,
                isFromNewLogin: Bool,
                attributes: [CASAttribute] = []) {
        self.user = user
        self.proxyGrantingTicketIOU = proxyGrantingTicketIOU
        self.proxies = proxies
        self.authenticationDate = authenticationDate
        self.longTermAuthenticationRequestTokenUsed = longTermAuthenticationRequestTokenUsed
        self.isFromNewLogin = isFromNewLogin
        self.attributes = attributes
    }

    /// The attributes that responses actually write (see `CASAttribute.isReleasable`).
    public var releasableAttributes: [CASAttribute] { attributes.filter(\.isReleasable) }

    /// `authenticationDate` as xs:dateTime in UTC, e.g. `2015-11-12T09:30:10Z`.
    var authenticationDateText: String { XMLText.dateTime(authenticationDate) }
}

/// What a validation endpoint answers.
public enum CASValidationOutcome: Sendable, Hashable {
    case success(CASAuthenticationSuccess)
    case failure(CASFailure)
}

/// What /proxy answers.
public enum CASProxyOutcome: Sendable, Hashable {
    case success(proxyTicket: Ticket)
    case failure(CASProxyFailure)
}
