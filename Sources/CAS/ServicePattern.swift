import Foundation

/// An anchored regular expression over a normalised service URL, compiled
/// once when the registry is loaded.
public struct ServicePattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as the administrator wrote it, `^…$` included.
    public let source: String
    private let regex: Regex

    /// Why a pattern was refused.
    public enum Problem: Error, Sendable, Hashable {
        /// It does not start with `^` and end with an unescaped `$`.
        case notAnchored
        /// NSRegularExpression could not compile it.
        case invalid(String)
    }

    public init(_ source: String) throws(Problem) {
        guard source.hasPrefix("^"), source.hasSuffix("$"), !Self.endsWithEscapedDollar(source) else {
            throw .notAnchored
        }
        do {
            regex = Regex(try NSRegularExpression(pattern: source, options: []))
        } catch {
            throw .invalid(String(describing: error))
        }
        self.source = source
    }

    /// Whether the pattern matches the whole of `text`. The match must span
    /// the whole string, so `^a|b$` cannot match a mere substring and `$`
    /// cannot stop before a final line break.
    public func matches(_ text: String) -> Bool {
        let whole = NSRange(text.startIndex..., in: text)
        guard let match = regex.expression.firstMatch(in: text, options: [.anchored], range: whole) else {
            return false
        }
        return match.range == whole
    }

    public var description: String { source }

    public static func == (lhs: ServicePattern, rhs: ServicePattern) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }

    /// `…\$` ends with a literal dollar, not an anchor (an odd number of
    /// backslashes before the final `$`).
    private static func endsWithEscapedDollar(_ source: String) -> Bool {
        let backslashes = source.dropLast().reversed().prefix { $0 == "\\" }.count
        return backslashes % 2 == 1
    }

    /// NSRegularExpression is immutable and documented as safe to share
    /// between threads.
    private struct Regex: @unchecked Sendable {
        let expression: NSRegularExpression
        init(_ expression: NSRegularExpression) { self.expression = expression }
    }
}
