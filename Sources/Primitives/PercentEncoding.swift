/// RFC 3986 percent-encoding and `application/x-www-form-urlencoded`
/// queries, for every module: everything but unreserved characters is
/// encoded, with upper-case hex, as most SAML, CAS and OpenID stacks do.
public enum PercentEncoding {
    public static func encode(_ text: some StringProtocol) -> String {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count * 3)
        for b in text.utf8 {
            if isUnreserved(b) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(Hex.upperDigits[Int(b >> 4)])
                out.append(Hex.upperDigits[Int(b & 15)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// nil on a broken escape or invalid UTF-8.
    public static func decode(_ text: some StringProtocol, plusIsSpace: Bool = true) -> String? {
        decode(bytes: text.utf8, plusIsSpace: plusIsSpace)
    }

    /// The same on raw bytes, as a form body arrives.
    public static func decode(bytes: some Collection<UInt8>, plusIsSpace: Bool = true) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var it = Array(bytes)[...]
        while let b = it.popFirst() {
            if b == UInt8(ascii: "%") {
                guard it.count >= 2, let hi = Hex.value(it.popFirst()!), let lo = Hex.value(it.popFirst()!) else { return nil }
                out.append(hi << 4 | lo)
            } else if b == UInt8(ascii: "+"), plusIsSpace {
                out.append(UInt8(ascii: " "))
            } else {
                out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    /// Splits a raw query string into undecoded (name, value) pairs.
    public static func rawPairs(_ query: some StringProtocol) -> [(name: Substring, value: Substring)] {
        Substring(query).split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (parts[0], parts.count == 2 ? parts[1] : "")
        }
    }

    /// `name=value&…` in the given order (kept for readable logs and stable tests).
    public static func form(_ pairs: [(String, String)]) -> String {
        pairs.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// Decodes a query string or form body (a leading `?` is ignored; `+`
    /// means space). nil on a malformed escape.
    public static func decodeForm(_ query: some StringProtocol) -> [(String, String)]? {
        var trimmed = Substring(query)
        if trimmed.hasPrefix("?") { trimmed = trimmed.dropFirst() }
        var pairs: [(String, String)] = []
        for (rawName, rawValue) in rawPairs(trimmed) {
            guard let name = decode(rawName), let value = decode(rawValue) else { return nil }
            pairs.append((name, value))
        }
        return pairs
    }

    /// `url` with `items` appended to its query: `?` when it has none, `&`
    /// otherwise (nothing when it already ends with `?` or `&`), inserted
    /// before any `#fragment`, which stays at the end.
    public static func appending(_ items: [(String, String)], to url: String) -> String {
        guard !items.isEmpty else { return url }
        let fragmentStart = url.firstIndex(of: "#") ?? url.endIndex
        let base = url[..<fragmentStart]
        let separator: String
        if !base.contains("?") {
            separator = "?"
        } else if base.hasSuffix("?") || base.hasSuffix("&") {
            separator = ""
        } else {
            separator = "&"
        }
        return base + separator + form(items) + url[fragmentStart...]
    }

    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
             UInt8(ascii: "_"), UInt8(ascii: "~"):
            true
        default:
            false
        }
    }
}
