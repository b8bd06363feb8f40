import AsyncHTTPClient
import Foundation
import NIOCore

/// Load run for single sign-on with a live browser session.
/// CAS: each worker loops on "GET /login?service → ticket, GET
/// /serviceValidate" and the run reports issue+validate pairs per second.
/// SAML (`--saml-sso URL`): each worker loops on an IdP-initiated GET that
/// answers with a signed Response, and the run reports Responses per second.
///
///   SSOLoad --cas URL_OF_CAS_ROOT --service URL --cookie 'name=value' [--seconds 10] [--workers 32]
///   SSOLoad --saml-sso 'URL/saml/sso?sp=…' --cookie 'name=value' [--seconds 10] [--workers 32]
///
/// The cookie comes from a real login (see Benchmarks/cas-load.sh), so the
/// same tool measures Sesame and another CAS server alike.
@main
struct SSOLoad {
    static func main() async throws {
        let args = Arguments(CommandLine.arguments)
        let cookie = args["--cookie"]!
        let samlSSO = args["--saml-sso"]
        let cas = args["--cas"] ?? "", service = args["--service"] ?? ""
        let seconds = Double(args["--seconds"] ?? "10")!, workers = Int(args["--workers"] ?? "32")!
        let client = HTTPClient(eventLoopGroupProvider: .singleton,
                                configuration: .init(redirectConfiguration: .disallow,
                                                     connectionPool: .init(idleTimeout: .seconds(30), concurrentHTTP1ConnectionsPerHostSoftLimit: workers)))
        let encodedService = service.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let deadline = ContinuousClock.now + .seconds(seconds)
        let start = ContinuousClock.now
        let counts = try await withThrowingTaskGroup(of: (Int, Int).self) { group in
            for _ in 0..<workers {
                group.addTask {
                    var ok = 0, failed = 0
                    while ContinuousClock.now < deadline {
                        if let samlSSO {
                            var sso = HTTPClientRequest(url: samlSSO)
                            sso.headers.add(name: "cookie", value: cookie)
                            let answer = try await client.execute(sso, timeout: .seconds(10))
                            let body = try await answer.body.collect(upTo: 1 << 20)
                            if answer.status == .ok, String(buffer: body).contains("SAMLResponse") { ok += 1 } else { failed += 1 }
                            continue
                        }
                        var login = HTTPClientRequest(url: cas + "login?service=" + encodedService)
                        login.headers.add(name: "cookie", value: cookie)
                        let issued = try await client.execute(login, timeout: .seconds(10))
                        _ = try await issued.body.collect(upTo: 1 << 20)
                        guard let location = issued.headers.first(name: "location"),
                              let ticket = location.components(separatedBy: "ticket=").last, location.contains("ticket=") else {
                            failed += 1; continue
                        }
                        let validate = HTTPClientRequest(url: cas + "serviceValidate?service=" + encodedService + "&ticket=" + ticket)
                        let answer = try await client.execute(validate, timeout: .seconds(10))
                        let body = try await answer.body.collect(upTo: 1 << 20)
                        if String(buffer: body).contains("authenticationSuccess") { ok += 1 } else { failed += 1 }
                    }
                    return (ok, failed)
                }
            }
            var total = (0, 0)
            for try await (ok, failed) in group { total = (total.0 + ok, total.1 + failed) }
            return total
        }
        let elapsed = ContinuousClock.now - start
        let rate = Double(counts.0) / (Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
        print(String(format: "{\"pairs\": %d, \"failed\": %d, \"seconds\": %.2f, \"pairsPerSecond\": %.1f}", counts.0, counts.1,
                     Double(elapsed.components.seconds), rate))
        try await client.shutdown()
    }
}

struct Arguments {
    let values: [String: String]
    init(_ argv: [String]) {
        var values: [String: String] = [:]
        var i = 1
        while i + 1 < argv.count { values[argv[i]] = argv[i + 1]; i += 2 }
        self.values = values
    }
    subscript(key: String) -> String? { values[key] }
}
