import Accounts
import Demo
import Foundation
import SesameTestSupport
import Testing

/// A pysaml2 service provider against the real `sesame` server over HTTP.
@Suite struct SAMLInteropTests {
    static let script = "SAMLTests/Interop/pysaml2_sp.py"
    static let spEntityID = "https://sp.example.test/saml/metadata"

    struct Deployment {
        let server: SesameProcess
        let work: URL
        func sp(_ arguments: String...) async throws -> [String: Any] {
            try await PythonPeer.run(SAMLInteropTests.script, [work.path] + arguments)
        }
    }

    /// The SP's keys and metadata, then the server, then the IdP metadata for the SP.
    func deploy(encrypted: Bool = false) async throws -> Deployment {
        let directory = try SesameProcess.temporaryDirectory()
        let work = directory.appendingPathComponent("sp")
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let openssl = Process()
        openssl.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        openssl.arguments = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", work.appendingPathComponent("sp.key").path,
                             "-out", work.appendingPathComponent("sp.crt").path, "-days", "30", "-subj", "/CN=sp.example.test"]
        openssl.standardOutput = FileHandle.nullDevice
        openssl.standardError = FileHandle.nullDevice
        try openssl.run()
        openssl.waitUntilExit()
        let metadata = try await PythonPeer.run(Self.script, [work.path, "metadata"] + (encrypted ? ["encrypted"] : []))
        let metadataDir = directory.appendingPathComponent("metadata")
        try FileManager.default.createDirectory(at: metadataDir, withIntermediateDirectories: true)
        try (metadata["xml"] as? String ?? "").write(to: metadataDir.appendingPathComponent("sp.xml"), atomically: true, encoding: .utf8)
        if encrypted {
            try """
            serviceProviders:
              "\(Self.spEntityID)":
                encryptAssertion: true
                signResponse: true
            """.write(to: metadataDir.appendingPathComponent("saml.yml"), atomically: true, encoding: .utf8)
        }
        let server = try await SesameProcess.serve(["--demo"], in: directory)
        let idp = try await Browser().get(server.baseURL + "/saml/metadata")
        #expect(idp.status == 200)
        try idp.body.write(to: work.appendingPathComponent("idp.xml"), atomically: true, encoding: .utf8)
        let certificate = try #require(idp.body.firstCapture(of: "<ds:X509Certificate>([^<]+)</ds:X509Certificate>"))
        let idpJSON: [String: String] = ["entityID": server.baseURL + "/saml/metadata", "sso": server.baseURL + "/saml/sso", "cert": certificate]
        try JSONSerialization.data(withJSONObject: idpJSON).write(to: work.appendingPathComponent("idp.json"))
        return Deployment(server: server, work: work)
    }

    /// The SAMLResponse of an auto-submitting form page.
    func samlResponse(in page: Browser.Page) throws -> String {
        let raw = try #require(page.body.firstCapture(of: #"name="SAMLResponse" value="([^"]+)""#))
        return raw.replacingOccurrences(of: "&#x3D;", with: "=").replacingOccurrences(of: "&#x2F;", with: "/")
            .replacingOccurrences(of: "&#43;", with: "+").replacingOccurrences(of: "&amp;", with: "&")
    }

    /// The page's SAMLResponse in a file, as the Python SPs read it.
    func responseFile(_ d: Deployment, _ page: Browser.Page) throws -> String {
        let file = d.work.appendingPathComponent("response-\(UUID().uuidString).b64")
        try samlResponse(in: page).write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    func consume(_ d: Deployment, _ page: Browser.Page, requestID: String, encrypted: Bool = false) async throws -> [String: Any] {
        let file = try responseFile(d, page)
        return encrypted ? try await d.sp("response", file, requestID, "encrypted") : try await d.sp("response", file, requestID)
    }

    /// The same page given to python3-saml (OneLogin) instead.
    func consumeWithOneLogin(_ d: Deployment, _ page: Browser.Page, requestID: String) async throws -> [String: Any] {
        try await PythonPeer.run("SAMLTests/Interop/onelogin_sp.py", [d.work.path, try responseFile(d, page), requestID])
    }

    /// A browser logged in as `identifier` that asked for SSO from pysaml2:
    /// the request ID and the page that carries the Response.
    func loggedInSSO(_ d: Deployment, as identifier: String) async throws -> (browser: Browser, requestID: String, page: Browser.Page) {
        let browser = Browser()
        #expect(try await browser.logIn(at: d.server.baseURL, identifier, DemoAcademy.guardianPassword).status == 303)
        let request = try await d.sp("authn", "redirect", "unsigned")
        let asked = try await browser.get(d.server.baseURL + "/saml/sso?" + (request["query"] as? String ?? ""))
        let page = try await browser.passingEstablishmentChoice(asked, at: d.server.baseURL)
        #expect(page.status == 200)
        return (browser, try #require(request["id"] as? String), page)
    }

    @Test func pysaml2LogsAGuardianInThenGetsSingleSignOn() async throws {
        let d = try await deploy()
        defer { d.server.stop() }
        let browser = Browser()
        let request = try await d.sp("authn", "redirect", "unsigned")
        let requestID = try #require(request["id"] as? String)
        let query = try #require(request["query"] as? String)

        let toLogin = try await browser.get(d.server.baseURL + "/saml/sso?" + query)
        #expect(toLogin.status == 303)
        let next = try #require(toLogin.location)
        let form = try await browser.get(d.server.baseURL + next)
        let nextPath = try #require(URLComponents(string: next)?.queryItems?.first { $0.name == "next" }?.value)
        let login = try await browser.post(d.server.baseURL + "/login", form: [("csrf", form.body.csrfField ?? ""), ("username", "s.dupont10"),
                                                                              ("password", DemoAcademy.guardianPassword), ("next", nextPath)])
        #expect(login.location == nextPath)
        let post = try await browser.passingEstablishmentChoice(try await browser.get(d.server.baseURL + nextPath), at: d.server.baseURL)
        #expect(post.status == 200)
        #expect(post.body.contains(#"action="https://sp.example.test/saml/acs""#))
        #expect(post.body.contains(#"name="RelayState" value="rs-Ok 42""#))
        #expect(post.headers.first(name: "content-security-policy")?.contains("form-action https://sp.example.test") == true)

        let first = try await consume(d, post, requestID: requestID)
        #expect(first["in_response_to"] as? String == requestID)
        #expect(first["name_id_format"] as? String == "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent")
        #expect(first["sp_name_qualifier"] as? String == Self.spEntityID)
        let nameID = try #require(first["name_id"] as? String)
        #expect(!nameID.contains("dupont"), "the NameID is opaque")
        let ava = try #require(first["ava"] as? [String: Any])
        #expect(ava.description.contains("Sophie") && ava.description.contains("Dupont"))
        #expect(ava.description.contains("resp2d"))

        // Second request: single sign-on, no login page, same pairwise NameID.
        let again = try await d.sp("authn", "redirect", "unsigned")
        let sso = try await browser.get(d.server.baseURL + "/saml/sso?" + (again["query"] as? String ?? ""))
        #expect(sso.status == 200)
        let second = try await consume(d, sso, requestID: again["id"] as? String ?? "")
        #expect(second["name_id"] as? String == nameID)

        // The same request again is a replay.
        let replay = try await browser.get(d.server.baseURL + "/saml/sso?" + (again["query"] as? String ?? ""))
        #expect(replay.status == 400)
        #expect(replay.body.contains("déjà servi"))
    }

    @Test func signedPostRequestsAndIdPInitiatedLogin() async throws {
        let d = try await deploy()
        defer { d.server.stop() }
        let browser = Browser()
        #expect(try await browser.logIn(at: d.server.baseURL, "n.martin10", DemoAcademy.guardianPassword).status == 303)

        let request = try await d.sp("authn", "post", "signed")
        let fields = try #require(request["fields"] as? [String: String])
        let asked = try await browser.post(d.server.baseURL + "/saml/sso", form: fields.map { ($0.key, $0.value) })
        let post = try await browser.passingEstablishmentChoice(asked, at: d.server.baseURL)
        #expect(post.status == 200)
        let answer = try await consume(d, post, requestID: request["id"] as? String ?? "")
        #expect((answer["ava"] as? [String: Any])?.description.contains("Nadia") == true)

        let unsolicited = try await browser.get(d.server.baseURL + "/saml/sso?sp=" + Self.spEntityID.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(unsolicited.status == 200)
        let idpInitiated = try await consume(d, unsolicited, requestID: "-")
        #expect(idpInitiated["in_response_to"] is NSNull)

        let unknown = try await browser.get(d.server.baseURL + "/saml/sso?sp=https%3A%2F%2Fevil.example%2F")
        #expect(unknown.status == 403)
        #expect(unknown.body.contains("Service non reconnu"))
    }

    @Test func aTamperedRequestIsRefusedWithAFrenchPage() async throws {
        let d = try await deploy()
        defer { d.server.stop() }
        let request = try await d.sp("authn", "redirect", "signed")
        let query = try #require(request["query"] as? String)
        let tampered = query.replacingOccurrences(of: "RelayState=", with: "RelayState=x")
        let page = try await Browser().get(d.server.baseURL + "/saml/sso?" + tampered)
        #expect(page.status == 400)
        #expect(page.body.contains("Demande de connexion refusée"))
        #expect(page.location == nil)
    }
}

extension SAMLInteropTests {
    @Test func singleLogoutStartedByPysaml2EndsTheSession() async throws {
        let d = try await deploy()
        defer { d.server.stop() }
        let (browser, requestID, page) = try await loggedInSSO(d, as: "s.dupont10")
        let assertion = try await consume(d, page, requestID: requestID)
        let nameID = try #require(assertion["name_id"] as? String), sessionIndex = try #require(assertion["session_index"] as? String)

        // Threat: an SP ends a session it does not know (another NameID, another SessionIndex).
        for (name, index) in [("someone-else", sessionIndex), (nameID, "_another-session")] {
            let stranger = try await d.sp("logout_request", "redirect", "signed", name, index)
            let refused = try await browser.get(d.server.baseURL + "/saml/slo?" + (try #require(stranger["query"] as? String)))
            let location = try #require(refused.location)
            let reply = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "SAMLResponse" }?.value)
            let file = d.work.appendingPathComponent("refused-\(UUID().uuidString).txt")
            try reply.write(to: file, atomically: true, encoding: .utf8)
            let parsedRefusal = try await d.sp("parse_logout_response", "redirect", file.path)
            #expect(parsedRefusal["error"] as? String == "StatusUnknownPrincipal", "pysaml2 reads Requester/UnknownPrincipal")
            #expect(try await browser.get(d.server.baseURL + "/compte").status == 200, "the session goes on")
        }

        let logout = try await d.sp("logout_request", "redirect", "signed", nameID, sessionIndex)
        let query = try #require(logout["query"] as? String)
        let answer = try await browser.get(d.server.baseURL + "/saml/slo?" + query)
        #expect(answer.status == 302)
        let location = try #require(answer.location)
        #expect(location.hasPrefix("https://sp.example.test/saml/slo?SAMLResponse="))
        let file = d.work.appendingPathComponent("logout-response.txt")
        let encoded = try #require(URLComponents(string: location)?.queryItems?.first { $0.name == "SAMLResponse" }?.value)
        try encoded.write(to: file, atomically: true, encoding: .utf8)
        let parsed = try await d.sp("parse_logout_response", "redirect", file.path)
        #expect(parsed["in_response_to"] as? String == logout["id"] as? String)
        #expect(parsed["status"] as? String == "urn:oasis:names:tc:SAML:2.0:status:Success")
        #expect(try await browser.get(d.server.baseURL + "/compte").status == 303, "the Sesame session is over")
        // Threat: the same LogoutRequest replayed.
        #expect(try await browser.get(d.server.baseURL + "/saml/slo?" + query).status == 400)
    }
}

extension SAMLInteropTests {
    @Test func python3SAMLAcceptsOurResponsesOverHTTP() async throws {
        let d = try await deploy()
        defer { d.server.stop() }
        let (_, requestID, page) = try await loggedInSSO(d, as: "k.benali10")
        let checked = try await consumeWithOneLogin(d, page, requestID: requestID)
        #expect(checked["is_valid"] as? Bool == true, "\(checked["error"] ?? "")")
        let attributes = try #require(checked["attributes"] as? [String: [String]])
        #expect(attributes["urn:oid:2.5.4.42"] == ["Karim"])
        #expect(attributes["urn:oid:1.3.6.1.4.1.20326.10.999.1.7"] == ["resp2d"])
        // Presented for another request, the same Response is not valid.
        let other = try await consumeWithOneLogin(d, page, requestID: "_not-the-request")
        #expect(other["is_valid"] as? Bool == false)
    }

    @Test func anSPThatAsksForEncryptionGetsAnEncryptedAssertion() async throws {
        let d = try await deploy(encrypted: true)
        defer { d.server.stop() }
        let (_, requestID, page) = try await loggedInSSO(d, as: "s.dupont10")
        let xml = String(decoding: Data(base64Encoded: try samlResponse(in: page)) ?? Data(), as: UTF8.self)
        #expect(xml.contains("EncryptedAssertion"))
        #expect(!xml.contains("Dupont"), "nothing readable on the way")
        let decrypted = try await consume(d, page, requestID: requestID, encrypted: true)
        #expect((decrypted["ava"] as? [String: Any])?.description.contains("Sophie") == true)
    }
}

extension SAMLInteropTests {
    /// Logging out of Sesame tells the SAML service providers of the session.
    @Test func logoutFromSesameSendsALogoutRequestToTheSP() async throws {
        let d = try await deploy()
        defer { d.server.stop() }
        let (browser, requestID, sso) = try await loggedInSSO(d, as: "s.dupont10")
        let nameID = try #require(try await consume(d, sso, requestID: requestID)["name_id"] as? String)

        let account = try await browser.get(d.server.baseURL + "/compte")
        let out = try await browser.post(d.server.baseURL + "/logout", form: [("csrf", account.body.csrfField ?? "")])
        let location = try #require(out.location)
        #expect(location.hasPrefix("https://sp.example.test/saml/slo?SAMLRequest="))
        let file = d.work.appendingPathComponent("logout-request.txt")
        try String(location.split(separator: "?", maxSplits: 1)[1]).write(to: file, atomically: true, encoding: .utf8)
        let parsed = try await d.sp("parse_logout_request", "redirect", file.path)
        #expect(parsed.description.contains(nameID), "pysaml2 reads our signed LogoutRequest for the NameID it knows")
        #expect(try await browser.get(d.server.baseURL + "/compte").status == 303)
    }
}
