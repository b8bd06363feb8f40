import Foundation

/// A French mobile number as people type it (06…, 07…, +33 6…, 0033 6…,
/// "+33 (0)6…", with spaces, dots or dashes) and as schools record it,
/// overseas departments included (0690… is +590 690…). Two spellings of one
/// number have the same `key`, which is what the directory is searched by;
/// `e164` is what an SMS gateway is given.
public struct MobileNumber: Sendable, Hashable, Codable {
    /// The nine significant digits, starting with 6 or 7.
    public let key: String

    /// National prefix (after the leading 0) → E.164 country code, for the
    /// overseas mobile ranges that do not live under +33.
    private static let overseas: [(prefix: String, countryCode: String)] = [
        ("690", "590"), ("691", "590"),  // Guadeloupe, Saint-Martin, Saint-Barthélemy
        ("694", "594"),                  // Guyane
        ("696", "596"), ("697", "596"),  // Martinique
        ("692", "262"), ("693", "262"),  // La Réunion
        ("639", "262"),                  // Mayotte
    ]

    public init?(_ text: String) {
        guard text.utf8.count <= 32 else { return nil }
        // People write the trunk zero after the country code: "+33 (0)6…".
        let typed = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "(0)", with: "")
        var digits = ""
        for (index, ch) in typed.enumerated() {
            if ch.isASCII && ch.isNumber { digits.append(ch) }
            else if ch == "+" && index == 0 { digits.append("+") }
            else if !" .-()\u{00A0}".contains(ch) { return nil }
        }
        if digits.hasPrefix("00") { digits = "+" + digits.dropFirst(2) }
        var national: Substring
        if digits.hasPrefix("+33") {
            national = digits.dropFirst(3)
            if national.count == 10, national.hasPrefix("0") { national.removeFirst() }
        } else if digits.hasPrefix("+"),
                  let match = Self.overseas.first(where: { digits.hasPrefix("+" + $0.countryCode + $0.prefix) }) {
            national = digits.dropFirst(1 + match.countryCode.count)
        } else if digits.hasPrefix("0"), digits.count == 10 {
            national = digits.dropFirst()
        } else {
            return nil
        }
        guard national.count == 9, national.allSatisfy(\.isASCIIDigit),
              national.hasPrefix("6") || national.hasPrefix("7") else { return nil }
        key = String(national)
    }

    /// `+33612345678`, or `+590690123456` for a number of Guadeloupe.
    public var e164: String {
        if let match = Self.overseas.first(where: { key.hasPrefix($0.prefix) }) {
            return "+" + match.countryCode + key
        }
        return "+33" + key
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

    // Stored and exchanged as the key, as before the overseas numbers were read.
    public init(from decoder: any Decoder) throws {
        let key = try decoder.container(keyedBy: CodingKeys.self).decode(String.self, forKey: .key)
        guard let number = MobileNumber("0" + key) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid mobile key"))
        }
        self = number
    }

    private enum CodingKeys: String, CodingKey { case key }
}
