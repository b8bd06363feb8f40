import Foundation

/// Small rules of written French the pages share.
public enum FrenchText {
    /// "de Chloé", "d'Éric", "d'Hugo": the preposition elides before a vowel
    /// or a mute h (first names with an aspirated h are rare enough to ignore).
    public static func of(_ name: String) -> String {
        guard let first = name.unicodeScalars.first else { return "de " }
        let base = String(first).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
        return ("aeiouyh".contains(base) ? "d'" : "de ") + name
    }

    /// "1 essai", "2 essais", "0 essai" (French counts 0 and 1 as singular).
    public static func count(_ n: Int, _ singular: String, _ plural: String? = nil) -> String {
        "\(n) " + (n > 1 ? plural ?? singular + "s" : singular)
    }
}
