import Foundation
import SesameTestSupport
import Testing
@testable import Messaging

/// SMTPMailer against a real aiosmtpd server over STARTTLS with AUTH.
@Suite struct SMTPMailerTests {
    let templates = MessageTemplates()

    @Test func deliversMultipartMailWithAccentedSubjectOverTLS() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let content = EmailContent(
            subject: "Sesame : votre code de sécurité – élève Zoé Lefèvre, classe de 3ᵉ, collège Jean-Baptiste-Poquelin",
            text: "Bonjour,\nVotre code est 482913.\nÀ bientôt, l’équipe. Égalité = fraternité.",
            html: "<p>Votre code est <strong>482913</strong>.</p>")
        try await SMTPMailer(configuration: peer.configuration())
            .deliver(.email(Email(to: "zoe.lefevre@college.example", toName: "Zoé Lefèvre", content: content)))

        let mails = try peer.received()
        #expect(mails.count == 1)
        let mail = try #require(mails.first)
        #expect(mail.tls)
        #expect(mail.auth_user == SMTPPeer.user)
        #expect(mail.mail_from == "no-reply@sesame.example")
        #expect(mail.rcpt_tos == ["zoe.lefevre@college.example"])
        #expect(mail.subject == content.subject)
        #expect(mail.from == "Sesame – Académie <no-reply@sesame.example>")
        #expect(mail.to == "Zoé Lefèvre <zoe.lefevre@college.example>")
        #expect(mail.content_type == "multipart/alternative")
        #expect(mail.defects.isEmpty)
        #expect(mail.parts.map(\.content_type) == ["text/plain", "text/html"])
        #expect(mail.parts.allSatisfy { $0.charset == "utf-8" && $0.transfer_encoding == "quoted-printable" })
        // In multipart, the CRLF before a boundary belongs to the boundary.
        #expect(mail.parts[0].content.replacingOccurrences(of: "\r\n", with: "\n") == content.text)
        #expect(mail.parts[1].content == content.html)
        #expect(mail.parts[0].content.contains("482913"))
        #expect(mail.parts[1].content.contains("<strong>482913</strong>"))
        #expect(mail.message_id.hasPrefix("<") && mail.message_id.hasSuffix("@sesame.example>"))
        #expect(mail.date.hasSuffix("+0000"))
        // Nothing on the wire is 8-bit and no line is longer than RFC 5322 asks.
        #expect(mail.raw.unicodeScalars.allSatisfy { $0.isASCII })
        let lines = mail.raw.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.count <= 78 }, "\(lines.filter { $0.count > 78 })")
    }

    @Test func dotStuffingKeepsLinesThatStartWithADot() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let text = "Ligne normale\n.\n.cachée commence par un point\n..deux points\nfin"
        try await SMTPMailer(configuration: peer.configuration())
            .send(Email(to: "parent@example.org", subject: "Points", text: text))

        let mail = try #require(try peer.received().first)
        #expect(mail.parts.count == 1)
        #expect(mail.parts[0].content.replacingOccurrences(of: "\r\n", with: "\n") == text + "\n")
        #expect(mail.raw.contains("\r\n.\r\n"), "a lone dot line must survive un-stuffing")
    }

    @Test func authLoginMechanismWorks() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let content = templates.passwordResetLinkEmail(displayName: "Léa", link: URL(string: "https://sesame.example/reset?t=abc&x=1")!)
        try await SMTPMailer(configuration: peer.configuration(mechanisms: [.login]))
            .send(Email(to: "lea@example.org", content: content))
        let mail = try #require(try peer.received().first)
        #expect(mail.auth_user == SMTPPeer.user)
        #expect(mail.subject == "Sesame : réinitialisation de votre mot de passe")
        #expect(mail.parts[1].content.contains("href=\"https://sesame.example/reset?t=abc&amp;x=1\""))
    }

    @Test func wrongPasswordIsATypedAuthenticationError() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let mailer = SMTPMailer(configuration: peer.configuration(password: "wrong"))
        let error = await #expect(throws: MessagingError.self) {
            try await mailer.send(Email(to: "a@example.org", subject: "x", text: "y"))
        }
        guard case .authenticationFailed(let code, _) = error else {
            Issue.record("unexpected \(String(describing: error))"); return
        }
        #expect(code == 535)
        #expect(error?.userMessage.contains("535") == false)
        #expect(try peer.received().isEmpty)
    }

    @Test(arguments: [
        Email(to: "a@example.org", subject: "Bonjour\r\nBcc: victim@example.org", text: "x"),
        Email(to: "a@example.org", subject: "Bonjour\nBcc: victim@example.org", text: "x"),
        Email(to: "a@example.org\r\nRCPT TO:<victim@example.org>", subject: "ok", text: "x"),
        Email(to: "a@example.org", toName: "Nom\rX-Injected: 1", subject: "ok", text: "x"),
    ])
    func headerInjectionIsRefusedAndNothingIsSent(email: Email) async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let error = await #expect(throws: MessagingError.self) {
            try await SMTPMailer(configuration: peer.configuration()).send(email)
        }
        guard case .headerInjection = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(try peer.received().isEmpty)
    }

    @Test func invalidAddressIsRefused() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        await #expect(throws: MessagingError.invalidEmailAddress("pas une adresse")) {
            try await SMTPMailer(configuration: peer.configuration()).send(Email(to: "pas une adresse", subject: "s", text: "t"))
        }
        #expect(try peer.received().isEmpty)
    }

    @Test func untrustedCertificateFailsTLS() async throws {
        let peer = try SMTPPeer()
        defer { peer.stop() }
        let error = await #expect(throws: MessagingError.self) {
            try await SMTPMailer(configuration: peer.configuration(trustRoots: .system))
                .send(Email(to: "a@example.org", subject: "s", text: "t"))
        }
        guard case .tlsFailed = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(try peer.received().isEmpty)
    }

    @Test func requiredTLSRefusesAServerWithoutSTARTTLS() async throws {
        let peer = try SMTPPeer(tls: false)
        defer { peer.stop() }
        await #expect(throws: MessagingError.tlsUnavailable(host: "127.0.0.1")) {
            try await SMTPMailer(configuration: peer.configuration(tls: .required))
                .send(Email(to: "a@example.org", subject: "s", text: "t"))
        }
    }

    @Test func credentialsNeverGoInClearUnlessAllowedOnLoopback() async throws {
        let peer = try SMTPPeer(tls: false)
        defer { peer.stop() }
        let email = Email(to: "a@example.org", subject: "En clair", text: "t")
        await #expect(throws: MessagingError.insecureAuthentication) {
            try await SMTPMailer(configuration: peer.configuration(tls: .opportunistic)).send(email)
        }
        #expect(try peer.received().isEmpty)

        var loopback = peer.configuration(tls: .off)
        loopback.allowAuthenticationWithoutTLS = true
        try await SMTPMailer(configuration: loopback).send(email)
        let mail = try #require(try peer.received().first)
        #expect(!mail.tls)
        #expect(mail.subject == "En clair")

        var remote = loopback
        remote.host = "smtp.example.org"
        await #expect(throws: MessagingError.self) { try await SMTPMailer(configuration: remote).send(email) }
    }

    @Test func silentServerTimesOut() async throws {
        let directory = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let silent = try ListeningPeer(code: """
            import socket, sys
            s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
            print("PORT", s.getsockname()[1], flush=True)
            conn, _ = s.accept()
            sys.stdin.read()
            """, arguments: [], workDirectory: directory)
        defer { silent.stop() }
        let config = SMTPConfiguration(host: "127.0.0.1", port: silent.port, tls: .off, sender: "a@example.org",
                                       replyTimeout: .milliseconds(300))
        await #expect(throws: MessagingError.timeout(stage: "greeting")) {
            try await SMTPMailer(configuration: config).send(Email(to: "b@example.org", subject: "s", text: "t"))
        }
    }

    @Test func closedPortIsAConnectionError() async throws {
        let config = SMTPConfiguration(host: "127.0.0.1", port: 1, tls: .off, sender: "a@example.org")
        let error = await #expect(throws: MessagingError.self) {
            try await SMTPMailer(configuration: config).send(Email(to: "b@example.org", subject: "s", text: "t"))
        }
        guard case .connectionFailed(_, 1, _) = error else { Issue.record("unexpected \(String(describing: error))"); return }
        #expect(error?.userMessage == "Le message n’a pas pu être envoyé. Veuillez réessayer dans quelques minutes.")
    }
}
