import Accounts
import Demo
import Foundation
import Primitives
import SesameTestSupport
import Storage
import Testing

/// Debian's nginx, with TLS, in front of two `sesame serve` on one
/// PostgreSQL, as an académie would run it. nginx reaches Sesame from
/// 127.0.0.3 (the only trusted proxy) and the browser, curl, comes from
/// 127.0.0.5: the audit must name 127.0.0.5, and a header forged by a
/// client that reaches Sesame directly must change nothing.
@Suite(.serialized) struct BehindNginxTests {
    static let nginx = "/usr/sbin/nginx"
    static let client = "127.0.0.5", proxy = "127.0.0.3"

    @Test func loginCASAndSAMLWorkThroughNginxAndTheAuditNamesTheRealClient() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let port = try SesameProcess.freePort()
        let publicURL = "https://127.0.0.1:\(port)"
        let url = try await TestDatabases.postgresURL()
        let common = ["--demo", "--database", url, "--trusted-proxies", Self.proxy + "/32"]
        let a = try await SesameProcess.serve(common, in: directory, publicURL: publicURL)
        defer { a.stop() }
        let b = try await SesameProcess.serve(common, in: directory, publicURL: publicURL)
        defer { b.stop() }
        let proxy = try Nginx.start(in: directory, port: port, upstreams: [a.port, b.port], bind: Self.proxy)
        defer { proxy.stop() }

        let accounts = try JSONDecoder().decode([DemoAcademy.Credential].self,
                                                from: Data(try await Browser().get(a.baseURL + "/demo/accounts.json").body.utf8))
        let pupil = try #require(accounts.first { $0.role == "pupil" && $0.establishments.count == 1 })
        let curl = Curl(base: publicURL, from: Self.client, jar: directory.appendingPathComponent("jar.txt").path)

        let form = try curl.get("/login")
        #expect(form.status == 200 && form.headers.lowercased().contains("strict-transport-security"), "HSTS follows the https public URL")
        let csrf = try #require(form.body.csrfField)
        let wrong = try curl.post("/login", ["csrf": csrf, "username": pupil.identifier, "password": "Faux-2026"])
        #expect(wrong.status == 401)
        let right = try curl.post("/login", ["csrf": csrf, "username": pupil.identifier, "password": pupil.password])
        #expect(right.status == 303 && right.headers.lowercased().contains("; secure"), "the session cookie is Secure behind TLS")

        // CAS: a ticket from one instance, validated by whichever nginx picks.
        let service = publicURL + "/demo/ent/ent-ecoles/"
        let issued = try curl.get("/cas/login?service=" + PercentEncoding.encode(service))
        let ticket = try #require(issued.location?.components(separatedBy: "ticket=").last)
        let validated = try curl.get("/cas/serviceValidate?service=\(PercentEncoding.encode(service))&ticket=\(ticket)")
        #expect(validated.body.contains("<cas:authenticationSuccess>") && validated.body.contains(pupil.identifier))

        // SAML: the demo ENT's AuthnRequest, the signed Response posted back.
        let ent = try curl.get("/demo/ent/ent-departement/")
        let sso = try curl.get(try #require(ent.location))
        let response = try #require(sso.body.firstCapture(of: #"name="SAMLResponse" value="([^"]+)""#))
        let received = try curl.post("/demo/ent/ent-departement/acs", ["SAMLResponse": response])
        let school = try #require(pupil.establishments.first)
        #expect(received.status == 200 && received.body.contains(school))

        // A client that reaches an instance directly cannot choose its address.
        let direct = Curl(base: a.baseURL, from: "127.0.0.1", jar: directory.appendingPathComponent("jar2.txt").path)
        let directForm = try direct.get("/login")
        _ = try direct.post("/login", ["csrf": try #require(directForm.body.csrfField), "username": pupil.identifier, "password": "Faux-2027"],
                            headers: ["X-Forwarded-For: 203.0.113.77"])

        let store = try await SQLStore.open(url: url)
        let failures = try await store.recentEvents(limit: 50).filter { $0.kind == .loginFailed }.map(\.ip)
        await store.database.shutdown()
        #expect(failures.contains(Self.client), "through nginx: the browser's address")
        #expect(!failures.contains(Self.proxy), "never nginx's own")
        #expect(failures.contains("127.0.0.1") && !failures.contains("203.0.113.77"), "directly: the peer, not the forged header")
    }
}

/// nginx on a free port with a certificate made for this run.
struct Nginx {
    let process: Process

