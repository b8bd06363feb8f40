import Foundation

/// Identifiers look like `p.dupont10`: initial of the first name, a dot, the
/// family name folded to lower-case ASCII, and a number that makes it unique.
public enum IdentifierFormat {
    /// Longest folded family name kept: identifiers are typed on phones.
    static let maxFamilyLength = 20

    /// The part before the number, e.g. `p.dupont` for "Pénélope", "Du Pont-Éléonore".
    public static func stem(firstName: String, familyName: String) -> String {
        let initial = fold(firstName).first.map(String.init) ?? "x"
        var family = String(fold(familyName).prefix(maxFamilyLength))
        if family.isEmpty { family = "compte" }
        return "\(initial).\(family)"
    }

    /// Candidate numbers in order: 10 to 99 first, as EduConnect does, then
    /// three digits for a very common name.
    public static func candidate(stem: String, attempt: Int) -> String {
        "\(stem)\(10 + attempt)"
    }

    /// Lower-case ASCII letters only: accents removed, ligatures spelt out,
    /// spaces, hyphens and apostrophes dropped.
    public static func fold(_ text: String) -> String {
        var out = ""
        for scalar in text.precomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            switch scalar {
            case "œ": out += "oe"
            case "æ": out += "ae"
            case "ß": out += "ss"
            case "ø": out += "o"
            case "ł": out += "l"
            case "đ", "ð": out += "d"
            case "þ": out += "th"
            default:
                let base = String(scalar).decomposedStringWithCanonicalMapping.unicodeScalars.first ?? scalar
                if ("a"..."z").contains(base) { out.unicodeScalars.append(base) }
            }
        }
        return out
    }

    /// The shape of an identifier as typed at login, refused early if absurd.
    public static func looksValid(_ text: String) -> Bool {
        guard (3...64).contains(text.utf8.count) else { return false }
        return text.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_" }
    }

    /// People type identifiers with capitals or stray spaces on phones.
    public static func normalize(_ typed: String) -> String {
        typed.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
    }
}
