import Accounts
import Foundation
import Primitives
import SQLKit

extension SQLStore: DirectoryImportStore {
    public func importSnapshot(uai: UAI) async throws -> DirectorySnapshot {
        try await database.run { db in try await DirectoryImportSQL.load(uai: uai, on: db) }
    }

    public func importTransaction<T: Sendable>(uai: UAI, _ body: @escaping @Sendable (any DirectoryImportTransaction) async throws -> T) async throws -> T {
        let engine = database.engine
        return try await database.transaction { db in
            // SQLite's BEGIN IMMEDIATE already serialises writers; PostgreSQL
            // serialises two imports of one establishment on a lock of their own.
            if engine == .postgres {
                try await db.raw("SELECT pg_advisory_xact_lock(7346239, hashtext(\(bind: uai.value)))").run()
            }
            return try await body(DirectoryImportSQL(db: db))
        }
    }
}

/// The SQL of a SIECLE import, on the connection of its transaction.
/// Inserts go in multi-row statements (the speed target is 100,000 pupils
/// in under a minute); updates, rarer, one by one.
struct DirectoryImportSQL: DirectoryImportTransaction {
    let db: any SQLDatabase

    func snapshot(uai: UAI) async throws -> DirectorySnapshot { try await Self.load(uai: uai, on: db) }

    func createEstablishment(_ e: Establishment) async throws {
        try await db.raw("""
            INSERT INTO establishments (uai, name, city, kind, academie)
            VALUES (\(bind: e.uai.value), \(bind: e.name), \(bind: e.city), \(bind: e.kind.rawValue), \(bind: e.academie))
            """).run()
    }

    func apply(_ changes: DirectoryChanges, now: Date) async throws { try await Self.apply(changes, on: db, now: now) }

    func record(_ e: AuditEvent) async throws {
        try await db.raw("""
            INSERT INTO audit_events (at, kind, actor, subject, ip, detail)
            VALUES (\(bind: e.at.millis), \(bind: e.kind.rawValue), \(bind: e.actor), \(bind: e.subject), \(bind: e.ip), \(bind: e.detail))
            """).run()
    }

    static func load(uai: UAI, on db: any SQLDatabase) async throws -> DirectorySnapshot {
        var snapshot = DirectorySnapshot()
        if let row = try await db.raw("SELECT uai, name, city, kind, academie FROM establishments WHERE uai = \(bind: uai.value)").first() {
            snapshot.establishment = Establishment(
                uai: uai, name: try row.decode(column: "name", as: String.self), city: try row.decode(column: "city", as: String.self),
                kind: EstablishmentKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .college,
                academie: try row.decode(column: "academie", as: String.self))
        }
        for row in try await db.raw("""
            SELECT id, siecle_id, ine, family_name, first_name, birth_date, division, status, account_id
            FROM pupils WHERE uai = \(bind: uai.value)
            """).all() {
            let fields = PupilFields(ine: try row.optionalString("ine"), familyName: try row.string("family_name"),
                                     firstName: try row.string("first_name"), birthDate: try row.optionalString("birth_date"),
                                     division: try row.optionalString("division"),
                                     status: EnrolmentStatus(rawValue: try row.string("status")) ?? .enrolled)
            snapshot.pupils[try row.string("siecle_id")] = StoredPupil(id: try row.int64("id"), fields: fields,
                                                                    accountID: try row.optionalInt64("account_id"))
        }
        for row in try await db.raw("""
            SELECT id, siecle_id, civility, family_name, first_name, mobile, email, accepts_sms, account_id
            FROM guardians WHERE uai = \(bind: uai.value)
            """).all() {
            let fields = GuardianFields(civility: try row.optionalString("civility"), familyName: try row.string("family_name"),
                                        firstName: try row.string("first_name"), mobile: try row.optionalString("mobile"),
                                        email: try row.optionalString("email"), acceptsSMS: try row.int64("accepts_sms") != 0)
            snapshot.guardians[try row.string("siecle_id")] = StoredGuardian(id: try row.int64("id"), fields: fields,
                                                                          accountID: try row.optionalInt64("account_id"))
        }
        for row in try await db.raw("""
            SELECT g.siecle_id AS person_id, p.siecle_id AS eleve_id, l.guardian_id, l.pupil_id, l.rank
            FROM legal_links l JOIN guardians g ON g.id = l.guardian_id JOIN pupils p ON p.id = l.pupil_id
            WHERE g.uai = \(bind: uai.value) AND p.uai = \(bind: uai.value)
            """).all() {
            snapshot.links[LinkKey(personID: try row.string("person_id"), eleveID: try row.string("eleve_id"))] =
                StoredLink(guardianID: try row.int64("guardian_id"), pupilID: try row.int64("pupil_id"),
                           rank: Int(try row.int64("rank")))
        }
        for row in try await db.raw("""
            SELECT ine, uai, status, account_id FROM pupils
            WHERE uai <> \(bind: uai.value) AND ine IS NOT NULL AND account_id IS NOT NULL
            """).all() {
            snapshot.pupilAccountsByINE[try row.string("ine"), default: []].append(EnrolmentElsewhere(
                uai: try row.string("uai"), status: EnrolmentStatus(rawValue: try row.string("status")) ?? .enrolled,
                accountID: try row.int64("account_id")))
        }
        for row in try await db.raw("""
            SELECT family_name, first_name, mobile_key, email FROM guardians
            WHERE uai <> \(bind: uai.value) AND account_id IS NOT NULL
            """).all() {
            snapshot.guardianKeysElsewhere.formUnion(GuardianKey.keys(
                familyName: try row.string("family_name"), firstName: try row.string("first_name"),
                mobileKey: try row.optionalString("mobile_key"), email: try row.optionalString("email")))
        }
        return snapshot
    }

