/// Why a ticket string was refused before any storage look-up.
///
/// Every case maps to `INVALID_TICKET` (spec 2.5.3: "the ticket provided was
/// not valid"); `description` is an English text safe to put in the response
/// (it never echoes the raw input).
public enum TicketFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The ticket parameter was empty.
    case empty
    /// Longer than `TicketFormat.maximumLength`.
    case tooLong(length: Int)
    /// No known prefix at all.
    case unknownPrefix
    /// A well-formed prefix, but not one this endpoint accepts (e.g. a proxy
    /// ticket sent to /serviceValidate, which spec 2.5 forbids).
    case wrongKind(found: TicketKind, accepted: Set<TicketKind>)
    /// A character outside `{A-Z, a-z, 0-9, -}` (spec 3.7).
    case invalidCharacter
    /// Fewer than `TicketFormat.minimumBodyLength` characters after the prefix.
    case bodyTooShort(length: Int)

    /// The CAS failure code to answer with.
    public var failureCode: CASFailureCode { .invalidTicket }

    public var description: String {
        switch self {
        case .empty:
            "Ticket is empty"
        case .tooLong(let length):
            "Ticket is \(length) characters long, more than \(TicketFormat.maximumLength)"
        case .unknownPrefix:
            "Ticket does not start with a known prefix"
        case .wrongKind(let found, let accepted):
            "A ticket starting with \(found.prefix) is not accepted here (expected "
                + accepted.map(\.prefix).sorted().joined(separator: " or ") + ")"
        case .invalidCharacter:
            "Ticket contains characters other than letters, digits and hyphens"
        case .bodyTooShort(let length):
            "Ticket body is \(length) characters long, fewer than \(TicketFormat.minimumBodyLength)"
        }
    }

    /// The failure to put in a validation response.
    public var failure: CASFailure { CASFailure(code: failureCode, message: description) }
}

extension Ticket {
    /// Parses `string` as a ticket of one of the `accepted` kinds, checking
    /// length, prefix and characters, so that malformed tickets can be refused
    /// with INVALID_TICKET without touching the database.
    public static func parse(_ string: String,
                             accepting accepted: Set<TicketKind>) throws(TicketFormatError) -> Ticket {
        let utf8 = string.utf8
        if utf8.isEmpty { throw .empty }
        // Count bytes: a non-ASCII string is refused below anyway, and bytes
        // bound the work done on hostile input.
        if utf8.count > TicketFormat.maximumLength { throw .tooLong(length: utf8.count) }
        guard utf8.allSatisfy(TicketFormat.isBodyByte) else { throw .invalidCharacter }
        guard let kind = TicketKind.kind(prefixing: Substring(string)) else { throw .unknownPrefix }
        guard accepted.contains(kind) else { throw .wrongKind(found: kind, accepted: accepted) }
        let bodyLength = utf8.count - kind.prefix.utf8.count
        if bodyLength < TicketFormat.minimumBodyLength { throw .bodyTooShort(length: bodyLength) }
        return Ticket(kind: kind, value: string)
    }

    /// Parses `string` as a ticket of exactly `kind`.
    public static func parse(_ string: String, as kind: TicketKind) throws(TicketFormatError) -> Ticket {
        try parse(string, accepting: [kind])
    }
}
