import ArgumentParser
import Bridge
import Foundation
import Messaging

/// How SMS and e-mails leave. Without a sender, demo mode keeps messages
/// in <data-dir>/outbox (shown at /demo/outbox); production pages say
/// self-service by SMS or e-mail is not available.
struct MessagingOptions: ParsableArguments {
    @Option(name: .customLong("smtp-host"), help: "SMTP server for e-mails.") var smtpHost: String?
    @Option(name: .customLong("smtp-port"), help: "SMTP port.") var smtpPort = 587
    @Option(name: .customLong("smtp-tls"), help: "required (STARTTLS, default), opportunistic or off (loopback tests only).") var smtpTLS = "required"
    @Option(name: .customLong("smtp-user"), help: "SMTP login (AUTH PLAIN or LOGIN).") var smtpUser: String?
    @Option(name: .customLong("smtp-password-file"), help: "File holding the SMTP password.") var smtpPasswordFile: String?
    @Option(name: .customLong("smtp-ca-file"), help: "PEM file of the certificate authorities to trust (default: the system's).") var smtpCAFile: String?
    @Option(name: .customLong("mail-from"), help: "Sender address of e-mails.") var mailFrom = "no-reply@sesame.invalid"
    @Option(name: .customLong("sms-gateway-url"), help: "HTTP(S) URL the SMS provider takes JSON POSTs at.") var smsURL: String?
    @Option(name: .customLong("sms-token-header"), help: "Header carrying the SMS provider's token.") var smsTokenHeader = "Authorization"
    @Option(name: .customLong("sms-token-file"), help: "File holding the token value (e.g. 'Bearer …').") var smsTokenFile: String?
    @Option(name: .customLong("sms-body"), help: "JSON body with {{recipient}} and {{text}} inside strings.")
    var smsBody = #"{"to": "{{recipient}}", "text": "{{text}}"}"#

    func messenger() throws -> (any Messenger)? {
        var mailer: (any Messenger)?
        if let smtpHost {
            guard let tls = ["required": SMTPConfiguration.TLSMode.required, "opportunistic": .opportunistic, "off": .off][smtpTLS] else {
                throw ValidationError("--smtp-tls must be required, opportunistic or off.")
            }
            let password = try smtpPasswordFile.map { try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) }
            let credentials = smtpUser.map { SMTPConfiguration.Credentials(username: $0, password: password ?? "") }
            mailer = SMTPMailer(configuration: SMTPConfiguration(
                host: smtpHost, port: smtpPort, tls: tls, trustRoots: smtpCAFile.map { .pemFile($0) } ?? .system,
                credentials: credentials, sender: mailFrom, senderName: "Sesame"))
        }
        var sms: (any Messenger)?
        if let smsURL {
            let token = try smsTokenFile.map { try String(contentsOfFile: $0, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines) } ?? ""
            let template: JSONBodyTemplate
            do { template = try JSONBodyTemplate(smsBody) } catch { throw ValidationError("--sms-body: \(error)") }
            sms = SMSGateway(configuration: SMSGatewayConfiguration(url: smsURL, tokenHeaderName: smsTokenHeader, tokenValue: token,
                                                                   bodyTemplate: template))
        }
        return mailer == nil && sms == nil ? nil : MessageRouter(email: mailer, sms: sms)
    }
}
