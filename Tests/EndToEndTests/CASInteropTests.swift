import Accounts
import Demo
import Foundation
import SesameTestSupport
import Testing

/// The python-cas client library against the real `sesame` server.
@Suite struct CASInteropTests {
    struct Deployment {
        let server: SesameProcess
        let service: String
        let sloService: String
        let callbackPort: Int
        let sloPort: Int
        var cas: String { server.baseURL + "/cas/" }
    }

    func deploy() async throws -> Deployment {
        let directory = try SesameProcess.temporaryDirectory()
        let port = try SesameProcess.freePort(), callbackPort = try SesameProcess.freePort(), sloPort = try SesameProcess.freePort()
        let service = "http://127.0.0.1:\(port)/ent/"
        let sloService = "http://127.0.0.1:\(sloPort)/portail"
        let metadata = directory.appendingPathComponent("metadata")
        try FileManager.default.createDirectory(at: metadata, withIntermediateDirectories: true)
        try """
        services:
          - id: ent
            name: ENT de démonstration
            match: { exact: "\(service)" }
            profile: cas-ent
            proxyCallbacks: [{ prefix: "http://127.0.0.1:\(callbackPort)/" }]
          - id: portail
            name: Portail avec déconnexion
            match: { exact: "\(sloService)" }
            profile: cas-ent
            logout: { url: "http://127.0.0.1:\(sloPort)/slo", singleLogout: true }
        """.write(to: metadata.appendingPathComponent("services.yml"), atomically: true, encoding: .utf8)
        let server = try await SesameProcess.serve(["--demo"], in: directory)
        return Deployment(server: server, service: service, sloService: sloService, callbackPort: callbackPort, sloPort: sloPort)
    }

