import Foundation

/// Cookies a browser would keep, fed from Set-Cookie values.
public final class CookieJar: @unchecked Sendable {
    private let lock = NSLock()
    private var cookies: [String: String] = [:]

    public init() {}

    public subscript(name: String) -> String? {
        lock.withLock { cookies[name] }
    }

    /// The Cookie header value, nil when the jar is empty.
    public var headerValue: String? {
        lock.withLock { cookies.isEmpty ? nil : cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
    }

    public func take(setCookies: [String]) {
        lock.withLock {
            for value in setCookies {
                let pair = value.split(separator: ";")[0].split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                guard pair.count == 2 else { continue }
                let name = pair[0].trimmingCharacters(in: .whitespaces)
                cookies[name] = pair[1].isEmpty ? nil : String(pair[1])
            }
        }
    }
}

/// application/x-www-form-urlencoded, as browsers send it.
public func formBody(_ fields: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return fields.map { name, value in
        "\(name.addingPercentEncoding(withAllowedCharacters: allowed) ?? name)=\(value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value)"
    }.joined(separator: "&")
}

extension String {
    /// The first capture group of `pattern` in this text.
    public func firstCapture(of pattern: String) -> String? {
        guard let regex = try? NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators]),
              let match = regex.firstMatch(in: self, range: NSRange(startIndex..., in: self)),
              let range = Range(match.range(at: 1), in: self) else { return nil }
        return String(self[range])
    }

    /// The hidden CSRF field of a page.
    public var csrfField: String? { firstCapture(of: #"name="csrf" value="([^"]+)""#) }
}

/// The establishment choice page (/etablissement), as the tests read it.
public enum ChoicePage {
    /// The UAIs offered, in page order.
    public static func offered(in html: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: #"name="establishment" id="etab-[^"]+" value="([^"]+)""#) else { return [] }
        return regex.matches(in: html, range: NSRange(html.startIndex..., in: html)).compactMap {
            Range($0.range(at: 1), in: html).map { String(html[$0]) }
        }
    }

    /// The form fields that choose `uai` (or the first offered) on the page at `location`.
    public static func fields(page html: String, location: String, choosing uai: String?, remember: Bool = false) -> [(String, String)] {
        let handle = URLComponents(string: location)?.queryItems?.first { $0.name == "r" }?.value ?? ""
        var fields = [("csrf", html.csrfField ?? ""), ("r", handle), ("establishment", uai ?? offered(in: html).first ?? "")]
        if remember { fields.append(("remember", "1")) }
        return fields
    }
}
