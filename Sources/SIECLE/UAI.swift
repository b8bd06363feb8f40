/// The establishment number (UAI, formerly RNE; `UAJ` in SIECLE exports):
/// seven digits and a check letter.
public enum SIECLEUAI {
    static let letters = Array("ABCDEFGHJKLMNPRSTUVWXYZ")

    /// The check letter of the seven leading digits: `letters[n mod 23]`.
    public static func checkLetter(forDigits digits: String) -> Character? {
        guard digits.utf8.count == 7, digits.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }),
              let n = Int(digits) else { return nil }
        return letters[n % 23]
    }

    /// True for seven digits followed by their correct check letter (upper case).
    public static func isValid(_ uai: String) -> Bool {
        let utf8 = Array(uai.utf8)
        guard utf8.count == 8 else { return false }
        let digits = String(decoding: utf8[0..<7], as: UTF8.self)
        guard let expected = checkLetter(forDigits: digits) else { return false }
        return Character(Unicode.Scalar(utf8[7])) == expected
    }
}