    /// A browser logs in through /cas/login and comes back with a ticket.
    func serviceTicket(_ d: Deployment, browser: Browser, service: String) async throws -> String {
        let login = try await browser.get(d.server.baseURL + "/cas/login?service=" + service.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        if let next = login.location, next.hasPrefix("/login") {
            let form = try await browser.get(d.server.baseURL + next)
            let nextPath = URLComponents(string: next)?.queryItems?.first { $0.name == "next" }?.value ?? ""
            let done = try await browser.post(d.server.baseURL + "/login", form: [("csrf", form.body.csrfField ?? ""), ("username", "s.dupont10"),
                                                                                  ("password", DemoAcademy.guardianPassword), ("next", nextPath)])
            #expect(done.status == 303)
            let back = try await browser.passingEstablishmentChoice(try await browser.get(d.server.baseURL + (done.location ?? "")), at: d.server.baseURL)
            return try #require(back.location?.components(separatedBy: "ticket=").last)
        }
        let issued = try await browser.passingEstablishmentChoice(login, at: d.server.baseURL)
        return try #require(issued.location?.components(separatedBy: "ticket=").last)
    }

    @Test func python_casValidatesCAS2AndCAS3TicketsOnceEach() async throws {
        let d = try await deploy()
        defer { d.server.stop() }
        let browser = Browser()
        let first = try await serviceTicket(d, browser: browser, service: d.service)
        let v2 = try await PythonPeer.run("Interop/cas_client.py", ["verify", "--server", d.cas, "--service", d.service, "--ticket", first, "--version", "2"])
        #expect(v2["user"] as? String == "s.dupont10")

        let second = try await serviceTicket(d, browser: browser, service: d.service)
        #expect(second != first)
        let v3 = try await PythonPeer.run("Interop/cas_client.py", ["verify", "--server", d.cas, "--service", d.service, "--ticket", second, "--version", "3"])
        let attributes = try #require(v3["attributes"] as? [String: Any])
        #expect(v3["user"] as? String == "s.dupont10")
        #expect(attributes["nom"] as? String == "Dupont")
        #expect(attributes["prenom"] as? String == "Sophie")
        #expect(attributes["categories"] as? String == "National_2")
        #expect(attributes["isFromNewLogin"] != nil)

        let replay = try await PythonPeer.run("Interop/cas_client.py", ["verify", "--server", d.cas, "--service", d.service, "--ticket", second, "--version", "3"])
        #expect(replay["user"] is NSNull, "a ticket is good once")
        let v1 = try await PythonPeer.run("Interop/cas_client.py", ["verify", "--server", d.cas, "--service", d.service,
                                                            "--ticket", try await serviceTicket(d, browser: browser, service: d.service), "--version", "1"])
        #expect(v1["user"] as? String == "s.dupont10")
    }

    @Test func aProxyChainWorksEndToEnd() async throws {
        let d = try await deploy()
        defer { d.server.stop() }
        let st = try await serviceTicket(d, browser: Browser(), service: d.service)
        let validated = try await PythonPeer.run("Interop/cas_client.py", ["verify", "--server", d.cas, "--service", d.service, "--ticket", st,
                                                                   "--version", "2", "--callback-port", String(d.callbackPort)])
        #expect(validated["user"] as? String == "s.dupont10")
        let pgt = try #require(validated["pgt"] as? String, "the proxy callback received the PGT")
        #expect(pgt.hasPrefix("PGT-"))
        #expect((validated["pgtiou"] as? String)?.hasPrefix("PGTIOU-") == true)

        let proxied = try await PythonPeer.run("Interop/cas_client.py", ["proxy", "--server", d.cas, "--service", d.sloService, "--pgt", pgt])
        let pt = try #require(proxied["pt"] as? String)
        #expect(pt.hasPrefix("PT-"))
        let raw = try await PythonPeer.run("Interop/cas_client.py", ["raw", "--url", d.cas + "proxyValidate?service=" + d.sloService + "&ticket=" + pt])
        let body = try #require(raw["body"] as? String)
        #expect(body.contains("<cas:user>s.dupont10</cas:user>"))
        #expect(body.contains("<cas:proxy>http://127.0.0.1:\(d.callbackPort)/pgt</cas:proxy>"))
        // A proxy ticket is no service ticket.
        let asService = try await PythonPeer.run("Interop/cas_client.py", ["proxy", "--server", d.cas, "--service", d.sloService, "--pgt", pgt])
        let pt2 = try #require(asService["pt"] as? String)
        let refused = try await PythonPeer.run("Interop/cas_client.py", ["raw", "--url", d.cas + "serviceValidate?service=" + d.sloService + "&ticket=" + pt2])
        #expect((refused["body"] as? String)?.contains("INVALID_TICKET") == true)
        let badPGT = try await PythonPeer.run("Interop/cas_client.py", ["proxy", "--server", d.cas, "--service", d.sloService, "--pgt", "PGT-" + String(repeating: "x", count: 40)])
        #expect(badPGT["error"] as? String == "INVALID_TICKET" || badPGT["error"] != nil)
    }

    @Test func logoutReachesEveryServiceOfTheSession() async throws {
        let d = try await deploy()
        defer { d.server.stop() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("slo-\(UUID().uuidString).jsonl")
        let listener = try PythonPeer.start("Interop/cas_client.py", ["slo-listen", "--port", String(d.sloPort), "--out", out.path])
        // SIGKILL, then wait: one listener sent SIGTERM outlived a CI run.
        defer { kill(listener.processIdentifier, SIGKILL); listener.waitUntilExit() }
        try await Task.sleep(for: .milliseconds(800))
        let browser = Browser()
        let st = try await serviceTicket(d, browser: browser, service: d.sloService)
        let logout = try await browser.get(d.server.baseURL + "/cas/logout?service=" + d.sloService)
        #expect(logout.location == d.sloService, "a registered service is followed after logout")
        let lines = try String(contentsOf: out, encoding: .utf8).split(separator: "\n")
        let record = try #require(lines.first.flatMap { try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] })
        #expect(record["path"] as? String == "/slo")
        #expect(record["sessionIndexes"] as? [String] == [st], "python-cas reads our LogoutRequest")
        #expect(try await browser.get(d.server.baseURL + "/compte").status == 303)
    }
}
