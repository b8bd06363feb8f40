/// The single guard against header (and SMTP command) injection: any value
/// that ends up in a header line or an SMTP command goes through `check`.
enum HeaderSafety {
    /// Rejects CR, LF and every other control character (tab included: no
    /// legitimate subject, name or address needs one).
    static func check(_ value: String, field: String) throws(MessagingError) {
        for scalar in value.unicodeScalars where scalar.value < 0x20 || scalar.value == 0x7F
            || scalar == "\u{2028}" || scalar == "\u{2029}" || scalar == "\u{85}" {
            throw .headerInjection(field: field)
        }
    }
}
