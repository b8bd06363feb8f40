/// Quoted-printable body encoding (RFC 2045 §6.7). Output lines never exceed
/// 76 characters, end in CRLF, and carry only printable ASCII, so the body
/// needs no 8BITMIME support from any relay.
enum QuotedPrintable {
    static let maxLineLength = 76

    static func encode(_ text: String) -> String {
        let lines = normalizedLines(text)
        return lines.map(encodeLine).joined(separator: "\r\n")
    }

    /// Splits on CRLF, CR or LF so any input line-ending style becomes CRLF.
    static func normalizedLines(_ text: String) -> [Substring] {
        text.replacingCRLF().split(separator: "\n", omittingEmptySubsequences: false)
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ line: Substring) -> String {
        let bytes = Array(line.utf8)
        var output: [UInt8] = []
        var current = 0  // length of the output line being built
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            var token: [UInt8]
            if (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "=")) ||
                ((byte == 0x20 || byte == 0x09) && !isLast) {
                token = [byte]
            } else {
                // Trailing whitespace would be stripped by relays: encode it.
                token = [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            }
            // Keep one column for the soft break "=" unless this is the end.
            let limit = isLast ? maxLineLength : maxLineLength - 1
            if current + token.count > limit {
                output.append(contentsOf: Array("=\r\n".utf8))
                current = 0
            }
            output.append(contentsOf: token)
            current += token.count
        }
        return String(decoding: output, as: UTF8.self)
    }
}

extension StringProtocol {
    func replacingCRLF() -> String {
        String(self).replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    }
}
