import Foundation
import SesameTestSupport
import Storage
import Testing

/// Self-service with the real binary, a real SMTP server (aiosmtpd, with
/// STARTTLS and AUTH) and a real HTTP SMS gateway: the codes and links are
/// read from what those servers received.
@Suite struct SelfServiceInteropTests {
    /// `sesame serve --demo` sending through the real SMTP server and SMS gateway.
    struct Deployment {
        let server: SesameProcess, gateway: SMSGatewayPeer, smtp: SMTPPeer
        func stop() { server.stop(); gateway.stop(); smtp.stop() }
    }

    static func deploy(_ engine: Database.Engine) async throws -> Deployment {
        let directory = try SesameProcess.temporaryDirectory()
        let database = engine == .postgres ? ["--database", try await TestDatabases.postgresURL()] : []
        let gateway = try SMSGatewayPeer(statuses: [200])
        let smtp = try SMTPPeer(tls: true)
        let token = directory.appendingPathComponent("sms-token"), password = directory.appendingPathComponent("smtp-password")
        try "Bearer t0k3n-de-test".write(to: token, atomically: true, encoding: .utf8)
        try SMTPPeer.password.write(to: password, atomically: true, encoding: .utf8)
        let server = try await SesameProcess.serve([
            "--demo",
            "--sms-gateway-url", gateway.url, "--sms-token-file", token.path,
            "--smtp-host", "127.0.0.1", "--smtp-port", String(smtp.port), "--smtp-user", SMTPPeer.user,
            "--smtp-password-file", password.path, "--smtp-ca-file", smtp.certificate, "--mail-from", "no-reply@sesame.test",
        ] + database, in: directory)
        return Deployment(server: server, gateway: gateway, smtp: smtp)
    }

