/// A French mobile number in E.164 form ("+33612345678").
///
/// Accepts what people type: "06 12 34 56 78", "06.12.34.56.78",
/// "+33 6 12 34 56 78", "+33 (0)6…", "0033 6…". Overseas departments keep
/// their own country codes (0690 → +590 690…, 0696 → +596…, etc.).
public struct FrenchMobileNumber: Sendable, Hashable, CustomStringConvertible {
    public let e164: String
    public var description: String { e164 }

    /// National prefix (after the leading 0) → E.164 country code, for the
    /// overseas mobile ranges that do not live under +33.
    private static let overseas: [(prefix: String, countryCode: String)] = [
        ("690", "590"), ("691", "590"),  // Guadeloupe, Saint-Martin, Saint-Barthélemy
        ("694", "594"),                  // Guyane
        ("696", "596"), ("697", "596"),  // Martinique
        ("692", "262"), ("693", "262"),  // La Réunion
        ("639", "262"),                  // Mayotte
    ]

    public init(_ raw: String) throws(MessagingError) {
        var text = Substring(raw.trimmingSpaces())
        // Drop the "(0)" people write after the country code.
        let withoutTrunk = String(text).replacing("(0)", with: "")
        text = Substring(withoutTrunk)
        var digits = ""
        for (index, character) in text.enumerated() {
            if character.isASCII, character.isNumber {
                digits.append(character)
            } else if character == "+", index == 0 {
                digits.append("+")
            } else if !" .-\u{A0}()".contains(character) {
                throw .invalidPhoneNumber(raw)
            }
        }
        if digits.hasPrefix("00") { digits = "+" + digits.dropFirst(2) }

        let national: Substring  // nine digits, without the leading 0
        if digits.hasPrefix("+33") {
            national = digits.dropFirst(3)
        } else if digits.hasPrefix("+"), let match = Self.overseas.first(where: { digits.hasPrefix("+" + $0.countryCode + $0.prefix) }) {
            national = digits.dropFirst(1 + match.countryCode.count)
        } else if digits.hasPrefix("0"), digits.count == 10 {
            national = digits.dropFirst()
        } else {
            throw .invalidPhoneNumber(raw)
        }
        guard national.count == 9, national.allSatisfy(\.isNumber),
              national.hasPrefix("6") || national.hasPrefix("7") else {
            throw .invalidPhoneNumber(raw)
        }
        if let match = Self.overseas.first(where: { national.hasPrefix($0.prefix) }) {
            e164 = "+" + match.countryCode + national
        } else {
            e164 = "+33" + national
        }
    }
}
