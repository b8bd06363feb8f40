import Accounts
import Foundation
import SQLKit
import Primitives

extension SQLStore: DirectoryStore {
    public func saveEstablishment(_ e: Establishment) async throws {
        try await execute("""
            INSERT INTO establishments (uai, name, city, kind, academie)
            VALUES (\(bind: e.uai.value), \(bind: e.name), \(bind: e.city), \(bind: e.kind.rawValue), \(bind: e.academie))
            ON CONFLICT (uai) DO UPDATE SET name = excluded.name, city = excluded.city,
                kind = excluded.kind, academie = excluded.academie
            """)
    }

    public func establishments() async throws -> [Establishment] {
        try await all("SELECT uai, name, city, kind, academie FROM establishments ORDER BY uai").map(Self.establishment(from:))
    }

    public func establishment(_ uai: UAI) async throws -> Establishment? {
        try await first("SELECT uai, name, city, kind, academie FROM establishments WHERE uai = \(bind: uai.value)")
            .map(Self.establishment(from:))
    }

    public func insertPupil(_ p: Pupil) async throws -> Pupil {
        guard let row = try await first("""
            INSERT INTO pupils (ine, siecle_id, uai, family_name, first_name, birth_date, division, status, account_id)
            VALUES (\(bind: p.ine), \(bind: p.siecleID), \(bind: p.uai.value), \(bind: p.familyName), \(bind: p.firstName),
                    \(bind: p.birthDate?.iso), \(bind: p.division), \(bind: p.status.rawValue), \(bind: p.accountID))
            RETURNING id
            """) else { throw StoreError.missingRow("pupils insert") }
        var saved = p
        saved.id = try row.int64("id")
        return saved
    }

    public func insertGuardian(_ g: Guardian) async throws -> Guardian {
        guard let row = try await first("""
            INSERT INTO guardians (siecle_id, uai, civility, family_name, first_name, mobile, mobile_key, email, accepts_sms, account_id)
            VALUES (\(bind: g.siecleID), \(bind: g.uai.value), \(bind: g.civility), \(bind: g.familyName), \(bind: g.firstName),
                    \(bind: g.mobile), \(bind: g.mobile.flatMap(MobileNumber.init)?.key), \(bind: g.email), \(bind: g.acceptsSMS ? 1 : 0),
                    \(bind: g.accountID))
            RETURNING id
            """) else { throw StoreError.missingRow("guardians insert") }
        var saved = g
        saved.id = try row.int64("id")
        return saved
    }

    public func link(_ l: LegalLink) async throws {
        try await execute("""
            INSERT INTO legal_links (guardian_id, pupil_id, rank, suspended)
            VALUES (\(bind: l.guardianID), \(bind: l.pupilID), \(bind: l.rank), \(bind: l.suspended ? 1 : 0))
            ON CONFLICT (guardian_id, pupil_id) DO UPDATE SET rank = excluded.rank, suspended = excluded.suspended
            """)
    }

    public func attachPupil(_ pupilID: Int64, toAccount accountID: Int64) async throws {
        try await execute("UPDATE pupils SET account_id = \(bind: accountID) WHERE id = \(bind: pupilID)")
    }

    public func attachGuardian(_ guardianID: Int64, toAccount accountID: Int64) async throws {
        try await execute("UPDATE guardians SET account_id = \(bind: accountID) WHERE id = \(bind: guardianID)")
    }

    public func countPupils() async throws -> Int {
        guard let row = try await first("SELECT COUNT(*) AS n FROM pupils") else { return 0 }
        return Int(try row.int64("n"))
    }

    static let pupilColumns = "p.id, p.ine, p.siecle_id, p.uai, p.family_name, p.first_name, p.birth_date, p.division, p.status, p.account_id"
    /// The pupil's establishment, read in the same query.
    static let schoolColumns = "e.name AS e_name, e.city AS e_city, e.kind AS e_kind, e.academie AS e_academie"

    public func profile(ofAccount accountID: Int64) async throws -> AccountProfile? {
        guard let account = try await account(id: accountID) else { return nil }
        return try await profile(of: account)
    }

    /// One round trip: the account's own pupil records (kind 0) and the
    /// children it is a legal guardian of (kind 1); SSO reads this per answer.
    public func profile(of account: Account) async throws -> AccountProfile {
        let rows = try await all("""
            SELECT 0 AS kind, p.id AS order_id, \(unsafeRaw: Self.pupilColumns), \(unsafeRaw: Self.schoolColumns), 0 AS link_rank
            FROM pupils p JOIN establishments e ON e.uai = p.uai
            WHERE p.account_id = \(bind: account.id)
            UNION ALL
            SELECT 1 AS kind, 0 AS order_id, \(unsafeRaw: Self.pupilColumns), \(unsafeRaw: Self.schoolColumns), l.rank AS link_rank
            FROM guardians g JOIN legal_links l ON l.guardian_id = g.id JOIN pupils p ON p.id = l.pupil_id
                 JOIN establishments e ON e.uai = p.uai
            WHERE g.account_id = \(bind: account.id) AND l.suspended = 0 AND p.status = 'enrolled'
            ORDER BY kind, order_id, birth_date, first_name
            """)
        var pupils: [Pupil] = [], pupilSchools: [Establishment] = []
        var children: [AccountProfile.Child] = []
        var seen = Set<Int64>()
        for row in rows {
            let pupil = try Self.pupil(from: row)
            if try row.int64("kind") == 0 {
                pupils.append(pupil)
                if pupil.status == .enrolled { pupilSchools.append(try Self.school(of: pupil, from: row)) }
            } else if seen.insert(pupil.id).inserted {
                // Grouped records may reach one child twice; show it once.
                children.append(.init(pupil: pupil, establishment: try Self.school(of: pupil, from: row), rank: Int(try row.int64("link_rank"))))
            }
        }
        return AccountProfile(account: account, pupils: pupils, pupilEstablishments: pupilSchools, children: children)
    }

    static func school(of pupil: Pupil, from row: any SQLRow) throws -> Establishment {
        Establishment(uai: pupil.uai, name: try row.string("e_name"), city: try row.string("e_city"),
                      kind: EstablishmentKind(rawValue: try row.string("e_kind")) ?? .college, academie: try row.string("e_academie"))
    }

    static func establishment(from row: any SQLRow) throws -> Establishment {
        guard let uai = UAI(try row.string("uai")) else { throw StoreError.missingRow("valid UAI") }
        return Establishment(uai: uai, name: try row.string("name"), city: try row.string("city"),
                             kind: EstablishmentKind(rawValue: try row.string("kind")) ?? .college,
                             academie: try row.string("academie"))
    }

    static func pupil(from row: any SQLRow) throws -> Pupil {
        guard let uai = UAI(try row.string("uai")) else { throw StoreError.missingRow("valid UAI") }
        return Pupil(id: try row.int64("id"), ine: try row.optionalString("ine"), siecleID: try row.string("siecle_id"),
                     familyName: try row.string("family_name"), firstName: try row.string("first_name"),
                     birthDate: try row.optionalString("birth_date").flatMap(CalendarDate.init(iso:)),
                     division: try row.optionalString("division"), uai: uai,
                     status: EnrolmentStatus(rawValue: try row.string("status")) ?? .enrolled,
                     accountID: try row.optionalInt64("account_id"))
    }
}
