import Foundation
import Messaging
import SesameTestSupport
import Testing

/// "S'identifier avec FranceConnect" with the real binary: against an
/// independent OpenID provider (oidc-provider-mock, run from the venv), and
/// against the demo provider built into --demo.
@Suite struct FranceConnectLoginTests {
    /// The newest SMS code of the demo outbox.
    static func lastCode(_ directory: URL) throws -> String? {
        let outbox = FileOutbox(directory: directory.appendingPathComponent("data/outbox"))
        guard case .sms(let sms)? = try outbox.list(limit: 1).first?.message else { return nil }
        return sms.text.firstCapture(of: #"(\d{6})"#)
    }

    /// From Sesame's callback to the linked, logged-in account: mobile, SMS code, children's birth dates.
    static func firstLogin(_ browser: Browser, base: String, directory: URL, callback: Browser.Page) async throws -> Browser.Page {
        let first = try #require(callback.location)
        #expect(first.hasPrefix("/franceconnect/premiere-connexion?r="))
        let page = try await browser.get(base + first)
        #expect(page.body.contains("Première connexion avec FranceConnect") && page.body.contains("Sophie DUPONT"))
        let csrf = page.body.csrfField ?? ""
        let sent = try await browser.post(base + "/franceconnect/premiere-connexion",
                                          form: [("csrf", csrf), ("r", first.components(separatedBy: "r=").last ?? ""), ("mobile", "+33 6 12 34 56 01")])
        let codeHandle = try #require(sent.location?.components(separatedBy: "r=").last)
        let code = try #require(try lastCode(directory))
        _ = try await browser.post(base + "/inscription/code", form: [("csrf", csrf), ("r", codeHandle), ("code", code)])
        let children = try await browser.get(base + "/inscription/enfants?r=" + codeHandle)
        var answers = [("csrf", csrf), ("r", codeHandle)]
        let born = ["Chloé": "14/03/2012", "Hugo": "02/09/2009"]
        for (name, date) in born {
            let id = try #require(children.body.firstCapture(of: #"for="naissance-(\d+)">Date de naissance (?:de |d'|d&#39;)"# + name))
            answers += [("legal-" + id, "oui"), ("naissance-" + id, date)]
        }
        return try await browser.post(base + "/inscription/enfants", form: answers)
    }

    @Test func anIndependentOpenIDProviderLogsAGuardianInAndOut() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let provider = try ListeningPeer(script: "FranceConnectTests/Peers/run_mock_op.py", arguments: [
            "--user-claims", #"{"sub": "mock-sophie", "given_name": "Sophie", "family_name": "DUPONT", "birthdate": "1980-05-17", "email": "sophie@example.org"}"#,
        ], workDirectory: directory)
        defer { provider.stop() }
        let secret = directory.appendingPathComponent("fc-secret")
        try "un-secret-de-test-assez-long-0123456789".write(to: secret, atomically: true, encoding: .utf8)
        let issuer = "http://127.0.0.1:\(provider.port)"
        let server = try await SesameProcess.serve(["--demo", "--fc-issuer", issuer, "--fc-client-id", "sesame",
                                                    "--fc-client-secret-file", secret.path, "--fc-scopes", "openid profile email", "--fc-acr", "none"],
                                                   in: directory)
        defer { server.stop() }
        let base = server.baseURL, browser = Browser()
        let loginPage = try await browser.get(base + "/login").body
        #expect(loginPage.contains("/franceconnect/connexion") && loginPage.contains("identifier avec FranceConnect"))

        // Two logins: the first links the identity, the second goes straight in.
        var page: Browser.Page?
        for round in 1...2 {
            let start = try await browser.get(base + "/franceconnect/connexion?next=%2Fcompte")
            let authorize = try #require(start.location)
            #expect(authorize.hasPrefix(issuer))
            let consent = try await browser.post(authorize, form: [("sub", "mock-sophie")])
            let callback = try #require(consent.location)
            let back = try await browser.get(callback)
            page = round == 1 ? try await Self.firstLogin(browser, base: base, directory: directory, callback: back) : back
            #expect(page?.location == "/compte", "round \(round)")
            // Replaying the provider's answer is refused.
            #expect(try await browser.get(callback).status == 400)
        }
        let account = try await browser.get(base + "/compte")
        #expect(account.body.contains("Sophie") && account.body.contains("lié à FranceConnect"))

        // Logging out of Sesame goes through the provider's end_session.
        let logout = try await browser.post(base + "/logout", form: [("csrf", account.body.csrfField ?? "")])
        #expect(logout.location?.hasPrefix(issuer + "/oauth2/end_session?id_token_hint=") == true)
        #expect(try await browser.get(base + "/compte").location?.hasPrefix("/login") == true)
    }

