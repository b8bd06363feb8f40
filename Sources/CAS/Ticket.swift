/// The kinds of CAS tickets this server issues (CAS protocol 3.0, section 3).
public enum TicketKind: String, Sendable, Hashable, CaseIterable {
    /// Service ticket, issued by /login (spec 3.1: MUST begin with `ST-`).
    case service
    /// Proxy ticket, issued by /proxy (spec 3.2: SHOULD begin with `PT-`).
    case proxy
    /// Proxy-granting ticket, sent to the pgtUrl callback (spec 3.3: `PGT-`).
    case proxyGranting
    /// Proxy-granting ticket IOU, placed in the validation response (spec 3.4: `PGTIOU-`).
    case proxyGrantingIOU
    /// Ticket-granting ticket, the single sign-on session (spec 3.8: `TGT-`).
    case ticketGranting

    /// The prefix every ticket of this kind starts with, hyphen included.
    public var prefix: String {
        switch self {
        case .service: "ST-"
        case .proxy: "PT-"
        case .proxyGranting: "PGT-"
        case .proxyGrantingIOU: "PGTIOU-"
        case .ticketGranting: "TGT-"
        }
    }

    /// The kind whose prefix starts `string`, longest prefix first
    /// (`PGTIOU-` must not be read as a `PGT-` ticket: `PGT-` is not a prefix
    /// of `PGTIOU-`, but the order keeps that obvious).
    static func kind(prefixing string: Substring) -> TicketKind? {
        let byLength = TicketKind.allCases.sorted { $0.prefix.count > $1.prefix.count }
        return byLength.first { string.utf8.starts(with: $0.prefix.utf8) }
    }
}

/// A ticket: its kind and its full text, prefix included (e.g. `ST-3bX…`).
///
/// A `Ticket` is only made by `TicketGenerator` or by `Ticket.parse`, so its
/// text always satisfies the format rules of `TicketFormat`.
public struct Ticket: Sendable, Hashable, CustomStringConvertible {
    public let kind: TicketKind
    /// The whole ticket as sent on the wire, prefix included.
    public let value: String

    init(kind: TicketKind, value: String) {
        self.kind = kind
        self.value = value
    }

    public var description: String { value }

    /// The random part after the prefix.
    public var body: Substring { value.dropFirst(kind.prefix.count) }
}

/// The format rules shared by the generator and the parser.
public enum TicketFormat {
    /// Longest ticket accepted or produced, prefix included. The spec
    /// (3.1–3.4) RECOMMENDS that clients support tickets of up to 256 characters.
    public static let maximumLength = 256
    /// Shortest random body accepted or produced (after the prefix).
    public static let minimumBodyLength = 32
    /// Body length used by the generator unless told otherwise.
    public static let defaultBodyLength = 32
    /// The generator's alphabet: `{A-Z, a-z, 0-9}`. Spec 3.7 allows only these
    /// and the hyphen in tickets; they are all URL-safe (RFC 3986 unreserved).
    public static let alphabet: [Character] = Array(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// Whether `byte` may appear in a ticket body (spec 3.7: letters, digits, hyphen).
    static func isBodyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"),
             UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"):
            true
        default:
            false
        }
    }
}