    /// Rows per INSERT: 10 columns × 400 stays far below SQLite's 32,766
    /// bound parameters and PostgreSQL's 65,535.
    static let batchSize = 400

    /// Multi-row INSERTs of `rows`, `batchSize` at a time; the new ids by SIECLE id.
    static func insertReturningIDs<Row>(_ head: String, _ rows: [Row], on db: any SQLDatabase,
                                        values: (Row) -> SQLQueryString) async throws -> [String: Int64] {
        var ids: [String: Int64] = [:]
        for chunk in rows.chunked(batchSize) {
            var query = SQLQueryString(head)
            for (i, row) in chunk.enumerated() {
                if i > 0 { query += ", " }
                query += values(row)
            }
            query += " RETURNING id, siecle_id"
            for result in try await db.raw(query).all() { ids[try result.string("siecle_id")] = try result.int64("id") }
        }
        return ids
    }

    static func apply(_ plan: DirectoryChanges, on db: any SQLDatabase, now: Date) async throws {
        let millis = Int64((now.timeIntervalSince1970 * 1000).rounded())
        let accountIDs = try await createAccounts(plan.accounts, millis: millis, on: db)
        func account(_ source: AccountSource?) -> Int64? {
            switch source {
            case .create(let index): accountIDs[index]
            case .existing(let id): id
            case nil: nil
            }
        }

        let pupilIDs = try await insertReturningIDs(
            "INSERT INTO pupils (ine, siecle_id, uai, family_name, first_name, birth_date, division, status, account_id) VALUES ",
            plan.pupilInserts, on: db) { p in
            let f = p.fields
            return "(\(bind: f.ine), \(bind: p.siecleID), \(bind: plan.uai.value), \(bind: f.familyName), \(bind: f.firstName), \(bind: f.birthDate), \(bind: f.division), \(bind: f.status.rawValue), \(bind: account(p.account)))"
        }
        for u in plan.pupilUpdates {
            let f = u.fields
            var query: SQLQueryString = """
                UPDATE pupils SET ine = \(bind: f.ine), family_name = \(bind: f.familyName), first_name = \(bind: f.firstName),
                    birth_date = \(bind: f.birthDate), division = \(bind: f.division), status = \(bind: f.status.rawValue)
                """
            if let id = account(u.account) { query += ", account_id = \(bind: id)" }
            query += " WHERE id = \(bind: u.id)"
            try await db.raw(query).run()
        }

        let guardianIDs = try await insertReturningIDs(
            "INSERT INTO guardians (siecle_id, uai, civility, family_name, first_name, mobile, mobile_key, email, accepts_sms, account_id) VALUES ",
            plan.guardianInserts, on: db) { g in
            let f = g.fields
            return "(\(bind: g.siecleID), \(bind: plan.uai.value), \(bind: f.civility), \(bind: f.familyName), \(bind: f.firstName), \(bind: f.mobile), \(bind: f.mobile.flatMap(MobileNumber.init)?.key), \(bind: f.email), \(bind: f.acceptsSMS ? 1 : 0), \(bind: account(g.account)))"
        }
        for u in plan.guardianUpdates {
            let f = u.fields
            var query: SQLQueryString = """
                UPDATE guardians SET civility = \(bind: f.civility), family_name = \(bind: f.familyName), first_name = \(bind: f.firstName),
                    mobile = \(bind: f.mobile), mobile_key = \(bind: f.mobile.flatMap(MobileNumber.init)?.key), email = \(bind: f.email),
                    accepts_sms = \(bind: f.acceptsSMS ? 1 : 0)
                """
            if let id = account(u.account) { query += ", account_id = \(bind: id)" }
            query += " WHERE id = \(bind: u.id)"
            try await db.raw(query).run()
        }

        for link in plan.linkDeletes {
            try await db.raw("DELETE FROM legal_links WHERE guardian_id = \(bind: link.guardianID) AND pupil_id = \(bind: link.pupilID)").run()
        }
        for link in plan.linkUpdates {
            // The rank follows SIECLE; a suspension decided by staff stays.
            try await db.raw("UPDATE legal_links SET rank = \(bind: link.rank) WHERE guardian_id = \(bind: link.guardianID) AND pupil_id = \(bind: link.pupilID)").run()
        }
        func resolve(_ ref: RowRef, _ new: [String: Int64]) throws -> Int64 {
            switch ref {
            case .stored(let id): return id
            case .new(let siecleID):
                guard let id = new[siecleID] else { throw StoreError.missingRow("row for SIECLE id \(siecleID) not inserted") }
                return id
            }
        }
        for chunk in plan.linkInserts.chunked(batchSize) {
            var query: SQLQueryString = "INSERT INTO legal_links (guardian_id, pupil_id, rank, suspended) VALUES "
            for (i, l) in chunk.enumerated() {
                let guardianID = try resolve(l.guardian, guardianIDs), pupilID = try resolve(l.pupil, pupilIDs)
                query += "\(unsafeRaw: i == 0 ? "" : ", ")(\(bind: guardianID), \(bind: pupilID), \(bind: l.rank), 0)"
            }
            try await db.raw(query).run()
        }
    }

