/// What the web app calls to send anything to a person; it never needs to
/// know whether the message leaves by SMTP, an SMS gateway or the demo outbox.
public protocol Messenger: Sendable {
    func deliver(_ message: OutgoingMessage) async throws(MessagingError)
}

/// One message to one person, by e-mail or by SMS.
public enum OutgoingMessage: Sendable, Equatable {
    case email(Email)
    case sms(TextMessage)
}

/// An e-mail to one recipient. Fields stay plain strings so that every check
/// (addresses, header injection) happens in one place, right before sending.
public struct Email: Sendable, Equatable, Codable {
    public var to: String
    /// Shown next to the address ("Camille Martin <camille@…>"); optional.
    public var toName: String?
    public var subject: String
    public var text: String
    /// When present the message is multipart/alternative (text + HTML).
    public var html: String?

    public init(to: String, toName: String? = nil, subject: String, text: String, html: String? = nil) {
        self.to = to
        self.toName = toName
        self.subject = subject
        self.text = text
        self.html = html
    }

    public init(to: String, toName: String? = nil, content: EmailContent) {
        self.init(to: to, toName: toName, subject: content.subject, text: content.text, html: content.html)
    }
}

/// An SMS to one French mobile number, written as people type it ("06 12…").
public struct TextMessage: Sendable, Equatable, Codable {
    public var to: String
    public var text: String

    public init(to: String, text: String) {
        self.to = to
        self.text = text
    }
}

/// What an e-mail template produces: ready to put into an `Email`.
public struct EmailContent: Sendable, Equatable, Codable {
    public var subject: String
    public var text: String
    public var html: String

    public init(subject: String, text: String, html: String) {
        self.subject = subject
        self.text = text
        self.html = html
    }
}

extension OutgoingMessage: Codable {
    // A flat {"kind": …, "email"|"sms": …} shape keeps outbox files readable.
    private enum CodingKeys: String, CodingKey { case kind, email, sms }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(String.self, forKey: .kind) {
        case "email": self = .email(try container.decode(Email.self, forKey: .email))
        case "sms": self = .sms(try container.decode(TextMessage.self, forKey: .sms))
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: container,
                                                   debugDescription: "unknown message kind \(other)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .email(let email):
            try container.encode("email", forKey: .kind)
            try container.encode(email, forKey: .email)
        case .sms(let sms):
            try container.encode("sms", forKey: .kind)
            try container.encode(sms, forKey: .sms)
        }
    }
}
