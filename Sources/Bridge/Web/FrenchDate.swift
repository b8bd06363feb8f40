import Foundation

/// Dates as French pages write them, in Paris time.
public enum FrenchDate {
    public static func day(_ date: Date) -> String { format(date, "d MMMM yyyy") }
    public static func dateTime(_ date: Date) -> String { format(date, "d MMMM yyyy 'à' HH'h'mm") }

    static func format(_ date: Date, _ pattern: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "fr_FR")
        formatter.timeZone = TimeZone(identifier: "Europe/Paris")
        formatter.dateFormat = pattern
        return formatter.string(from: date)
    }
}
