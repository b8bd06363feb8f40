import Foundation

/// A French mobile number as people type it (06…, 07…, +33 6…, 0033 6…,
/// with spaces, dots or dashes) and as schools record it. Two spellings of
/// one number have the same `key`, which is what the directory is searched by.
public struct MobileNumber: Sendable, Hashable, Codable {
    /// The nine significant digits, starting with 6 or 7.
    public let key: String

    public init?(_ text: String) {
        guard text.utf8.count <= 32 else { return nil }
        var digits = ""
        for (index, ch) in text.enumerated() {
            if ch.isASCII && ch.isNumber { digits.append(ch) }
            else if ch == "+" && index == 0 { digits.append("+") }
            else if !" .-()\u{00A0}".contains(ch) { return nil }
        }
        if digits.hasPrefix("+33") { digits = String(digits.dropFirst(3)) }
        else if digits.hasPrefix("0033") { digits = String(digits.dropFirst(4)) }
        else if digits.hasPrefix("0") { digits = String(digits.dropFirst()) }
        else { return nil }
        // "+33 (0)6…" leaves a zero in front.
        if digits.count == 10, digits.hasPrefix("0") { digits.removeFirst() }
        guard digits.count == 9, let first = digits.first, first == "6" || first == "7" else { return nil }
        key = digits
    }

    /// `06 11 22 33 44`
    public var display: String {
        let national = "0" + key
        return stride(from: 0, to: 10, by: 2).map { i in
            let start = national.index(national.startIndex, offsetBy: i)
            return String(national[start..<national.index(start, offsetBy: 2)])
        }.joined(separator: " ")
    }

    /// `06 ** ** ** 44`: enough for a person to recognise their number, no more.
    public var masked: String { "0\(key.prefix(1)) ** ** ** \(key.suffix(2))" }
}
