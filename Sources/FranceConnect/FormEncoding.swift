import Foundation

/// `application/x-www-form-urlencoded` encoding and query parsing, done by hand because
/// Foundation's URLComponents leaves `+`, `&`-adjacent and `=` characters ambiguous in values.
public enum FormEncoding {
    /// RFC 3986 unreserved characters are the only ones left as they are.
    private static let unreserved: Set<UInt8> = Set(
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8))

    public static func percentEncode(_ value: String) -> String {
        var output = ""
        for byte in value.utf8 {
            if unreserved.contains(byte) {
                output.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                output += String(format: "%%%02X", byte)
            }
        }
        return output
    }

    /// Encodes pairs in the given order (order kept for readable logs and stable tests).
    public static func encode(_ pairs: [(String, String)]) -> String {
        pairs.map { "\(percentEncode($0.0))=\(percentEncode($0.1))" }.joined(separator: "&")
    }

    /// Decodes a query string; `+` means space as in HTML forms. Returns nil on malformed escapes.
    public static func decode(_ query: String) -> [(String, String)]? {
        var trimmed = Substring(query)
        if trimmed.hasPrefix("?") { trimmed = trimmed.dropFirst() }
        if trimmed.isEmpty { return [] }
        var pairs: [(String, String)] = []
        for part in trimmed.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = unescape(pieces[0]),
                let value = pieces.count > 1 ? unescape(pieces[1]) : ""
            else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    private static func unescape(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// Appends query parameters to a URL that may already carry a query.
    static func appendQuery(_ url: String, _ pairs: [(String, String)]) -> String {
        url + (url.contains("?") ? "&" : "?") + encode(pairs)
    }
}
