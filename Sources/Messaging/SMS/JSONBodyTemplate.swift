/// The request body an SMS provider expects, written once in configuration
/// with `{{recipient}}` and `{{text}}` placeholders inside JSON strings, e.g.
/// `{"to": "{{recipient}}", "message": "{{text}}", "sender": "Sesame"}`.
/// Values are JSON-escaped on substitution so a message cannot break out of
/// its string.
public struct JSONBodyTemplate: Sendable, Equatable {
    public let template: String

    public init(_ template: String) throws(MessagingError) {
        guard template.contains("{{recipient}}"), template.contains("{{text}}") else {
            throw .invalidConfiguration("SMS body template needs {{recipient}} and {{text}}")
        }
        self.template = template
    }

    public func render(recipient: String, text: String) -> String {
        template
            .replacing("{{recipient}}", with: Self.escape(recipient))
            .replacing("{{text}}", with: Self.escape(text))
    }

    /// String contents per RFC 8259 §7 (without the surrounding quotes).
    static func escape(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            // U+2028/2029 are valid JSON but break naive JavaScript consumers.
            case _ where scalar.value < 0x20 || scalar == "\u{2028}" || scalar == "\u{2029}":
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
