import Accounts
import Bridge
import Foundation
import Hummingbird
import HummingbirdTesting
import SesameTestSupport
import Storage
import Testing
import Primitives

/// The threats of SECURITY.md that live in the web application, each named
/// after what it stops, on both databases and over HTTP where the threat is.
@Suite struct AccountSafetyTests {
    static let college = DirectoryFixture.collegeUAI.value

    func form(_ response: TestResponse) -> [(String, String)] { [("csrf", response.text.csrfField ?? "")] }

    func staffSignIn(_ client: some TestClientProtocol, _ login: String, jar: CookieJar) async throws {
        let page = try await client.get("/admin/connexion", jar: jar)
        _ = try await client.post("/admin/connexion", form: form(page) + [("login", login), ("password", "Console-Pass-1")], jar: jar)
    }

    // MARK: homonyms

    /// Threat: a parent with the same names, who knows a classmate's first
    /// name and birthday, adds that child and takes the other parent's records.
    @Test(arguments: TestDatabases.engines)
    func homonymCannotTakeAChild(_ engine: Database.Engine) async throws {
        let web = try await WebFixture.make(engine: engine)
        let victim = web.directory.guardian
        let homonym = try await web.store.createAccount(NewAccount(role: .guardian, state: .active, familyName: "DURAND", firstName: "Paul",
                                                                   passwordHash: try PasswordHasher.fast.hash("Homonyme-2026"), mobile: "0699887766"))
        let before = try await web.store.guardians(ofAccount: victim.id).map(\.id)
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(homonym.identifier, "Homonyme-2026", jar: jar)
            let page = try await client.get("/compte/enfants", jar: jar)
            let answer = try await client.post("/compte/enfants", form: form(page) + [("prenom", "Léa"), ("naissance", "04/05/2012")], jar: jar)
            #expect(answer.text.contains("Demande transmise"), "the school decides")
        }
        #expect(try await web.store.guardians(ofAccount: victim.id).map(\.id) == before, "no record moved")
        #expect(try await web.store.guardians(ofAccount: homonym.id).isEmpty)
        #expect(try await web.store.account(id: victim.id)?.state == .active, "nothing disabled")
        let tickets = try await web.store.tickets(openOnly: true).filter { $0.kind == .linkRequest }
        #expect(tickets.count == 1 && tickets.first?.accountID == homonym.id && tickets.first?.uai == Self.college)
    }

    // MARK: schools

    static func staff(_ store: SQLStore, _ login: String, _ role: StaffRole, _ uai: UAI?) async throws {
        try await ConsoleTests.staff(store, login, role, uai)
    }

    /// Threat: a former school resets, re-letters or disables a pupil whose
    /// account now belongs to the new school.
    @Test(arguments: TestDatabases.engines)
    func formerSchoolCannotActOnAPupilWhoLeft(_ engine: Database.Engine) async throws {
        let web = try await WebFixture.make(engine: engine)
        try await Self.staff(web.store, "chef.college", .chef, DirectoryFixture.collegeUAI)
        let moved = try await web.store.createAccount(NewAccount(role: .pupil, state: .active, familyName: "Parti", firstName: "Hugo",
                                                                 passwordHash: try PasswordHasher.fast.hash("Nouveau-Lycee-1")))
        _ = try await web.store.insertPupil(Pupil(ine: "0123456789C", siecleID: "13", familyName: "Parti", firstName: "Hugo",
                                                  birthDate: CalendarDate(iso: "2010-01-01"), division: "3B", uai: DirectoryFixture.collegeUAI,
                                                  status: .left, accountID: moved.id))
        _ = try await web.store.insertPupil(Pupil(ine: "0123456789C", siecleID: "L13", familyName: "Parti", firstName: "Hugo",
                                                  birthDate: CalendarDate(iso: "2010-01-01"), division: "2NDE", uai: DirectoryFixture.lyceeUAI,
                                                  accountID: moved.id))
        try await web.app.test(.router) { client in
            let chef = CookieJar()
            try await staffSignIn(client, "chef.college", jar: chef)
            let page = try await client.get("/admin/etablissement/" + Self.college, jar: chef)
            #expect(page.text.contains(moved.identifier) && page.text.contains("lecture seule"), "still shown, read-only")
            #expect(!page.text.contains("compte-\(moved.id)\""), "no box to tick")
            for action in ["desactiver", "notifier"] {
                let refused = try await client.post("/admin/etablissement/\(Self.college)/actions",
                                                    form: form(page) + [("action", action), ("reinitialiser", "1"), ("confirme", "1"),
                                                                        ("compte-\(moved.id)", "1")], jar: chef)
                #expect(refused.status == .forbidden)
            }
            // "Toute la classe" does not reach them either.
            _ = try await client.post("/admin/etablissement/\(Self.college)/actions",
                                      form: form(page) + [("action", "desactiver"), ("classe-entiere", "3B")], jar: chef)
        }
        let after = try #require(try await web.store.account(id: moved.id))
        #expect(after.state == .active && after.passwordHash == moved.passwordHash, "untouched")
    }

    /// Threat: one school resets a parent whose account also serves their
    /// children at another school, and signs in as them there.
    @Test(arguments: TestDatabases.engines)
    func schoolCannotResetAnAccountSharedWithAnotherSchool(_ engine: Database.Engine) async throws {
        let web = try await WebFixture.make(engine: engine)
        try await Self.staff(web.store, "chef.college", .chef, DirectoryFixture.collegeUAI)
        try await Self.staff(web.store, "rectorat", .academie, nil)
        let guardian = web.directory.guardian  // linked to Léa (collège) and Tom (lycée)
        try await web.app.test(.router) { client in
            let chef = CookieJar()
            try await staffSignIn(client, "chef.college", jar: chef)
            let page = try await client.get("/admin/etablissement/" + Self.college, jar: chef)
            #expect(page.text.contains("compte partagé avec un autre établissement"))
            let refused = try await client.post("/admin/etablissement/\(Self.college)/actions",
                                                form: form(page) + [("action", "notifier"), ("reinitialiser", "1"), ("confirme", "1"),
                                                                    ("compte-\(guardian.id)", "1")], jar: chef)
            #expect(refused.status == .forbidden)
            #expect(try await web.store.account(id: guardian.id)?.passwordHash == guardian.passwordHash)
            // The académie may, for a parent who cannot recover alone.
            let academie = CookieJar()
            try await staffSignIn(client, "rectorat", jar: academie)
            let its = try await client.get("/admin/etablissement/" + Self.college, jar: academie)
            let done = try await client.post("/admin/etablissement/\(Self.college)/actions",
                                             form: form(its) + [("action", "desactiver"), ("compte-\(guardian.id)", "1")], jar: academie)
            #expect(done.status == .seeOther)
            #expect(try await web.store.account(id: guardian.id)?.state == .disabled)
        }
    }

    /// Threat: a class name typed in SIECLE runs as a formula in the
    /// spreadsheet of whoever opens the console's CSV.
    @Test func classNamesFromSIECLECannotRunAsFormulas() async throws {
        let web = try await WebFixture.make()
        try await Self.staff(web.store, "chef.college", .chef, DirectoryFixture.collegeUAI)
        _ = try await web.store.insertPupil(Pupil(ine: "0123456789D", siecleID: "14", familyName: "Piège", firstName: "Max",
                                                  birthDate: CalendarDate(iso: "2011-02-03"), division: "=HYPERLINK(\"http://x.test\";\"a;b\")",
                                                  uai: DirectoryFixture.collegeUAI))
        let csv = try await web.app.test(.router) { client in
            let chef = CookieJar()
            try await staffSignIn(client, "chef.college", jar: chef)
            return try await client.get("/admin/etablissement/\(Self.college)/statistiques.csv", jar: chef).text
        }
        #expect(csv.contains(#""'=HYPERLINK(""http://x.test"";""a;b"")";"élèves""#), "quoted, and text rather than a formula")
        #expect(!csv.contains("\n=") && !csv.contains(";="))
    }

    // MARK: throttling races

    /// The login service on a fresh store with the fixture's people.
    static func loginService(_ engine: Database.Engine) async throws -> (SQLStore, DirectoryFixture, LoginService) {
        let store = try await TestDatabases.store(engine)
        return (store, try await DirectoryFixture.build(in: store), LoginService(store: store, hasher: .fast))
    }

    /// Threat: wrong passwords sent all at once are each verified before
    /// any is counted, which turns the throttle off.
    @Test(arguments: TestDatabases.engines)
    func concurrentWrongPasswordsAreAllCounted(_ engine: Database.Engine) async throws {
        let (store, directory, login) = try await Self.loginService(engine)
        let identifier = directory.pupil.identifier
        // One instant for all, so a slow machine cannot let the wait run out.
        let attempts = 13, ip = "203.0.113.9", now = Date()
        let outcomes = try await withThrowingTaskGroup(of: Result<Account, LoginService.Refusal>.self) { group in
            for index in 0..<attempts {
                group.addTask { try await login.authenticate(identifier: identifier, password: "Faux-\(index)", ip: ip, now: now) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let verified = outcomes.filter { if case .failure(.invalidCredentials) = $0 { true } else { false } }.count
        print("throttling race (\(engine)): \(attempts) concurrent wrong passwords → \(verified) verified")
        // 3 free failures, the 4th sets the first wait: nothing past it reaches the hash.
        #expect(verified == ThrottlePolicy.identifier.freeFailures + 1, "\(verified) of \(attempts) attempts verified")
        #expect(try await store.throttleState(key: ThrottleKey.identifier(identifier, from: ip))?.failures == verified)
        // And the right password right after waits like the rest.
        let right = try await login.authenticate(identifier: identifier, password: DirectoryFixture.password, ip: ip, now: now + 1)
        guard case .failure(.throttled) = right else { Issue.record("expected throttling, got \(right)"); return }
        await store.database.shutdown()
    }

    /// The same on the store's primitive: N reservations at once on one key
    /// grant exactly the attempts the policy allows before its first block.
    @Test(arguments: TestDatabases.engines)
    func concurrentReservationsGrantOnlyThePolicysAttempts(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let policy = ThrottlePolicy.identifier, now = Date()
        let granted = try await withThrowingTaskGroup(of: Bool.self) { group in
            for _ in 0..<40 { group.addTask { try await store.reserveAttempt(key: "race", policy: policy, now: now) == .granted } }
            return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == policy.freeFailures + 1)
        #expect(try await store.throttleState(key: "race")?.failures == policy.freeFailures + 1, "refused attempts count nowhere")
        await store.database.shutdown()
    }

    /// Threat: someone failing on a parent's identifier every few minutes
    /// keeps the parent out for good.
    @Test(arguments: TestDatabases.engines)
    func anAttackerElsewhereDoesNotLockTheOwnerOut(_ engine: Database.Engine) async throws {
        let (store, directory, login) = try await Self.loginService(engine)
        let identifier = directory.guardian.identifier
        var now = Date()
        // Twelve hours of an attempt as soon as the wait allows, from one address.
        var attackerAttempts = 0
        for _ in 0..<400 {
            if case .failure(.invalidCredentials) = try await login.authenticate(identifier: identifier, password: "Devine-\(attackerAttempts)",
                                                                                 ip: "198.51.100.66", now: now) {
                attackerAttempts += 1
            }
            now += 110
            if case .failure(.throttled) = try await login.authenticate(identifier: identifier, password: DirectoryFixture.password,
                                                                         ip: "192.0.2.10", now: now) {
                Issue.record("owner locked out after \(attackerAttempts) attacker attempts")
                break
            }
        }
        #expect(attackerAttempts < 60, "the attacker's own address is slowed: \(attackerAttempts) verified in 12 h")
        await store.database.shutdown()
    }

    @Test func theHashingGateNeverRunsMoreThanItsLimitNorTwiceForOneKey() async throws {
        let gate = HashingGate(limit: 2, maxWaiting: 100)
        let peak = Peak()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<20 {
                group.addTask {
                    try await gate.run(key: index % 3 == 0 ? "same" : "k\(index)") {
                        peak.enter(key: index % 3 == 0 ? "same" : nil)
                        Thread.sleep(forTimeInterval: 0.005)
                        peak.leave(key: index % 3 == 0 ? "same" : nil)
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(peak.maximum <= 2 && peak.maximum >= 1)
        #expect(peak.maximumForKey == 1)
        #expect(gate.running == 0)
        // Past its queue, a newcomer is turned away at once.
        let tiny = HashingGate(limit: 1, maxWaiting: 0)
        let release = DispatchSemaphore(value: 0)
        let holder = Task { try await tiny.run(key: "a") { release.wait() } }
        while tiny.running == 0 { try await Task.sleep(for: .milliseconds(2)) }
        await #expect(throws: HashingGate.Busy.self) { try await tiny.run(key: "b") {} }
        release.signal()
        try await holder.value
        #expect(tiny.running == 0)
    }

    // MARK: what pages tell

    /// Threat: the lost-password page tells whether an identifier exists and
    /// whether it is a guardian with a mobile.
    @Test(arguments: TestDatabases.engines)
    func lostPasswordSaysTheSameForEveryIdentifier(_ engine: Database.Engine) async throws {
        let deployment = try await SelfServiceTests.deploy(engine)
        let web = deployment.web
        try await web.store.setMobile("0611223344", forAccount: web.directory.guardian.id)
        let pages: [String] = try await deployment.app.test(.router) { client in
            var pages: [String] = []
            for identifier in [web.directory.guardian.identifier, web.directory.pupil.identifier, "x.inconnu10"] {
                let jar = CookieJar()
                let page = try await client.get("/mot-de-passe-perdu", jar: jar)
                let started = try await client.post("/mot-de-passe-perdu", form: form(page) + [("identifier", identifier), ("canal", "sms")], jar: jar)
                let code = try await client.get(try #require(started.headers[.location]), jar: jar)
                #expect(code.status == .ok)
                pages.append(code.text.firstCapture(of: #"<p class="intro">([^<]+)</p>"#) ?? "")
            }
            return pages
        }
        #expect(!pages[0].isEmpty && Set(pages).count == 1, "\(pages)")
        #expect(!pages[0].contains("**"))
    }

    /// Threat: a session token from before a new login in the same browser
    /// (copied, or left by the previous person) keeps working.
    @Test func loggingInAgainEndsTheBrowsersPreviousSession() async throws {
        let web = try await WebFixture.make()
        try await web.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(web.directory.pupil.identifier, DirectoryFixture.password, jar: jar)
            let first = try #require(jar["sesame_session"])
            // The form asked again (CAS renew), as on a shared computer.
            let csrf = try await client.csrfToken(jar: jar, page: "/login?force=1")
            _ = try await client.post("/login", form: [("csrf", csrf), ("username", web.directory.pupil.identifier),
                                                      ("password", DirectoryFixture.password)], jar: jar)
            #expect(jar["sesame_session"] != nil && jar["sesame_session"] != first)
            let stale = CookieJar()
            stale.take(setCookies: ["sesame_session=" + first])
            #expect(try await client.get("/compte", jar: stale).status != .ok, "the old token opens nothing")
            #expect(try await client.get("/compte", jar: jar).status == .ok)
        }
    }
}

/// Counts how many run at once, overall and for one key.
final class Peak: @unchecked Sendable {
    private let lock = NSLock()
    private var now = 0, nowForKey = 0
    private(set) var maximum = 0, maximumForKey = 0
    func enter(key: String?) {
        lock.lock(); defer { lock.unlock() }
        now += 1; maximum = max(maximum, now)
        if key != nil { nowForKey += 1; maximumForKey = max(maximumForKey, nowForKey) }
    }
    func leave(key: String?) {
        lock.lock(); defer { lock.unlock() }
        now -= 1
        if key != nil { nowForKey -= 1 }
    }
}
