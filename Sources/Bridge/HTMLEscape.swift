/// HTML escaping for large values (a SAML message is kilobytes of base64):
/// a byte scan that returns the text untouched when nothing needs escaping,
/// far cheaper than the template engine's character-by-character escape.
enum HTMLEscape {
    static func attribute(_ text: String) -> String {
        // Values always go between double quotes, so "=" and "`" are harmless.
        // A byte loop: whole SAML Responses (base64, nothing to escape) pass here.
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
