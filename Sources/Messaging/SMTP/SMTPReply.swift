/// One complete server reply; multi-line replies ("250-…" then "250 …")
/// are gathered into a single value.
struct SMTPReply: Sendable, Equatable {
    let code: Int
    /// The text of each line, without the code and separator.
    let lines: [String]

    var isPositiveCompletion: Bool { (200..<300).contains(code) }
    var isIntermediate: Bool { (300..<400).contains(code) }
    /// For error messages: the reply text on one line, bounded.
    var summary: String { String(lines.joined(separator: " / ").prefix(200)) }

    /// EHLO keywords (upper-cased) mapped to their parameters; the first line
    /// is the server greeting, not an extension.
    var extensions: [String: [String]] {
        var result: [String: [String]] = [:]
        for line in lines.dropFirst() {
            let words = line.split(separator: " ").map(String.init)
            guard let keyword = words.first else { continue }
            result[keyword.uppercased()] = words.dropFirst().map { $0.uppercased() }
        }
        return result
    }
}

/// Incremental parser for SMTP replies (RFC 5321 §4.2), kept free of NIO so
/// it can be tested on plain bytes.
struct SMTPReplyParser {
    static let maxLineLength = 2048
    static let maxLines = 100

    private var pendingCode: Int?
    private var pendingLines: [String] = []

    enum LineResult: Equatable { case needMore, reply(SMTPReply) }

    /// Feeds one line (without CRLF).
    mutating func consume(line: [UInt8]) throws(MessagingError) -> LineResult {
        guard line.count >= 3, line.count <= Self.maxLineLength,
              line[0..<3].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
              let code = Int(String(decoding: line[0..<3], as: UTF8.self)), (100..<600).contains(code) else {
            throw .protocolViolation("malformed reply line \(MessagingError.quoted(String(decoding: line.prefix(80), as: UTF8.self)))")
        }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            throw .protocolViolation("bad reply separator")
        }
        if let pendingCode, pendingCode != code {
            throw .protocolViolation("reply code changed inside a multi-line reply")
        }
        guard pendingLines.count < Self.maxLines else { throw .protocolViolation("reply too long") }
        pendingCode = code
        pendingLines.append(line.count > 4 ? String(decoding: line[4...], as: UTF8.self) : "")
        if separator == UInt8(ascii: "-") { return .needMore }
        let reply = SMTPReply(code: code, lines: pendingLines)
        pendingCode = nil
        pendingLines = []
        return .reply(reply)
    }
}
