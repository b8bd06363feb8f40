/// Base64 (RFC 4648) and URL percent-encoding for the bindings. XMLDSig has
/// its own copies, but they are internal to that module.
enum SAMLBase64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
    private static let table: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    static func encode(_ bytes: some Collection<UInt8>) -> String {
        var out = [UInt8]()
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var it = bytes.makeIterator()
        while let b0 = it.next() {
            let b1 = it.next(), b2 = it.next()
            let n = UInt32(b0) << 16 | UInt32(b1 ?? 0) << 8 | UInt32(b2 ?? 0)
            out.append(alphabet[Int(n >> 18 & 63)])
            out.append(alphabet[Int(n >> 12 & 63)])
            out.append(b1 == nil ? UInt8(ascii: "=") : alphabet[Int(n >> 6 & 63)])
            out.append(b2 == nil ? UInt8(ascii: "=") : alphabet[Int(n & 63)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Strict decoding, except that ASCII whitespace (line wrapping) is skipped.
    static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var quad: UInt32 = 0, count = 0, padding = 0, finished = false
        for c in text.utf8 {
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D { continue }
            guard !finished else { return nil }
            if c == UInt8(ascii: "=") {
                guard count >= 2 else { return nil }
                padding += 1
                quad <<= 6
            } else {
                guard padding == 0 else { return nil }
                let v = table[Int(c)]
                guard v != 0xFF else { return nil }
                quad = quad << 6 | UInt32(v)
            }
            count += 1
            if count == 4 {
                out.append(UInt8(quad >> 16 & 0xFF))
                if padding < 2 { out.append(UInt8(quad >> 8 & 0xFF)) }
                if padding < 1 { out.append(UInt8(quad & 0xFF)) }
                quad = 0
                count = 0
                finished = padding > 0
            }
        }
        return count == 0 ? out : nil
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        var s = encode(bytes)
        while s.hasSuffix("=") { s.removeLast() }
        return String(s.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }
}

enum URLEncoding {
    /// RFC 3986: everything except unreserved characters, upper-case hex.
    static func encode(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count * 3)
        for b in text.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.append(b)
            default:
                out += [UInt8(ascii: "%"), hex[Int(b >> 4)], hex[Int(b & 15)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Percent-decoding; "+" is a space only when `plusIsSpace` (form values,
    /// not base64 text, where an unencoded "+" means "+"). nil on a bad
    /// escape or invalid UTF-8.
    static func decode(_ text: some StringProtocol, plusIsSpace: Bool = true) -> String? {
        var out = [UInt8]()
        var it = Array(text.utf8)[...]
        while let b = it.popFirst() {
            switch b {
            case UInt8(ascii: "%"):
                guard let h = it.popFirst(), let l = it.popFirst(), let hi = hexValue(h), let lo = hexValue(l) else { return nil }
                out.append(hi << 4 | lo)
            case UInt8(ascii: "+") where plusIsSpace: out.append(UInt8(ascii: " "))
            default: out.append(b)
            }
        }
        return String(validating: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }

    /// Splits a raw query string into undecoded (name, value) pairs.
    static func rawPairs(_ query: String) -> [(name: Substring, value: Substring)] {
        query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (parts[0], parts.count == 2 ? parts[1] : "")
        }
    }
}

/// Escaping for text and attribute values written into XML. Characters XML
/// 1.0 forbids (most C0 controls, lone surrogates cannot occur in Swift
/// strings, U+FFFE/U+FFFF) become U+FFFD so the output always parses.
enum XMLEscape {
    static func text(_ s: String) -> String { escape(s, attribute: false) }
    static func attribute(_ s: String) -> String { escape(s, attribute: true) }

    private static func escape(_ s: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 16)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "'" where attribute: out += "&apos;"
            case "\t" where attribute: out += "&#9;"
            case "\n" where attribute: out += "&#10;"
            case "\r": out += "&#13;"
            case "\t", "\n": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out
    }
}
