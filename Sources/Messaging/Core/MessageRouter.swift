/// Sends e-mail one way and SMS another, as a deployment configures them.
public struct MessageRouter: Messenger {
    public let email: (any Messenger)?
    public let sms: (any Messenger)?

    public init(email: (any Messenger)?, sms: (any Messenger)?) {
        self.email = email; self.sms = sms
    }

    public func deliver(_ message: OutgoingMessage) async throws(MessagingError) {
        switch message {
        case .email:
            guard let email else { throw .invalidConfiguration("no e-mail sender configured") }
            try await email.deliver(message)
        case .sms:
            guard let sms else { throw .invalidConfiguration("no SMS gateway configured") }
            try await sms.deliver(message)
        }
    }
}
