import Primitives

/// Makes new tickets from a cryptographically secure random source.
///
/// Spec 3.1–3.4, 3.8: tickets MUST contain adequate secure random data so they
/// cannot be guessed. The default source is `SecureRandom`
/// (OpenSSL's RAND_bytes); tests may pass a seeded generator.
public enum TicketGenerator {
    /// A new ticket of `kind` whose body has `bodyLength` random characters
    /// drawn uniformly from `TicketFormat.alphabet` (about 5.95 bits each).
    ///
    /// `bodyLength` is clamped to at least `TicketFormat.minimumBodyLength` and
    /// at most what keeps the whole ticket within `TicketFormat.maximumLength`.
    public static func generate(_ kind: TicketKind,
                                bodyLength: Int = TicketFormat.defaultBodyLength) -> Ticket {
        var random = SecureRandom.Generator()
        return generate(kind, bodyLength: bodyLength, using: &random)
    }

    /// Same as `generate(_:bodyLength:)` but with the given random source.
    public static func generate<R: RandomNumberGenerator>(
        _ kind: TicketKind,
        bodyLength: Int = TicketFormat.defaultBodyLength,
        using random: inout R
    ) -> Ticket {
        let longest = TicketFormat.maximumLength - kind.prefix.count
        let length = min(max(bodyLength, TicketFormat.minimumBodyLength), longest)
        let alphabet = TicketFormat.alphabet
        var value = kind.prefix
        value.reserveCapacity(kind.prefix.count + length)
        for _ in 0..<length {
            // `Int.random(in:using:)` rejects out-of-range draws: no modulo bias.
            value.append(alphabet[Int.random(in: 0..<alphabet.count, using: &random)])
        }
        return Ticket(kind: kind, value: value)
    }

    /// A random identifier for other uses (SAML message IDs): `prefix` then
    /// `length` characters of the ticket alphabet.
    static func randomIdentifier(prefix: String, length: Int = 32) -> String {
        var random = SecureRandom.Generator()
        let alphabet = TicketFormat.alphabet
        return prefix + String((0..<length).map { _ in
            alphabet[Int.random(in: 0..<alphabet.count, using: &random)]
        })
    }
}
