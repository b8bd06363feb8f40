/// The escapes of the two XML writers. Canonical XML fixes its own
/// (C14N 1.0 §2.3: hex references, `>` kept in attribute values); the
/// document writer escapes `>` everywhere and writes decimal references.
/// Both escape & and < everywhere, CR everywhere, " TAB LF in attributes.
enum XMLEscapes {
    static func canonicalText(_ byte: UInt8) -> StaticString? { text(byte, canonical: true) }
    static func canonicalAttribute(_ byte: UInt8) -> StaticString? { attribute(byte, canonical: true) }
    static func documentText(_ byte: UInt8) -> StaticString? { text(byte, canonical: false) }
    static func documentAttribute(_ byte: UInt8) -> StaticString? { attribute(byte, canonical: false) }

    @inline(__always)
    static func text(_ byte: UInt8, canonical: Bool) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case 0x0D: canonical ? "&#xD;" : "&#13;"
        default: nil
        }
    }

    @inline(__always)
    static func attribute(_ byte: UInt8, canonical: Bool) -> StaticString? {
        switch byte {
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): canonical ? nil : "&gt;"
        case UInt8(ascii: "\""): "&quot;"
        case 0x09: canonical ? "&#x9;" : "&#9;"
        case 0x0A: canonical ? "&#xA;" : "&#10;"
        case 0x0D: canonical ? "&#xD;" : "&#13;"
        default: nil
        }
    }
}
