/// Escaping for XML written by hand (SAML, CAS answers, metadata).
/// Characters XML 1.0 cannot carry (most C0 controls, U+FFFE, U+FFFF; lone
/// surrogates cannot occur in a Swift string) become U+FFFD, so the output
/// always parses.
public enum XMLEscape {
    /// For element content: `& < >` and carriage return.
    public static func text(_ s: String) -> String { escape(s, attribute: false) }

    /// For a quoted attribute value, or content that may end up in one: also
    /// both quotes, and tab and line feed as references so that
    /// attribute-value normalisation cannot alter them.
    public static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    private static func escape(_ s: String, attribute: Bool) -> String {
        // Most values (names, identifiers, URLs) need nothing: one byte scan.
        // 0xEF may start U+FFFE/U+FFFF, which the slow path replaces.
        if !s.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                                     || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") || $0 == 0xEF }) {
            return s
        }
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}

/// Escaping for HTML text and double- or single-quoted attribute values.
public enum HTMLEscape {
    public static func escape(_ text: String) -> String {
        // A byte scan first: whole SAML Responses (base64, nothing to escape) pass here.
        guard text.utf8.contains(where: { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
                                          || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'") }) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 32)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
