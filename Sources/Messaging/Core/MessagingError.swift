/// Every way delivering a message can fail.
///
/// `userMessage` is French and safe to show on a page: it never names hosts,
/// codes or server replies. `logMessage` is English and carries the details.
public enum MessagingError: Error, Sendable, Equatable {
    /// The address is not one we can send to (syntax, non-ASCII, too long).
    case invalidEmailAddress(String)
    /// A header value or address contains CR, LF or another control character.
    case headerInjection(field: String)
    /// Not a French mobile number.
    case invalidPhoneNumber(String)
    /// The configuration cannot work (e.g. authentication without TLS off loopback).
    case invalidConfiguration(String)
    case connectionFailed(host: String, port: Int, reason: String)
    case timeout(stage: String)
    /// TLS is required but the server does not offer STARTTLS.
    case tlsUnavailable(host: String)
    case tlsFailed(reason: String)
    /// Credentials would have crossed the network in clear: refused before sending.
    case insecureAuthentication
    case authenticationUnsupported(offered: [String])
    case authenticationFailed(code: Int, reply: String)
    /// The SMTP server answered a command with an unexpected code.
    case serverRejected(command: String, code: Int, reply: String)
    /// The peer broke the protocol (malformed reply, closed early).
    case protocolViolation(String)
    /// The SMS gateway answered 4xx: retrying would not help.
    case gatewayRefused(status: Int, bodyExcerpt: String)
    /// The SMS gateway kept failing (network, 5xx, 429) until retries ran out.
    case gatewayUnavailable(attempts: Int, lastProblem: String)
    case outboxFailure(String)

    public var userMessage: String {
        switch self {
        case .invalidEmailAddress, .headerInjection:
            return "L’adresse électronique ou le contenu du message n’est pas valide."
        case .invalidPhoneNumber:
            return "Le numéro de téléphone portable indiqué n’est pas valide. Indiquez un numéro français commençant par 06 ou 07."
        case .gatewayRefused, .gatewayUnavailable:
            return "Le SMS n’a pas pu être envoyé. Veuillez réessayer dans quelques minutes."
        case .outboxFailure:
            return "Le message n’a pas pu être enregistré. Veuillez réessayer."
        default:
            return "Le message n’a pas pu être envoyé. Veuillez réessayer dans quelques minutes."
        }
    }

    public var logMessage: String {
        switch self {
        case .invalidEmailAddress(let address):
            return "invalid e-mail address \(Self.quoted(address))"
        case .headerInjection(let field):
            return "refused control characters (CR/LF) in \(field)"
        case .invalidPhoneNumber(let number):
            return "not a French mobile number: \(Self.quoted(number))"
        case .invalidConfiguration(let reason):
            return "invalid messaging configuration: \(reason)"
        case .connectionFailed(let host, let port, let reason):
            return "could not connect to \(host):\(port): \(reason)"
        case .timeout(let stage):
            return "timed out waiting for \(stage)"
        case .tlsUnavailable(let host):
            return "TLS required but \(host) does not offer STARTTLS"
        case .tlsFailed(let reason):
            return "TLS failure: \(reason)"
        case .insecureAuthentication:
            return "refused to authenticate over an unencrypted connection"
        case .authenticationUnsupported(let offered):
            return "no usable AUTH mechanism; server offers \(offered.isEmpty ? "none" : offered.joined(separator: " "))"
        case .authenticationFailed(let code, let reply):
            return "SMTP authentication failed: \(code) \(reply)"
        case .serverRejected(let command, let code, let reply):
            return "SMTP server rejected \(command): \(code) \(reply)"
        case .protocolViolation(let detail):
            return "SMTP protocol violation: \(detail)"
        case .gatewayRefused(let status, let excerpt):
            return "SMS gateway refused the message: HTTP \(status): \(excerpt)"
        case .gatewayUnavailable(let attempts, let last):
            return "SMS gateway unavailable after \(attempts) attempt(s): \(last)"
        case .outboxFailure(let reason):
            return "outbox failure: \(reason)"
        }
    }

    /// Log-safe rendering of untrusted input: escapes control characters so a
    /// hostile value cannot forge log lines.
    static func quoted(_ value: String) -> String {
        let clipped = value.count > 80 ? String(value.prefix(80)) + "…" : value
        return "\"" + clipped.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? "\\u{\(String(scalar.value, radix: 16))}" : String(scalar)
        }.joined() + "\""
    }
}
