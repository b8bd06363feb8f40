/// Appending query parameters to a URL without disturbing what it has.
public enum URLQuery {
    /// `url` with `items` appended to its query: `?` when it has none, `&`
    /// otherwise (nothing when it already ends with `?` or `&`), inserted
    /// before any `#fragment`, which stays at the end. Names and values are
    /// percent-encoded except RFC 3986 unreserved characters.
    public static func appending(_ items: [(name: String, value: String)], to url: String) -> String {
        guard !items.isEmpty else { return url }
        let fragmentStart = url.firstIndex(of: "#") ?? url.endIndex
        let base = url[..<fragmentStart]
        let fragment = url[fragmentStart...]
        let separator: String
        if !base.contains("?") {
            separator = "?"
        } else if base.hasSuffix("?") || base.hasSuffix("&") {
            separator = ""
        } else {
            separator = "&"
        }
        let query = items.map { percentEncoded($0.name) + "=" + percentEncoded($0.value) }
            .joined(separator: "&")
        return base + separator + query + fragment
    }

    /// Percent-encodes every byte of `text` outside `A-Z a-z 0-9 - . _ ~`.
    public static func percentEncoded(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return out
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
