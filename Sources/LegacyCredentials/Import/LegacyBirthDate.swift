/// A calendar date without time zone: a birth date is a civil fact, not an instant.
public struct LegacyBirthDate: Sendable, Hashable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    /// Returns nil unless the date exists (leap years included) and the year is plausible.
    public init?(year: Int, month: Int, day: Int) {
        guard (1900...2100).contains(year), (1...12).contains(month),
              (1...LegacyBirthDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// Accepts the forms found in French exports: `YYYYMMDD` (LDAP),
    /// `YYYY-MM-DD` (ISO 8601) and `DD/MM/YYYY` (French usage; never MM/DD).
    public init?(parsing text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            let slice = bytes[range]
            guard slice.allSatisfy({ (0x30...0x39).contains($0) }) else { return nil }
            return slice.reduce(0) { $0 * 10 + Int($1 - 0x30) }
        }
        let parts: (Int?, Int?, Int?)
        switch bytes.count {
        case 8: parts = (number(0..<4), number(4..<6), number(6..<8))
        case 10 where bytes[4] == UInt8(ascii: "-") && bytes[7] == UInt8(ascii: "-"):
            parts = (number(0..<4), number(5..<7), number(8..<10))
        case 10 where bytes[2] == UInt8(ascii: "/") && bytes[5] == UInt8(ascii: "/"):
            parts = (number(6..<10), number(3..<5), number(0..<2))
        default: return nil
        }
        guard let year = parts.0, let month = parts.1, let day = parts.2 else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// ISO 8601, `YYYY-MM-DD`.
    public var description: String {
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))"
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }
}
