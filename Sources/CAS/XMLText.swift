import Foundation
import Primitives

/// Naming and date rules for the XML this module writes (escaping is `XMLEscape`).
enum XMLText {
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
