/// The two radix-64 encodings used by Unix crypt formats. Both use the
/// alphabet below in different orders and bit layouts; neither is RFC 4648.
enum CryptBase64 {
    /// crypt(3) alphabet, used by MD5-crypt and SHA-crypt.
    static let cryptAlphabet = Array("./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    /// bcrypt's alphabet: same symbols, different order.
    static let bcryptAlphabet = Array("./ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static func isCryptText(_ text: Substring) -> Bool {
        text.utf8.allSatisfy { cryptAlphabet.contains($0) }
    }

    /// crypt(3) style: a 24-bit group (b2 << 16 | b1 << 8 | b0) is emitted
    /// least-significant 6 bits first, `count` characters.
    static func appendCryptGroup(_ b2: UInt8, _ b1: UInt8, _ b0: UInt8, count: Int, to output: inout [UInt8]) {
        var word = UInt32(b2) << 16 | UInt32(b1) << 8 | UInt32(b0)
        for _ in 0..<count {
            output.append(cryptAlphabet[Int(word & 0x3f)])
            word >>= 6
        }
    }

    /// bcrypt style: big-endian bit order like RFC 4648, no padding.
    static func bcryptEncode(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let c1 = bytes[index]
            output.append(bcryptAlphabet[Int(c1 >> 2)])
            var carry = (c1 & 0x03) << 4
            guard index + 1 < bytes.count else { output.append(bcryptAlphabet[Int(carry)]); break }
            let c2 = bytes[index + 1]
            output.append(bcryptAlphabet[Int(carry | c2 >> 4)])
            carry = (c2 & 0x0f) << 2
            guard index + 2 < bytes.count else { output.append(bcryptAlphabet[Int(carry)]); break }
            let c3 = bytes[index + 2]
            output.append(bcryptAlphabet[Int(carry | c3 >> 6)])
            output.append(bcryptAlphabet[Int(c3 & 0x3f)])
            index += 3
        }
        return output
    }

    /// Decodes exactly `byteCount` bytes from bcrypt radix-64 text; extra low
    /// bits in the final character are ignored, as in the reference code.
    /// Returns nil on a character outside the alphabet or text too short.
    static func bcryptDecode(_ text: Substring, byteCount: Int) -> [UInt8]? {
        var sextets: [UInt8] = []
        for symbol in text.utf8 {
            guard let value = bcryptAlphabet.firstIndex(of: symbol) else { return nil }
            sextets.append(UInt8(value))
        }
        guard sextets.count * 6 >= byteCount * 8 else { return nil }
        var bytes: [UInt8] = []
        var accumulator: UInt32 = 0
        var bits = 0
        for sextet in sextets where bytes.count < byteCount {
            accumulator = accumulator << 6 | UInt32(sextet)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        return bytes.count == byteCount ? bytes : nil
    }
}
