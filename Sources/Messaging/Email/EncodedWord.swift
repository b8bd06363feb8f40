import Foundation
import Primitives

/// RFC 2047 encoded words for header text that is not plain ASCII (accented
/// subjects and names). Base64 ("B") keeps the rules simple; each word stays
/// under 75 characters and words are split on character boundaries so no
/// UTF-8 sequence is cut in half.
enum EncodedWord {
    /// 42 bytes → 56 base64 chars + 12 of "=?UTF-8?B??=" = 68, so even the
    /// first word after "Subject: " fits in 78 columns.
    static let maxBytesPerWord = 42

    static func needsEncoding(_ text: String) -> Bool {
        text.utf8.contains { $0 < 0x20 || $0 > 0x7E } || text.contains("=?")
    }

    /// The header value, folded with CRLF + space between words when long.
    static func encode(_ text: String) -> String {
        var words: [String] = []
        var chunk: [UInt8] = []
        for character in text {
            let bytes = Array(String(character).utf8)
            if chunk.count + bytes.count > maxBytesPerWord, !chunk.isEmpty {
                words.append(word(chunk))
                chunk = []
            }
            chunk.append(contentsOf: bytes)
        }
        if !chunk.isEmpty || words.isEmpty { words.append(word(chunk)) }
        return words.joined(separator: "\r\n ")
    }

    private static func word(_ bytes: [UInt8]) -> String {
        "=?UTF-8?B?" + Data(bytes).base64EncodedString() + "?="
    }
}
