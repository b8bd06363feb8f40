import Accounts
import Foundation
import SesameTestSupport
import Storage
import Testing

@Suite struct LoginServiceTests {
    func setUp(_ engine: Database.Engine) async throws -> (SQLStore, DirectoryFixture, LoginService) {
        let store = try await TestDatabases.store(engine)
        let fixture = try await DirectoryFixture.build(in: store)
        return (store, fixture, LoginService(store: store, hasher: .fast))
    }

    @Test(arguments: TestDatabases.engines)
    func rightPasswordOpensASessionAndIsAudited(_ engine: Database.Engine) async throws {
        let (store, fixture, login) = try await setUp(engine)
        let result = try await login.login(identifier: " L.Durand10 ", password: DirectoryFixture.password, ip: "192.0.2.1")
        let success = try result.get()
        #expect(success.account.id == fixture.pupil.id)
        #expect(try await store.session(key: success.token.storageKey, now: Date())?.accountID == fixture.pupil.id)
        // Only the digest of the token is stored.
        #expect(try await store.session(key: success.token.value, now: Date()) == nil)
        #expect(try await store.account(id: fixture.pupil.id)?.lastLoginAt != nil)
        #expect(try await store.recentEvents(limit: 1).first?.kind == .loginSucceeded)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func everyKindOfRefusalLooksTheSame(_ engine: Database.Engine) async throws {
        let (store, fixture, login) = try await setUp(engine)
        let wrong = try await login.login(identifier: fixture.pupil.identifier, password: "Wrong-2026", ip: "192.0.2.2")
        let unknown = try await login.login(identifier: "z.nobody10", password: "Wrong-2026", ip: "192.0.2.3")
        let disabled = try await login.login(identifier: fixture.disabled.identifier, password: DirectoryFixture.password, ip: "192.0.2.4")
        let garbage = try await login.login(identifier: "<script>", password: "x", ip: "192.0.2.5")
        for result in [wrong, unknown, disabled, garbage] {
            #expect(throws: LoginService.Refusal.invalidCredentials) { try result.get() }
        }
        let reasons = try await store.recentEvents(limit: 4).map(\.detail)
        #expect(Set(reasons) == ["wrong password", "unknown identifier", "account disabled"])
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func repeatedFailuresSlowTheIdentifierDownFromThatAddressButNotForever(_ engine: Database.Engine) async throws {
        let (store, fixture, login) = try await setUp(engine)
        let t0 = Date(), ip = "198.51.100.1"
        for i in 0..<4 {
            let r = try await login.login(identifier: fixture.pupil.identifier, password: "Wrong-\(i)", ip: ip, now: t0)
            #expect(throws: LoginService.Refusal.invalidCredentials) { try r.get() }
        }
        // Fifth try from there, even with the right password: wait.
        let blocked = try await login.login(identifier: fixture.pupil.identifier, password: DirectoryFixture.password, ip: ip, now: t0 + 1)
        guard case .failure(.throttled(let wait)) = blocked else {
            Issue.record("expected throttling, got \(blocked)")
            return
        }
        #expect(abs(wait - 1) < 0.01, "blocked 2 s after the 4th failure, asked 1 s later")
        // The owner on another address is not held back by those failures.
        let elsewhere = try await login.login(identifier: fixture.pupil.identifier, password: DirectoryFixture.password, ip: "192.0.2.77", now: t0 + 1)
        #expect(try elsewhere.get().account.id == fixture.pupil.id)
        // Once the delay has passed, the real person gets in from there too.
        let later = try await login.login(identifier: fixture.pupil.identifier, password: DirectoryFixture.password, ip: ip, now: t0 + 3)
        #expect(try later.get().account.id == fixture.pupil.id)
        #expect(try await store.throttleState(key: ThrottleKey.identifier(fixture.pupil.identifier, from: ip)) == nil)
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func guessingFromManyAddressesSlowsTheIdentifierDownEverywhere(_ engine: Database.Engine) async throws {
        let (store, fixture, login) = try await setUp(engine)
        let t0 = Date()
        for i in 0...ThrottlePolicy.identifierEverywhere.freeFailures {
            _ = try await login.login(identifier: fixture.pupil.identifier, password: "Wrong-\(i)", ip: "198.51.100.\(i)", now: t0)
        }
        let next = try await login.login(identifier: fixture.pupil.identifier, password: DirectoryFixture.password, ip: "192.0.2.200", now: t0)
        guard case .failure(.throttled) = next else {
            Issue.record("expected throttling, got \(next)")
            return
        }
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func oneAddressTryingManyIdentifiersIsSlowedDown(_ engine: Database.Engine) async throws {
        let (store, _, login) = try await setUp(engine)
        let t0 = Date()
        for i in 0..<ThrottlePolicy.address.freeFailures + 1 {
            _ = try await login.login(identifier: "x.guess\(i)", password: "Wrong", ip: "203.0.113.7", now: t0)
        }
        let next = try await login.login(identifier: "l.durand10", password: DirectoryFixture.password, ip: "203.0.113.7", now: t0)
        guard case .failure(.throttled) = next else {
            Issue.record("expected throttling, got \(next)")
            return
        }
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func aRaisedCostRehashesOnLogin(_ engine: Database.Engine) async throws {
        let (store, fixture, _) = try await setUp(engine)
        let stronger = LoginService(store: store, hasher: .standard)
        _ = try await stronger.login(identifier: fixture.guardian.identifier, password: DirectoryFixture.password, ip: "192.0.2.8").get()
        let hash = try #require(try await store.account(id: fixture.guardian.id)?.passwordHash)
        #expect(hash.hasPrefix("$argon2id$v=19$m=19456,t=2,p=1$"))
        #expect(try await stronger.login(identifier: fixture.guardian.identifier, password: DirectoryFixture.password, ip: "192.0.2.8").get().account.id == fixture.guardian.id)
        await store.database.shutdown()
    }

    /// An account of an earlier version, on scrypt, is moved to Argon2id at its
    /// next login; the audit says so and the password still works.
    @Test(arguments: TestDatabases.engines)
    func aScryptAccountIsRehashedToArgon2idAtItsNextLogin(_ engine: Database.Engine) async throws {
        let (store, fixture, login) = try await setUp(engine)
        let old = try Scrypt.hash(DirectoryFixture.password, parameters: Scrypt.Parameters(logN: 10, r: 8, p: 1))
        try await store.setPasswordHash(old, provisionalUntil: nil, state: nil, forAccount: fixture.guardian.id)
        _ = try await login.login(identifier: fixture.guardian.identifier, password: DirectoryFixture.password, ip: "192.0.2.9").get()
        let hash = try #require(try await store.account(id: fixture.guardian.id)?.passwordHash)
        #expect(hash.hasPrefix("$argon2id$v=19$"))
        #expect(try await store.recentEvents(limit: 10).contains { $0.kind == .passwordRehashed && $0.subject == fixture.guardian.identifier })
        #expect(try await login.login(identifier: fixture.guardian.identifier, password: DirectoryFixture.password, ip: "192.0.2.9").get().account.id == fixture.guardian.id)
        await store.database.shutdown()
    }

    /// Threat: a login with the old password, still hashing, writes its rehash
    /// over the password the owner changed meanwhile.
    @Test(arguments: TestDatabases.engines)
    func aRehashNeverOverwritesAPasswordChangedMeanwhile(_ engine: Database.Engine) async throws {
        let (store, fixture, _) = try await setUp(engine)
        let stored = try #require(try await store.account(id: fixture.guardian.id)?.passwordHash)
        let changed = try PasswordHasher.fast.hash("Nouveau-2027")
        try await store.setPasswordHash(changed, provisionalUntil: nil, state: nil, forAccount: fixture.guardian.id)
        let late = try PasswordHasher.standard.hash(DirectoryFixture.password)
        #expect(try await store.rehashPassword(from: stored, to: late, forAccount: fixture.guardian.id) == false)
        #expect(try await store.account(id: fixture.guardian.id)?.passwordHash == changed)
        #expect(try await store.rehashPassword(from: changed, to: late, forAccount: fixture.guardian.id))
        await store.database.shutdown()
    }

    @Test(arguments: TestDatabases.engines)
    func anExpiredProvisionalPasswordIsRefused(_ engine: Database.Engine) async throws {
        let (store, fixture, login) = try await setUp(engine)
        let hash = try PasswordHasher.fast.hash("Provisoire-1")
        try await store.setPasswordHash(hash, provisionalUntil: Date() - 1, state: .notified, forAccount: fixture.guardian.id)
        let r = try await login.login(identifier: fixture.guardian.identifier, password: "Provisoire-1", ip: "192.0.2.9")
        #expect(throws: LoginService.Refusal.provisionalExpired) { try r.get() }
        try await store.setPasswordHash(hash, provisionalUntil: Date() + 3600, state: .notified, forAccount: fixture.guardian.id)
        #expect(try await login.login(identifier: fixture.guardian.identifier, password: "Provisoire-1", ip: "192.0.2.9").get().account.state == .notified)
        await store.database.shutdown()
    }
}
