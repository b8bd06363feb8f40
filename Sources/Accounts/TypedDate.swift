import Foundation
import Primitives

extension CalendarDate {
    /// A date as people type it, on a phone keypad or a keyboard: 09/08/2016,
    /// 9/8/2016, 09-08-2016, 09.08.2016, 09 08 2016, 09082016, 090816,
    /// 9 août 2016, 1er août 2016, 2016-08-09. Day first, always (French
    /// order). nil when it cannot be read: say "illisible", never "wrong".
    public init?(typed raw: String) {
        let text = raw.lowercased().trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, text.count <= 40 else { return nil }
        if let iso = CalendarDate(iso: text) { self = iso; return }
        let digitsOnly = text.allSatisfy(\.isASCIIDigit)
        if digitsOnly, text.count == 8, let d = Int(text.prefix(2)), let m = Int(text.dropFirst(2).prefix(2)), let y = Int(text.suffix(4)) {
            self.init(year: y, month: m, day: d)
            return
        }
        if digitsOnly, text.count == 6, let d = Int(text.prefix(2)), let m = Int(text.dropFirst(2).prefix(2)), let yy = Int(text.suffix(2)) {
            self.init(year: Self.century(yy), month: m, day: d)
            return
        }
        let parts = text.split(whereSeparator: { " /-.,".contains($0) })
        guard parts.count == 3 else { return nil }
        let dayText = parts[0].hasSuffix("er") ? parts[0].dropLast(2) : parts[0]
        guard dayText.count <= 2, let d = Int(dayText),
              let m = Int(parts[1]).flatMap({ parts[1].count <= 2 ? $0 : nil }) ?? Self.month(named: String(parts[1])),
              parts[2].allSatisfy(\.isASCIIDigit), let y = Int(parts[2]), parts[2].count == 4 || parts[2].count == 2 else { return nil }
        self.init(year: parts[2].count == 2 ? Self.century(y) : y, month: m, day: d)
    }

    /// The message for a date that could not be read (no try is counted).
    public static func unreadable(_ whose: String? = nil) -> String {
        "La date de naissance\(whose.map { " " + FrenchText.of($0) } ?? "") est illisible. Écrivez-la par exemple 09/08/2016 ou 9 août 2016."
    }

    /// Two-digit years: this century up to this year, else the last one.
    static func century(_ yy: Int) -> Int {
        let now = Calendar(identifier: .gregorian).component(.year, from: Date()) % 100
        return yy <= now ? 2000 + yy : 1900 + yy
    }

    /// French month names, whole or shortened, with or without accents.
    static func month(named name: String) -> Int? {
        let folded = name.folding(options: .diacriticInsensitive, locale: Locale(identifier: "fr_FR"))
        let months = ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre", "novembre", "decembre"]
        if let whole = months.firstIndex(of: folded) { return whole + 1 }
        // "janv", "fév", "sept"…: at least three letters, and only one month starts so ("ju" would be June or July).
        guard folded.count >= 3 else { return nil }
        let candidates = months.indices.filter { months[$0].hasPrefix(folded) }
        return candidates.count == 1 ? candidates[0] + 1 : nil
    }
}
