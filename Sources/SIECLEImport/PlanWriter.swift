import Accounts
import Foundation
import SQLKit
import Primitives

/// Applies an `ImportPlan` on one connection inside the caller's
/// transaction. Inserts go in multi-row statements (the speed target is
/// 100,000 pupils in under a minute); updates, rarer, one by one.
enum PlanWriter {
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
            for result in try await db.raw(query).all() { ids[try result.text("siecle_id")] = try result.integer("id") }
        }
        return ids
    }

    static func apply(_ plan: ImportPlan, on db: any SQLDatabase, now: Date = Date()) async throws {
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
                guard let id = new[siecleID] else { throw SIECLEImportError.storage("row for SIECLE id \(siecleID) not inserted") }
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
        var taken = Set(try await db.raw("SELECT identifier FROM issued_identifiers").all().map { try $0.text("identifier") })
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
                let won = Set(try await db.raw(query).all().map { try $0.text("identifier") })
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
            for row in try await db.raw(query).all() { ids[try row.text("identifier")] = try row.integer("id") }
        }
        return try identifiers.map { identifier in
            guard let id = ids[identifier] else { throw SIECLEImportError.storage("account \(identifier) not inserted") }
            return id
        }
    }
}

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
