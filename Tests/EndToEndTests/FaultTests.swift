import Demo
import Foundation
import Primitives
import SesameTestSupport
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The faults a national service meets, each bounded in time and counted:
/// an instance killed under load, PostgreSQL restarted, a stop while
/// requests are in flight. "Lost" must be 0: every request either completes
/// or fails cleanly and succeeds when retried.
@Suite(.serialized) struct FaultTests {
    struct Counts: CustomStringConvertible {
        var sent = 0, completed = 0, failedCleanly = 0, lost = 0
        var description: String { "sent \(sent), completed \(completed), failed cleanly then retried \(failedCleanly), lost \(lost)" }
    }

    static func demoAccounts(_ base: String) async throws -> [DemoAcademy.Credential] {
        try JSONDecoder().decode([DemoAcademy.Credential].self, from: Data(try await Browser().get(base + "/demo/accounts.json").body.utf8))
    }

    /// A request that failed at the transport or with a 5xx may be sent
    /// again; any other answer is the answer.
    static func attempt(_ counts: inout Counts, _ step: () async throws -> Browser.Page?) async -> Browser.Page? {
        counts.sent += 1
        for try_ in 0..<2 {
            if let page = try? await step(), page.status < 500 {
                if try_ == 0 { counts.completed += 1 } else { counts.failedCleanly += 1 }
                return page
            }
            try? await Task.sleep(for: .milliseconds(300))
        }
        counts.lost += 1
        return nil
    }