    /// Reserves identifiers and inserts the accounts, in plan order. The
    /// identifiers already issued are read once; ON CONFLICT DO NOTHING
    /// still arbitrates with another process creating accounts meanwhile
    /// (PostgreSQL), and the losers simply take the next number.
    static func createAccounts(_ specs: [AccountSpec], millis: Int64, on db: any SQLDatabase) async throws -> [Int64] {
        guard !specs.isEmpty else { return [] }
        var taken = Set(try await db.raw("SELECT identifier FROM issued_identifiers").all().map { try $0.string("identifier") })
        var nextAttempt: [String: Int] = [:]
        let stems = specs.map { IdentifierFormat.stem(firstName: $0.firstName, familyName: $0.familyName) }
        func nextFree(_ stem: String) -> String {
            var attempt = nextAttempt[stem] ?? 0
            var candidate = IdentifierFormat.candidate(stem: stem, attempt: attempt)
            while taken.contains(candidate) {
                attempt += 1
                candidate = IdentifierFormat.candidate(stem: stem, attempt: attempt)
            }
            nextAttempt[stem] = attempt + 1
            taken.insert(candidate)
            return candidate
        }
        var identifiers = stems.map(nextFree)
        var pending = Array(identifiers.indices)
        while !pending.isEmpty {
            var lost: [Int] = []
            for chunk in pending.chunked(batchSize) {
                var query: SQLQueryString = "INSERT INTO issued_identifiers (identifier, issued_at) VALUES "
                for (i, index) in chunk.enumerated() {
                    query += "\(unsafeRaw: i == 0 ? "" : ", ")(\(bind: identifiers[index]), \(bind: millis))"
                }
                query += " ON CONFLICT (identifier) DO NOTHING RETURNING identifier"
                let won = Set(try await db.raw(query).all().map { try $0.string("identifier") })
                lost += chunk.filter { !won.contains(identifiers[$0]) }
            }
            for index in lost { identifiers[index] = nextFree(stems[index]) }
            pending = lost
        }
        var ids: [String: Int64] = [:]
        for chunk in Array(specs.indices).chunked(batchSize) {
            var query: SQLQueryString = "INSERT INTO accounts (identifier, role, state, family_name, first_name, created_at) VALUES "
            for (i, index) in chunk.enumerated() {
                let spec = specs[index]
                query += "\(unsafeRaw: i == 0 ? "" : ", ")(\(bind: identifiers[index]), \(bind: spec.role.rawValue), \(bind: AccountState.created.rawValue), \(bind: spec.familyName), \(bind: spec.firstName), \(bind: millis))"
            }
            query += " RETURNING id, identifier"
            for row in try await db.raw(query).all() { ids[try row.string("identifier")] = try row.int64("id") }
        }
        return try identifiers.map { identifier in
            guard let id = ids[identifier] else { throw StoreError.missingRow("account \(identifier) not inserted") }
            return id
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