    @Test func theDemoProviderOnlyExistsInDemoModeAndRefusalsGetFrenchPages() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--demo"], in: directory)
        defer { server.stop() }
        let base = server.baseURL, browser = Browser()
        let start = try await browser.get(base + "/franceconnect/connexion")
        let authorize = try #require(start.location)
        #expect(authorize.hasPrefix(base + "/demo/franceconnect/authorize?"))
        let picker = try await browser.get(authorize)
        #expect(picker.body.contains("Sophie DUPONT"))
        let state = try #require(URLComponents(string: authorize)?.queryItems?.first { $0.name == "state" }?.value)
        let nonce = try #require(URLComponents(string: authorize)?.queryItems?.first { $0.name == "nonce" }?.value)

        // Cancelled at the provider: a French page and a way back.
        let cancelled = try await browser.post(base + "/demo/franceconnect/authorize", form: [("state", state), ("nonce", nonce), ("annuler", "1")])
        let refusal = try await browser.get(try #require(cancelled.location))
        #expect(refusal.status == 400)
        #expect(refusal.body.contains("annul") && refusal.body.contains("/login"))
        // A state that this browser did not start is refused.
        #expect(try await Browser().get(base + "/franceconnect/retour?code=x&state=" + state).status == 400)

        // The whole demo path: choose Sophie Dupont, link, logged in.
        let again = try await browser.get(base + "/franceconnect/connexion")
        let url = try #require(again.location)
        let items = URLComponents(string: url)?.queryItems ?? []
        let chosen = try await browser.post(base + "/demo/franceconnect/authorize", form: [
            ("state", items.first { $0.name == "state" }?.value ?? ""), ("nonce", items.first { $0.name == "nonce" }?.value ?? ""),
            ("identity", "demo-fc-sophie-dupont")])
        let linked = try await Self.firstLogin(browser, base: base, directory: directory, callback: try await browser.get(try #require(chosen.location)))
        #expect(linked.location == "/compte?modifie=franceconnect-lie", "the link is said once")
        #expect(try await browser.get(base + (linked.location ?? "/compte")).body.contains("maintenant lié à FranceConnect"))
        let account = try await browser.get(base + "/compte")
        #expect(account.body.contains("lié à FranceConnect"))
        let unlinked = try await browser.post(base + "/compte/franceconnect/retirer", form: [("csrf", account.body.csrfField ?? "")])
        #expect(unlinked.location == "/compte?modifie=franceconnect")
        #expect(!(try await browser.get(base + "/compte").body.contains("lié à FranceConnect")))

        let production = try SesameProcess.temporaryDirectory()
        let plain = try await SesameProcess.serve([], in: production)
        defer { plain.stop() }
        #expect(try await Browser().get(plain.baseURL + "/demo/franceconnect/.well-known/openid-configuration").status == 404)
        #expect(try await Browser().get(plain.baseURL + "/franceconnect/connexion").status == 404)
        #expect(!(try await Browser().get(plain.baseURL + "/login").body.contains("FranceConnect")))
    }
}