    /// Logins, CAS tickets issued and validated, through nginx in front of
    /// two instances on one PostgreSQL; one instance is killed with SIGKILL
    /// a third of the way. Sessions and tickets live in the database, so the
    /// survivor carries on with them.
    @Test func anInstanceKilledUnderLoadLosesNothing() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let port = try SesameProcess.freePort()
        let base = "http://127.0.0.1:\(port)"
        let url = try await TestDatabases.postgresURL()
        let common = ["--demo", "--database", url, "--trusted-proxies", "127.0.0.3/32"]
        let a = try await SesameProcess.serve(common, in: directory, publicURL: base)
        defer { a.stop() }
        let b = try await SesameProcess.serve(common, in: directory, publicURL: base)
        defer { b.stop() }
        let proxy = try Nginx.start(in: directory, port: port, upstreams: [a.port, b.port], bind: "127.0.0.3", tls: false)
        defer { proxy.stop() }
        let pupils = try await Self.demoAccounts(a.baseURL).filter { $0.role == "pupil" }
        let service = base + "/demo/ent/ent-ecoles/"
        let rounds = 60, workers = 4
        let progress = Progress()
        // Four browsers at once, so requests are in flight on the instance when it dies.
        let results = await withTaskGroup(of: (Counts, Int).self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var counts = Counts(), validated = 0
                    for round in stride(from: worker, to: rounds, by: workers) {
                        let pupil = pupils[round % pupils.count], browser = Browser()
                        defer { Task { await progress.advance() } }
                        guard let form = await Self.attempt(&counts, { try await browser.get(base + "/login") }),
                              let login = await Self.attempt(&counts, {
                                  try await browser.post(base + "/login", form: [("csrf", form.body.csrfField ?? ""), ("username", pupil.identifier), ("password", pupil.password)])
                              }), login.status == 303,
                              let issued = await Self.attempt(&counts, { try await browser.get(base + "/cas/login?service=" + PercentEncoding.encode(service)) }),
                              let ticket = issued.location?.components(separatedBy: "ticket=").last,
                              let answer = await Self.attempt(&counts, {
                                  try await Browser().get(base + "/cas/serviceValidate?service=\(PercentEncoding.encode(service))&ticket=\(ticket)")
                              }) else { counts.lost += 1; continue }
                        // A ticket issued and then not found would be a lost ticket.
                        if answer.body.contains("<cas:authenticationSuccess>") { validated += 1 } else { counts.lost += 1 }
                    }
                    return (counts, validated)
                }
            }
            group.addTask {
                await progress.wait(until: rounds / 3)
                kill(a.process.processIdentifier, SIGKILL)
                return (Counts(), 0)
            }
            return await group.reduce(into: [(Counts, Int)]()) { $0.append($1) }
        }
        var counts = Counts(), validated = 0
        for (part, done) in results {
            counts.sent += part.sent; counts.completed += part.completed; counts.failedCleanly += part.failedCleanly; counts.lost += part.lost
            validated += done
        }
        print("fault run, instance killed under load (\(workers) browsers at once): \(counts); tickets validated \(validated) of \(rounds)")
        #expect(counts.lost == 0, "\(counts)")
        #expect(validated == rounds, "every round's ticket was validated, whichever instance issued it")
        #expect(counts.sent == counts.completed + counts.failedCleanly)
    }

    /// Rounds done so far, for the moment of the kill.
    actor Progress {
        var done = 0
        func advance() { done += 1 }
        func wait(until count: Int) async {
            while done < count { try? await Task.sleep(for: .milliseconds(20)) }
        }
    }

    /// PostgreSQL stops and comes back: /healthz says 503 meanwhile, and the
    /// same process serves again once it is back, without a restart.
    @Test func postgreSQLRestartedUnderLoadIsSurvivedWithoutARestart() async throws {
        let postgres = try PrivatePostgres.start()
        defer { postgres.remove() }
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--demo", "--database", postgres.url], in: directory)
        defer { server.stop() }
        let pupil = try #require(try await Self.demoAccounts(server.baseURL).first { $0.role == "pupil" })
        #expect(try await Browser().logIn(at: server.baseURL, pupil.identifier, pupil.password).status == 303)

        try postgres.stop()
        var downAnswers: [Int] = []
        for _ in 0..<5 {
            downAnswers.append((try? await Browser().get(server.baseURL + "/healthz").status) ?? 0)
            try await Task.sleep(for: .milliseconds(100))
        }
        let loginWhileDown = try? await Browser().logIn(at: server.baseURL, pupil.identifier, pupil.password)
        try postgres.start()
        var recoveredAfter: Duration?
        let clock = ContinuousClock(), began = clock.now
        while clock.now - began < .seconds(30) {
            if (try? await Browser().get(server.baseURL + "/healthz").status) == 200 { recoveredAfter = clock.now - began; break }
            try await Task.sleep(for: .milliseconds(200))
        }
        let after = try await Browser().logIn(at: server.baseURL, pupil.identifier, pupil.password)
        print("fault run, PostgreSQL restarted: /healthz while down \(downAnswers), login while down \(loginWhileDown?.status ?? 0), healthy again after \(recoveredAfter.map { "\($0)" } ?? "never")")
        #expect(downAnswers.allSatisfy { $0 == 503 }, "the health check tells the load balancer")
        #expect(loginWhileDown.map { $0.status == 503 } ?? false, "a login while the database is away is a clean 503 page")
        #expect(recoveredAfter != nil && after.status == 303, "back on its own, no restart")
        #expect(server.process.isRunning)
    }

    /// SIGKILL in the middle of a SIECLE import: one transaction, so the
    /// directory is as before, and the import run again goes through.
    @Test func anImportKilledMidwayLeavesNothingHalfWritten() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let fixtures = ["ElevesSansAdresses.xml", "ResponsablesAvecAdresses.xml"].map(SIECLEImportCommandTests.fixture)
        #expect(try SesameProcess.run(["import-siecle", "--establishment-name", "Collège Jean Moulin"] + fixtures, in: directory).status == 0)
        let before = try SesameProcess.run(["accounts", "list", "--establishment", "0693456G"], in: directory).output
        let files = try SIECLEImportCommandTests.largeExport(pupils: 8000, guardians: 12000, in: directory)
        let process = Process()
        process.executableURL = SesameProcess.executable
        process.arguments = ["import-siecle"] + files
        process.currentDirectoryURL = directory
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await Task.sleep(for: .milliseconds(800))
        guard process.isRunning else { Issue.record("the import ended before the kill: make the export larger"); return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let after = try SesameProcess.run(["accounts", "list", "--establishment", "0693456G"], in: directory).output
        print("fault run, import killed: accounts listed before \(before.split(separator: "\n").count), after \(after.split(separator: "\n").count)")
        #expect(after == before, "nothing of the killed import was written")
        let again = try SesameProcess.run(["import-siecle"] + files, in: directory)
        #expect(again.status == 0 && again.output.contains("8000 ajouté(s)"), "\(again.output.prefix(300))")
    }

    static let inFlight = 8

    /// SIGTERM while logins wait for their password hash: every request
    /// already received gets its answer, then the process exits with 0.
    @Test func aStopLetsRequestsInFlightFinish() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--demo"], in: directory)
        let pupils = try await Self.demoAccounts(server.baseURL).filter { $0.role == "pupil" }
        let forms = try await withThrowingTaskGroup(of: (Browser, String).self) { group in
            // As many as the test client's connections (8): every one is sent at once.
            for _ in 0..<Self.inFlight {
                group.addTask { let browser = Browser(); return (browser, try await browser.get(server.baseURL + "/login").body.csrfField ?? "") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let answers = await withTaskGroup(of: Int.self) { group in
            for (index, (browser, csrf)) in forms.enumerated() {
                let pupil = pupils[index % pupils.count]
                group.addTask {
                    (try? await browser.post(server.baseURL + "/login", form: [("csrf", csrf), ("username", pupil.identifier), ("password", pupil.password)]).status) ?? 0
                }
            }
            // The logins queue at the password-hashing gate (one per core); then the stop.
            try? await Task.sleep(for: .milliseconds(40))
            server.process.terminate()
            return await group.reduce(into: []) { $0.append($1) }
        }
        server.process.waitUntilExit()
        let answered = answers.filter { $0 == 303 }.count
        print("fault run, SIGTERM with \(Self.inFlight) logins in flight: \(answered) answered 303, \(answers.filter { $0 == 0 }.count) cut, exit \(server.process.terminationStatus)")
        #expect(answers.allSatisfy { $0 == 303 }, "every login received before the stop was answered: \(answers)")
        #expect(server.process.terminationStatus == 0)
    }
}

/// A PostgreSQL server of the test's own, to stop and start at will.
struct PrivatePostgres {
    let directory: String, url: String

    static func start() throws -> PrivatePostgres {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("scripts/postgres.sh").path
        let said = try shell(". '\(script)'; start_postgres >/dev/null && echo \"$pgdir $POSTGRES_URL\"")
        let parts = said.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ").map(String.init)
        guard parts.count == 2 else { throw CurlFailure(tool: "start_postgres", status: 1) }
        return PrivatePostgres(directory: parts[0], url: parts[1])
    }

    func pgctl(_ arguments: String) throws {
        try Self.shell("""
            pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
            run() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
            run "$pgbin/pg_ctl" -D '\(directory)/data' \(arguments) >/dev/null
            """)
    }

    /// The server outlives the shell: it must hold none of the test's pipes
    /// (a reader would wait for their end forever), so every descriptor but
    /// the standard three is closed and the answer goes through a file.
    @discardableResult
    static func shell(_ command: String) throws -> String {
        let answer = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString).txt").path
        let closing = "for fd in $(ls /proc/$$/fd); do [ \"$fd\" -gt 2 ] && eval \"exec $fd>&-\" 2>/dev/null; done; "
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = ["-c", closing + "{ " + command + "; } > '\(answer)' 2>&1 < /dev/null"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        defer { try? FileManager.default.removeItem(atPath: answer) }
        let said = (try? String(contentsOfFile: answer, encoding: .utf8)) ?? ""
        guard process.terminationStatus == 0 else { throw CurlFailure(tool: "bash: " + said, status: process.terminationStatus) }
        return said
    }

    func stop() throws { try pgctl("-m fast -w stop") }
    /// On the same port, with the options of scripts/postgres.sh.
    func start() throws {
        let port = URLComponents(string: url)?.port ?? 5432
        try pgctl("-l '\(directory)/server.log' -w -t 60 start -o '-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off'")
    }
    func remove() {
        try? pgctl("-m immediate stop")
        try? FileManager.default.removeItem(atPath: directory)
    }
}