    @Test(arguments: TestDatabases.engines)
    func aParentActivatesBySMSThenConfirmsAnAddressByEMail(_ engine: Database.Engine) async throws {
        let d = try await Self.deploy(engine)
        defer { d.stop() }
        let (server, gateway, smtp) = (d.server, d.gateway, d.smtp)
        let base = server.baseURL, browser = Browser()

        // The demo's parent who has not activated yet: Thomas Lefèvre, Zoé's father.
        let page = try await browser.get(base + "/inscription")
        let started = try await browser.post(base + "/inscription", form: [("csrf", page.body.csrfField ?? ""), ("nom", "LEFEVRE"),
                                                                           ("prenom", "thomas"), ("mobile", "06 12 34 56 07")])
        #expect(started.status == 303)
        let handle = try #require(started.location?.components(separatedBy: "r=").last)
        let sent = try #require(try gateway.requests().last)
        #expect(sent.headers.first { $0.key.lowercased() == "authorization" }?.value == "Bearer t0k3n-de-test")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(sent.body.utf8)) as? [String: String])
        #expect(json["to"] == "+33612345607")
        let code = try #require(json["text"]?.firstCapture(of: #"(\d{6})"#))

        let checked = try await browser.post(base + "/inscription/code", form: [("csrf", page.body.csrfField ?? ""), ("r", handle), ("code", code)])
        #expect(checked.location == "/inscription/enfants?r=" + handle)
        let children = try await browser.get(base + "/inscription/enfants?r=" + handle)
        let pupil = try #require(children.body.firstCapture(of: #"name="naissance-(\d+)""#))
        let answered = try await browser.post(base + "/inscription/enfants", form: [("csrf", page.body.csrfField ?? ""), ("r", handle),
                                                                                  ("legal-" + pupil, "oui"), ("naissance-" + pupil, "09/08/2016")])
        #expect(answered.location == "/inscription/mot-de-passe?r=" + handle)
        let choose = try await browser.get(base + "/inscription/mot-de-passe?r=" + handle)
        let identifier = try #require(choose.body.firstCapture(of: #"class="identifiant">([^<]+)<"#))
        let done = try await browser.post(base + "/inscription/mot-de-passe", form: [("csrf", page.body.csrfField ?? ""), ("r", handle),
                                                                                   ("password", "Ciel-Bleu-2026"), ("confirmation", "Ciel-Bleu-2026")])
        #expect(done.status == 303)
        #expect(try await browser.get(base + "/compte").body.contains(identifier))

        // A new mobile, confirmed by a code that really went through the gateway.
        let mobilePage = try await browser.get(base + "/compte/mobile")
        let codePage = try await browser.post(base + "/compte/mobile", form: [("csrf", mobilePage.body.csrfField ?? ""), ("mobile", "07 98 76 54 32")])
        let mobileSMS = try #require(try gateway.requests().last)
        let mobileJSON = try #require(try JSONSerialization.jsonObject(with: Data(mobileSMS.body.utf8)) as? [String: String])
        #expect(mobileJSON["to"] == "+33798765432")
        let confirmed = try await browser.post(base + "/compte/mobile/code", form: [("csrf", mobilePage.body.csrfField ?? ""),
                                                                                 ("r", codePage.body.firstCapture(of: #"name="r" value="([^"]+)""#) ?? ""),
                                                                                 ("code", mobileJSON["text"]?.firstCapture(of: #"(\d{6})"#) ?? "")])
        #expect(confirmed.location == "/compte?modifie=mobile")

        // An address confirmed by the link that really went through SMTP.
        let profile = try await browser.get(base + "/compte/courriel")
        let asked = try await browser.post(base + "/compte/courriel", form: [("csrf", profile.body.csrfField ?? ""), ("email", "thomas.lefevre@example.org")])
        #expect(asked.body.contains("Confirmez votre adresse"))
        let mail = try #require(try smtp.received().last)
        #expect(mail.tls && mail.auth_user == SMTPPeer.user)
        #expect(mail.rcpt_tos == ["thomas.lefevre@example.org"])
        let text = mail.parts.first { $0.content_type == "text/plain" }?.content ?? ""
        let link = try #require(text.firstCapture(of: #"(/courriel/valider\?t=[A-Za-z0-9_-]+)"#))
        #expect(try await browser.get(base + link).body.contains("Adresse confirmée"))

        // The lost identifier arrives at that confirmed address.
        let lost = try await browser.get(base + "/identifiant-perdu")
        _ = try await browser.post(base + "/identifiant-perdu", form: [("csrf", lost.body.csrfField ?? ""), ("contact", "Thomas.Lefevre@example.org")])
        let reminder = try #require(try smtp.received().last)
        #expect(reminder.parts.contains { $0.content.contains(identifier) })

        // Later, the password is forgotten: a code by SMS to the school's number.
        let recovery = try await Browser().get(base + "/mot-de-passe-perdu")
        let fresh = Browser()
        let askedCode = try await fresh.post(base + "/mot-de-passe-perdu", form: [("csrf", recovery.body.csrfField ?? ""), ("identifier", identifier), ("canal", "sms")])
        #expect(askedCode.status == 403, "a form from another browser is refused (CSRF)")
        let ownPage = try await fresh.get(base + "/mot-de-passe-perdu")
        let asked2 = try await fresh.post(base + "/mot-de-passe-perdu", form: [("csrf", ownPage.body.csrfField ?? ""), ("identifier", identifier), ("canal", "sms")])
        let resetHandle = try #require(asked2.location?.components(separatedBy: "r=").last)
        let resetSMS = try #require(try gateway.requests().last)
        let resetText = (try JSONSerialization.jsonObject(with: Data(resetSMS.body.utf8)) as? [String: String])?["text"] ?? ""
        #expect(resetText.contains("mot de passe") || resetText.contains("code"))
        let resetCode = try #require(resetText.firstCapture(of: #"(\d{6})"#))
        let accepted = try await fresh.post(base + "/mot-de-passe-perdu/code", form: [("csrf", ownPage.body.csrfField ?? ""), ("r", resetHandle), ("code", resetCode)])
        #expect(accepted.location == "/reinitialiser?r=" + resetHandle)
        let reset = try await fresh.post(base + "/reinitialiser", form: [("csrf", ownPage.body.csrfField ?? ""), ("r", resetHandle),
                                                                       ("password", "Lune-Rousse-77"), ("confirmation", "Lune-Rousse-77")])
        #expect(reset.status == 303)
        #expect(try await Browser().logIn(at: base, identifier, "Lune-Rousse-77").status == 303)
    }

    /// The school's letter, then activation with an address confirmed by the link that went through SMTP.
    @Test(arguments: TestDatabases.engines)
    func aPupilActivatesWithTheSchoolsLetterAndConfirmsAnAddress(_ engine: Database.Engine) async throws {
        let d = try await Self.deploy(engine)
        defer { d.stop() }
        let base = d.server.baseURL, staff = Browser()
        let signIn = try await staff.get(base + "/admin/connexion")
        _ = try await staff.post(base + "/admin/connexion", form: [("csrf", signIn.body.csrfField ?? ""), ("login", "chef.college"), ("password", "Chef-Demo-2026")])
        let school = try await staff.get(base + "/admin/etablissement/0861002X")
        let account = try #require(school.body.firstCapture(of: #"name="compte-(\d+)""#))
        let letter = try await staff.post(base + "/admin/etablissement/0861002X/actions", form: [
            ("csrf", school.body.csrfField ?? ""), ("action", "notifier"), ("reinitialiser", "1"), ("compte-" + account, "1")])
        let identifier = try #require(letter.body.firstCapture(of: #"class="identifiant">([^<]+)<"#))
        let provisional = try #require(letter.body.firstCapture(of: #"class="provisoire">([^<]+)<"#))

        let pupil = Browser()
        let login = try await pupil.logIn(at: base, identifier, provisional)
        let activation = try #require(login.location)
        #expect(activation.hasPrefix("/activation?r="))
        let page = try await pupil.get(base + activation)
        #expect(page.body.contains(identifier))
        let done = try await pupil.post(base + "/activation", form: [
            ("csrf", page.body.csrfField ?? ""), ("r", activation.components(separatedBy: "r=").last ?? ""),
            ("password", "Cartable-Vert-8"), ("confirmation", "Cartable-Vert-8"), ("email", "eleve.demo@example.org")])
        #expect(done.status == 303)
        let mail = try #require(try d.smtp.received().last)
        #expect(mail.rcpt_tos == ["eleve.demo@example.org"] && mail.tls)
        let link = try #require(mail.parts.first { $0.content_type == "text/plain" }?.content.firstCapture(of: #"(/courriel/valider\?t=[A-Za-z0-9_-]+)"#))
        #expect(try await pupil.get(base + link).body.contains("Adresse confirmée"))
        #expect(try await Browser().logIn(at: base, identifier, provisional).status == 401, "the provisional password is spent")
        #expect(try await Browser().logIn(at: base, identifier, "Cartable-Vert-8").status == 303)
    }
}
