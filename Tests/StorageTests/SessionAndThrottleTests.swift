import Accounts
import Foundation
import SesameTestSupport
import Storage
import Testing
import Primitives

@Suite struct SessionAndThrottleTests {
    @Test(arguments: TestDatabases.engines)
    func sessionsExpireAndArePurged(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let account = try await store.createAccount(NewAccount(role: .pupil, state: .active, familyName: "Faure", firstName: "Adam"))
        let now = Date()
        try await store.createSession(Session(accountID: account.id, createdAt: now, expiresAt: now + 10, method: "password"), key: "live")
        try await store.createSession(Session(accountID: account.id, createdAt: now, expiresAt: now - 1, method: "password"), key: "old")
        #expect(try await store.session(key: "live", now: now)?.accountID == account.id)
        #expect(try await store.session(key: "old", now: now) == nil)
        #expect(try await store.session(key: "live", now: now + 11) == nil)
        let joined = try await store.sessionAndAccount(key: "live", now: now)
        #expect(joined?.1.identifier == account.identifier)
        #expect(joined?.0.expiresAt == (try await store.session(key: "live", now: now))?.expiresAt)
        #expect(try await store.sessionAndAccount(key: "old", now: now) == nil)
        try await store.purgeExpiredSessions(now: now)
        let remaining = try await store.database.run { try await $0.raw("SELECT key FROM sessions").all().map { try $0.decode(column: "key", as: String.self) } }
        #expect(remaining == ["live"])
        try await store.deleteSession(key: "live")
        #expect(try await store.session(key: "live", now: now) == nil)
        await store.database.shutdown()
    }

    /// Failures recorded by two processes at once all count.
    @Test(arguments: TestDatabases.engines)
    func concurrentFailuresAllCount(_ engine: Database.Engine) async throws {
        let url = try await TestDatabases.url(for: engine)
        let one = try await SQLStore.open(url: url), two = try await SQLStore.open(url: url)
        let now = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<20 {
                let store = i.isMultiple(of: 2) ? one : two
                group.addTask { _ = try await store.recordFailure(key: "login-id:x", policy: .identifier, now: now) }
            }
            try await group.waitForAll()
        }
        let state = try #require(try await one.throttleState(key: "login-id:x"))
        #expect(state.failures == 20)
        await one.database.shutdown(); await two.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func failuresBlockForAGrowingTimeThenFade(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        let t0 = Date(timeIntervalSince1970: 1_800_000_000)
        var state = ThrottleState(failures: 0, lastFailure: t0, blockedUntil: t0)
        for _ in 0..<5 { state = try await store.recordFailure(key: "k", policy: .identifier, now: t0) }
        #expect(state.failures == 5)
        #expect(state.blockedUntil == t0 + 4)
        // An hour and more of quiet: the count starts again.
        let later = t0 + ThrottlePolicy.identifier.forgetAfter + 1
        state = try await store.recordFailure(key: "k", policy: .identifier, now: later)
        #expect(state.failures == 1)
        #expect(state.blockedUntil < later, "one failure after a quiet hour blocks nothing")
        try await store.clearThrottle(key: "k")
        #expect(try await store.throttleState(key: "k") == nil)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func settingsAreSharedAndKeepTheirFirstValue(_ engine: Database.Engine) async throws {
        let url = try await TestDatabases.url(for: engine)
        let one = try await SQLStore.open(url: url), two = try await SQLStore.open(url: url)
        let a = try await one.setting("csrf_key") { "first" }
        let b = try await two.setting("csrf_key") { "second" }
        #expect(a == "first")
        #expect(b == "first")
        try await one.ping()
        await one.database.shutdown(); await two.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func auditEventsAndStaffAreKept(_ engine: Database.Engine) async throws {
        let store = try await TestDatabases.store(engine)
        try await store.record(AuditEvent(kind: .loginFailed, subject: "p.x10", ip: "10.0.0.1", detail: "wrong password"))
        try await store.record(AuditEvent(kind: .loginSucceeded, actor: "p.x10", subject: "p.x10", ip: "10.0.0.1"))
        #expect(try await store.recentEvents(limit: 10).map(\.kind) == [.loginSucceeded, .loginFailed])
        try await store.saveEstablishment(Establishment(uai: UAI("0861002X")!, name: "C", city: "P", kind: .college, academie: "A"))
        _ = try await store.addStaff(StaffMember(login: "chef@example.org", displayName: "Mme Chef", role: .chef, establishments: [UAI("0861002X")!]))
        let staff = try await store.staff()
        #expect(staff.map(\.role) == [.chef])
        #expect(staff.first?.establishments == [UAI("0861002X")!])
        await store.database.shutdown()
    }
}
