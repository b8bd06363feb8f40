/// Base64 (RFC 4648) without Foundation. Decoding skips XML whitespace,
/// because xmlsec and others wrap base64 content at 64 or 76 columns.
public enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    private static let decodeTable: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 256)
        for (i, c) in alphabet.enumerated() { table[Int(c)] = UInt8(i) }
        return table
    }()

    public static func encode(_ bytes: some Collection<UInt8>) -> String {
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

    /// nil if the text is not valid base64 (padding is required).
    public static func decode(_ text: some StringProtocol) -> [UInt8]? {
        var out = [UInt8]()
        out.reserveCapacity(text.utf8.count * 3 / 4)
        var quad: UInt32 = 0
        var count = 0
        var padding = 0
        for c in text.utf8 {
            switch c {
            case 0x20, 0x09, 0x0A, 0x0D:
                continue
            case UInt8(ascii: "="):
                padding += 1
                quad <<= 6
                count += 1
            default:
                guard padding == 0 else { return nil }
                let v = decodeTable[Int(c)]
                guard v != 0xFF else { return nil }
                quad = quad << 6 | UInt32(v)
                count += 1
            }
            if count == 4 {
                out.append(UInt8(quad >> 16 & 0xFF))
                if padding < 2 { out.append(UInt8(quad >> 8 & 0xFF)) }
                if padding < 1 { out.append(UInt8(quad & 0xFF)) }
                quad = 0
                count = 0
                if padding > 0 { padding = 3 } // nothing may follow a padded quad
            }
        }
        guard count == 0, padding <= 3 else { return nil }
        return out
    }

    /// URL-safe alphabet without padding (RFC 4648 §5).
    public static func base64URL(_ bytes: [UInt8]) -> String {
        var s = encode(bytes)
        while s.hasSuffix("=") { s.removeLast() }
        return String(s.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
    }
}
