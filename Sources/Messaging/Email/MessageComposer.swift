import Foundation

/// A message ready for the SMTP envelope: validated addresses and the full
/// RFC 5322 text with CRLF line endings (not yet dot-stuffed).
struct ComposedMessage: Sendable {
    let sender: EmailAddress
    let recipient: EmailAddress
    let messageID: String
    let data: String
}

/// Turns an `Email` into RFC 5322 + MIME text. All validation happens here,
/// before any connection is opened, so a refused message sends nothing.
struct MessageComposer: Sendable {
    var sender: String
    var senderName: String?

    func compose(_ email: Email, date: Date = Date()) throws(MessagingError) -> ComposedMessage {
        let from = try EmailAddress(sender, field: "sender")
        let to = try EmailAddress(email.to, field: "recipient")
        try HeaderSafety.check(email.subject, field: "subject")
        if let name = senderName { try HeaderSafety.check(name, field: "sender name") }
        if let name = email.toName { try HeaderSafety.check(name, field: "recipient name") }

        let messageID = "<\(UUID().uuidString.lowercased())@\(from.domain)>"
        var headers = [
            "Date: \(Self.rfc5322Date(date))",
            "From: \(Self.mailbox(from, name: senderName))",
            "To: \(Self.mailbox(to, name: email.toName))",
            "Subject: \(Self.headerText(email.subject))",
            "Message-ID: \(messageID)",
            "MIME-Version: 1.0",
        ]
        var body: [String]
        if let html = email.html {
            // "=_" can never occur in quoted-printable output, so the boundary
            // cannot collide with the content.
            let boundary = "=_sesame_" + UUID().uuidString.replacing("-", with: "")
            headers.append("Content-Type: multipart/alternative;\r\n boundary=\"\(boundary)\"")
            body = [
                "This is a multi-part message in MIME format.",
                "--\(boundary)",
                Self.partHeaders(type: "text/plain"),
                "",
                QuotedPrintable.encode(email.text),
                "--\(boundary)",
                Self.partHeaders(type: "text/html"),
                "",
                QuotedPrintable.encode(html),
                "--\(boundary)--",
            ]
        } else {
            headers.append(Self.partHeaders(type: "text/plain"))
            body = [QuotedPrintable.encode(email.text)]
        }
        let data = (headers + [""] + body).joined(separator: "\r\n") + "\r\n"
        return ComposedMessage(sender: from, recipient: to, messageID: messageID, data: data)
    }

    private static func partHeaders(type: String) -> String {
        "Content-Type: \(type); charset=UTF-8\r\nContent-Transfer-Encoding: quoted-printable"
    }

    static func headerText(_ text: String) -> String {
        EncodedWord.needsEncoding(text) ? EncodedWord.encode(text) : text
    }

    /// `"Name" <addr>`; a non-ASCII name becomes an encoded word instead of
    /// a quoted string (encoded words are not allowed inside quotes).
    static func mailbox(_ address: EmailAddress, name: String?) -> String {
        guard let name, !name.isEmpty else { return "<\(address.value)>" }
        if EncodedWord.needsEncoding(name) {
            return "\(EncodedWord.encode(name)) <\(address.value)>"
        }
        let quoted = name.replacing("\\", with: "\\\\").replacing("\"", with: "\\\"")
        return "\"\(quoted)\" <\(address.value)>"
    }

    static func rfc5322Date(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss '+0000'"
        return formatter.string(from: date)
    }
}

enum DotStuffing {
    /// SMTP DATA transparency (RFC 5321 §4.5.2): a line starting with "."
    /// gets one more, then the terminating "." line is appended.
    static func stuff(_ data: String) -> String {
        var lines = data.split(separator: "\r\n", omittingEmptySubsequences: false).map { line in
            line.hasPrefix(".") ? "." + line : String(line)
        }
        if lines.last == "" { lines.removeLast() }
        return lines.joined(separator: "\r\n") + "\r\n.\r\n"
    }
}
