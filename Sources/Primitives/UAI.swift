import Foundation

/// Unité administrative immatriculée: the national code of an establishment,
/// seven digits and a check letter (e.g. `0750654D`).
public struct UAI: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let value: String

    /// The alphabet of check letters: 23 letters, I, O and Q left out.
    static let checkLetters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")

    /// Accepts lower-case input and surrounding spaces; refuses a wrong check letter.
    public init?(_ text: String) {
        let candidate = text.trimmingCharacters(in: .whitespaces).uppercased()
        let chars = Array(candidate)
        guard chars.count == 8, chars[0..<7].allSatisfy(\.isASCIIDigit),
              let number = Int(String(chars[0..<7])),
              chars[7] == UAI.checkLetters[number % 23]
        else { return nil }
        value = candidate
    }

    /// The check letter for seven digits, used to build valid codes (demo data, tests).
    public static func checkLetter(forDigits digits: String) -> Character? {
        guard digits.count == 7, digits.allSatisfy(\.isASCIIDigit), let n = Int(digits) else { return nil }
        return checkLetters[n % 23]
    }

    /// True for seven digits followed by their correct check letter, upper case, nothing around.
    public static func isValid(_ text: String) -> Bool {
        UAI(text)?.value == text
    }

    public var description: String { value }
    public static func < (a: UAI, b: UAI) -> Bool { a.value < b.value }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let uai = UAI(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid UAI \(text)"))
        }
        self = uai
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(value)
    }
}

extension Character {
    public var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
