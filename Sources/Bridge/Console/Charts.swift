import Accounts
import Foundation
import Primitives

/// Small SVG charts drawn on the server: no script, no external asset, and a
/// text alternative for screen readers.
enum Charts {
    static let colours: [(AccountState, String, String)] = [
        (.active, "#1f6f43", "activés"), (.notified, "#1d4e89", "notifiés"), (.created, "#8a8d96", "créés"), (.disabled, "#a4161a", "désactivés"),
    ]

    /// One bar per population, split by state.
    static func states(_ roster: Roster, guardians: Bool) -> String {
        let groups: [(String, [Roster.Person])] = [("Élèves", roster.pupils)] + (guardians ? [("Parents", roster.guardians)] : [])
        let width = 320.0, barHeight = 28.0
        var svg = "", summary: [String] = []
        for (index, (label, people)) in groups.enumerated() {
            let counts = Roster.counts(people), total = max(people.count, 1)
            let y = Double(index) * (barHeight + 26) + 18
            svg += "<text x=\"0\" y=\"\(y - 4)\" font-size=\"13\" fill=\"#1b1b2f\">\(label) (\(people.count))</text>"
            var x = 0.0
            for (state, colour, _) in colours {
                let w = width * Double(counts[state] ?? 0) / Double(total)
                if w > 0 { svg += String(format: "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" fill=\"%@\"/>", x, y, w, barHeight, colour) }
                x += w
            }
            summary.append("\(label) : " + colours.map { "\(counts[$0.0] ?? 0) \($0.2)" }.joined(separator: ", "))
        }
        let height = Double(groups.count) * (barHeight + 26) + 10
        let legend = colours.enumerated().map { i, c in
            "<rect x=\"\(i * 80)\" y=\"\(Int(height))\" width=\"12\" height=\"12\" fill=\"\(c.1)\"/><text x=\"\(i * 80 + 16)\" y=\"\(Int(height) + 11)\" font-size=\"12\" fill=\"#1b1b2f\">\(c.2)</text>"
        }.joined()
        return "<svg viewBox=\"0 0 330 \(Int(height) + 20)\" role=\"img\" aria-label=\"\(HTMLEscape.escape(summary.joined(separator: " ; ")))\" class=\"graphique\">\(svg)\(legend)</svg>"
    }

    /// Logins per day over the last 30 days.
    static func logins(_ days: [(day: String, count: Int)], since: Date) -> String {
        let counts = Dictionary(days.map { ($0.day, $0.count) }, uniquingKeysWith: +)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        let series = (0..<30).map { offset -> (String, Int) in
            let d = calendar.dateComponents([.year, .month, .day], from: since + Double(offset + 1) * 86400)
            let key = String(format: "%04d-%02d-%02d", d.year!, d.month!, d.day!)
            return (key, counts[key] ?? 0)
        }
        let peak = max(series.map(\.1).max() ?? 0, 1)
        let bars = series.enumerated().map { i, entry in
            let h = 100.0 * Double(entry.1) / Double(peak)
            return String(format: "<rect x=\"%d\" y=\"%.1f\" width=\"9\" height=\"%.1f\" fill=\"#1d4e89\"><title>%@ : %d</title></rect>", i * 11, 110 - h, h, entry.0, entry.1)
        }.joined()
        let total = series.map(\.1).reduce(0, +)
        return "<svg viewBox=\"0 0 330 125\" role=\"img\" aria-label=\"\(total) connexions sur 30 jours, au plus \(peak) par jour\" class=\"graphique\">\(bars)<line x1=\"0\" y1=\"110\" x2=\"330\" y2=\"110\" stroke=\"#4a4a5a\"/><text x=\"0\" y=\"123\" font-size=\"11\" fill=\"#1b1b2f\">il y a 30 jours</text><text x=\"270\" y=\"123\" font-size=\"11\" fill=\"#1b1b2f\">aujourd'hui</text></svg>"
    }

    /// Per class, as the pilot's figures: activated of total, pupils and guardians.
    static func classRows(_ roster: Roster) -> [[String: String]] {
        roster.divisions.map { division in
            let pupils = roster.pupils.filter { $0.division == division }, guardians = roster.guardians.filter { $0.division == division }
            return ["division": division,
                    "pupils": "\(Roster.counts(pupils)[.active] ?? 0) / \(pupils.count)",
                    "guardians": "\(Roster.counts(guardians)[.active] ?? 0) / \(guardians.count)"]
        }
    }
}
