/// A plain ASCII mailbox ("local@domain") that is safe to put in an SMTP
/// command and a header. We deliberately accept a conservative subset of
/// RFC 5321: no quoted local parts, no SMTPUTF8, no IP literals.
public struct EmailAddress: Sendable, Hashable, CustomStringConvertible {
    public let value: String

    public var domain: Substring { value[value.index(after: value.lastIndex(of: "@")!)...] }
    public var description: String { value }

    /// `field` names the place the address came from, for the error only.
    public init(_ raw: String, field: String = "address") throws(MessagingError) {
        try HeaderSafety.check(raw, field: field)
        let address = raw.trimmingSpaces()
        guard address.utf8.count <= 254,
              let at = address.lastIndex(of: "@") else { throw .invalidEmailAddress(raw) }
        let local = address[..<at]
        let domain = address[address.index(after: at)...]
        guard Self.isValidLocalPart(local), Self.isValidDomain(domain) else {
            throw .invalidEmailAddress(raw)
        }
        value = address
    }

    private static let atext = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~".utf8)

    private static func isValidLocalPart(_ local: Substring) -> Bool {
        guard !local.isEmpty, local.utf8.count <= 64 else { return false }
        // Dot-atom: atoms separated by single dots, none empty.
        return local.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { atom in
            !atom.isEmpty && atom.utf8.allSatisfy { atext.contains($0) }
        }
    }

    /// What a person can be written to from outside: a domain of at least two
    /// labels ending in letters ("louis.petit@example" is a typo, not an address).
    public var hasPublicDomain: Bool {
        let labels = domain.split(separator: ".")
        guard labels.count >= 2, let last = labels.last, last.count >= 2 else { return false }
        return last.allSatisfy { $0.isLetter }
    }

    private static func isValidDomain(_ domain: Substring) -> Bool {
        guard !domain.isEmpty, domain.utf8.count <= 253 else { return false }
        return domain.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { label in
            guard !label.isEmpty, label.utf8.count <= 63,
                  label.first != "-", label.last != "-" else { return false }
            return label.utf8.allSatisfy { byte in
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) ||
                (byte >= 0x61 && byte <= 0x7A) || byte == 0x2D
            }
        }
    }
}

extension String {
    func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}