    /// `tls`: HTTPS with a certificate made for this run, else plain HTTP.
    static func start(in directory: URL, port: Int, upstreams: [Int], bind: String, tls: Bool = true) throws -> Nginx {
        let dir = directory.appendingPathComponent("nginx")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("tmp"), withIntermediateDirectories: true)
        let key = dir.appendingPathComponent("key.pem").path, cert = dir.appendingPathComponent("cert.pem").path
        if tls { try run("/usr/bin/openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1",
                                     "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]) }
        let temp = dir.appendingPathComponent("tmp").path
        let config = """
            \(getuid() == 0 ? "user root;" : "")
            worker_processes 1;
            daemon off;
            pid \(dir.path)/nginx.pid;
            error_log \(dir.path)/error.log;
            events { worker_connections 256; }
            http {
              access_log \(dir.path)/access.log;
              client_body_temp_path \(temp)/body; proxy_temp_path \(temp)/proxy; fastcgi_temp_path \(temp)/fastcgi;
              uwsgi_temp_path \(temp)/uwsgi; scgi_temp_path \(temp)/scgi;
              upstream sesame { \(upstreams.map { "server 127.0.0.1:\($0);" }.joined(separator: " ")) }
              server {
                listen 127.0.0.1:\(port)\(tls ? " ssl" : "");
                \(tls ? "ssl_certificate \(cert); ssl_certificate_key \(key);" : "")
                location / {
                  proxy_pass http://sesame;
                  proxy_bind \(bind);
                  proxy_set_header Host $host:$server_port;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                }
              }
            }
            """
        let file = dir.appendingPathComponent("nginx.conf")
        try config.write(to: file, atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: BehindNginxTests.nginx)
        process.arguments = ["-c", file.path, "-p", dir.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Listening once a TLS handshake succeeds.
        for _ in 0..<100 {
            if (try? run("/usr/bin/curl", ["-sk", "-o", "/dev/null", "\(tls ? "https" : "http")://127.0.0.1:\(port)/healthz"])) != nil { break }
            Thread.sleep(forTimeInterval: 0.1)
        }
        return Nginx(process: process)
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CurlFailure(tool: tool, status: process.terminationStatus) }
        return String(decoding: data, as: UTF8.self)
    }
}

struct CurlFailure: Error { let tool: String; let status: Int32 }

/// curl from a chosen local address, with a cookie jar, never following redirects.
struct Curl {
    let base: String, from: String, jar: String

    struct Answer {
        var status: Int, headers: String, body: String
        var location: String? { headers.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location:") }.map { $0.dropFirst(9).trimmingCharacters(in: .whitespaces) } }
    }

    func get(_ path: String) throws -> Answer { try call(path, extra: []) }

    func post(_ path: String, _ form: [String: String], headers: [String] = []) throws -> Answer {
        try call(path, extra: form.flatMap { ["--data-urlencode", "\($0.key)=\($0.value)"] } + headers.flatMap { ["-H", $0] })
    }

    func call(_ path: String, extra: [String]) throws -> Answer {
        let target = path.hasPrefix("http") ? path : base + path
        let marker = "\n--status:"
        let text = try Nginx.run("/usr/bin/curl", ["-sk", "--interface", from, "-b", jar, "-c", jar, "-D", "-", "-w", marker + "%{http_code}"]
                                 + extra + [target])
        let (head, rest) = text.range(of: "\r\n\r\n").map { (String(text[..<$0.lowerBound]), String(text[$0.upperBound...])) } ?? (text, "")
        let status = Int(rest.components(separatedBy: marker).last ?? "") ?? 0
        return Answer(status: status, headers: head, body: rest.components(separatedBy: marker).dropLast().joined(separator: marker))
    }
}
