import Accounts
import Foundation
import Logging
import Messaging
import Primitives

/// Where codes, links and identifiers go, and how often: messages cost
/// money and can be used to harass, so each recipient and each address gets
/// a few, then growing waits. Every request counts, whether or not an
/// account matched, so the waits reveal nothing.
struct Deliveries: Sendable {
    let messenger: (any Messenger)?
    /// Delivery budgets and the audit.
    typealias Store = ThrottleStore & AuditTrail
    let store: any Store
    let templates = MessageTemplates(productName: "Sesame")

    /// Refuses with a French page when `recipient` or `ip` asked too often; counts this request.
    func allow(recipient: String, ip: String, now: Date = Date()) async throws {
        let budgets = [ThrottleBudget(ThrottleKey.messageTo(recipient), .messagesPerRecipient), ThrottleBudget(ThrottleKey.messageFrom(ip), .messagesPerAddress)]
        // Reserved in one statement per key, so requests sent at once all count.
        if let wait = try await store.reserveAttempt(budgets, now: now) {
            try await store.record(AuditEvent(at: now, kind: .messageThrottled, subject: String(recipient.prefix(64)), ip: ip))
            throw PageError(.tooManyRequests, title: "Trop de demandes",
                            message: "Vous avez fait trop de demandes d'envoi. Pour votre sécurité, patientez \(LoginService.Refusal.french(wait)) avant de réessayer.",
                            log: "message throttled")
        }
    }

    func send(_ message: OutgoingMessage, logger: Logger) async throws {
        guard let messenger else { throw Self.notConfigured }
        do {
            try await messenger.deliver(message)
        } catch {
            logger.error("message not delivered: \(error.logMessage)")
            throw PageError(.badGateway, title: "Envoi impossible", message: error.userMessage, log: error.logMessage)
        }
    }

    func sms(_ text: String, to mobile: MobileNumber, logger: Logger) async throws {
        try await send(.sms(TextMessage(to: "0" + mobile.key, text: text)), logger: logger)
    }

    func email(_ content: EmailContent, to address: String, name: String?, logger: Logger) async throws {
        try await send(.email(Email(to: address, toName: name, content: content)), logger: logger)
    }

    static let notConfigured = PageError(.serviceUnavailable, title: "Envoi non disponible",
        message: "L'envoi de SMS et de courriels n'est pas configuré sur ce service. Contactez l'école ou l'établissement.",
        log: "no messenger configured")
}
