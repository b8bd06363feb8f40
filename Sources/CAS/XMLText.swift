import Foundation

/// Escaping and naming rules for the XML this module writes.
enum XMLText {
    /// `text` escaped for element content or a double-quoted attribute value.
    ///
    /// All five XML specials are escaped (`& < > " '`); tab, line feed and
    /// carriage return become character references so that attribute-value
    /// normalisation cannot alter them; characters XML 1.0 cannot carry at all
    /// (other C0 controls, U+FFFE, U+FFFF) are replaced by U+FFFD.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\t": out += "&#9;"
            case "\n": out += "&#10;"
            case "\r": out += "&#13;"
            default:
                if isXMLChar(scalar) {
                    out.unicodeScalars.append(scalar)
                } else {
                    out += "\u{FFFD}"
                }
            }
        }
        return out
    }

    /// XML 1.0 `Char` production (surrogates cannot occur in a Swift string).
    static func isXMLChar(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x9, 0xA, 0xD: true
        case 0x20...0xFFFD: true
        case 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// Whether `name` is an XML NCName (XML 1.0 5th edition `Name` without
    /// colons, Namespaces in XML 1.0), at most 256 characters.
    static func isNCName(_ name: String) -> Bool {
        var scalars = name.unicodeScalars.makeIterator()
        guard let first = scalars.next(), isNameStart(first) else { return false }
        var count = 1
        while let s = scalars.next() {
            count += 1
            if count > 256 || !(isNameStart(s) || isNameRest(s)) { return false }
        }
        return true
    }

    private static func isNameStart(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x41...0x5A, 0x5F, 0x61...0x7A: true          // A-Z _ a-z (no ':')
        case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF: true
        case 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D: true
        case 0x2070...0x218F, 0x2C00...0x2FEF, 0x3001...0xD7FF: true
        case 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF: true
        default: false
        }
    }

    private static func isNameRest(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2D, 0x2E, 0x30...0x39, 0xB7: true           // - . 0-9 ·
        case 0x300...0x36F, 0x203F...0x2040: true
        default: false
        }
    }

    /// xs:dateTime in UTC with second precision, e.g. `2015-11-12T09:30:10Z`.
    static func dateTime(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(timeZone: .gmt))
    }
}
