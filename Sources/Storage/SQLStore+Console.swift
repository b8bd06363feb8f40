import Accounts
import Foundation
import SQLKit
import Primitives

extension SQLStore: ConsoleStore {
    public func roster(of uai: UAI) async throws -> Roster? {
        guard let school = try await establishment(uai) else { return nil }
        let pupils = try await all("SELECT \(unsafeRaw: Self.pupilColumns) FROM pupils p WHERE p.uai = \(bind: uai.value) ORDER BY p.division, p.family_name, p.first_name")
            .map(Self.pupil(from:))
        let guardians = try await guardians(where: "g.uai = \(bind: uai.value)")
        let links = try await all("""
            SELECT l.guardian_id, l.pupil_id FROM legal_links l JOIN guardians g ON g.id = l.guardian_id
            WHERE g.uai = \(bind: uai.value) AND l.suspended = 0
            """).map { (try $0.int64("guardian_id"), try $0.int64("pupil_id")) }
        let accounts = Dictionary(try await accounts(matching: AccountFilter(establishment: uai, limit: 1_000_000)).map { ($0.id, $0) },
                                  uniquingKeysWith: { a, _ in a })
        let pupilByID = Dictionary(pupils.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let guardianByID = Dictionary(guardians.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let shared = try await accountsSharedWithOtherEstablishments(than: uai)
        let pupilPeople = pupils.map { pupil in
            var person = Roster.Person(account: pupil.accountID.flatMap { accounts[$0] }, division: pupil.division,
                          related: links.filter { $0.1 == pupil.id }.compactMap { guardianByID[$0.0].map { "\($0.firstName) \($0.familyName)" } },
                          pupil: pupil)
            person.readOnly = pupil.status != .enrolled ? .left
                : pupil.accountID.map(shared.contains) == true ? .sharedWithAnotherEstablishment : nil
            return person
        }
        // A grouped account has several records here (one per child): one row for it.
        var guardianPeople: [Roster.Person] = [], rowOfAccount: [Int64: Int] = [:]
        for guardian in guardians {
            let children = links.filter { $0.0 == guardian.id }.compactMap { pupilByID[$0.1] }
            let names = children.map { "\($0.firstName) \($0.familyName)" }
            let current = children.contains { $0.status == .enrolled }
            if let id = guardian.accountID, let row = rowOfAccount[id] {
                guardianPeople[row].related += names
                guardianPeople[row].division = ([guardianPeople[row].division] + children.map(\.division)).compactMap { $0 }.min()
                if current, guardianPeople[row].readOnly == .left { guardianPeople[row].readOnly = nil }
                continue
            }
            if let id = guardian.accountID { rowOfAccount[id] = guardianPeople.count }
            var person = Roster.Person(account: guardian.accountID.flatMap { accounts[$0] }, division: children.compactMap(\.division).min(),
                                       related: names, guardian: guardian)
            person.readOnly = current ? nil : .left
            guardianPeople.append(person)
        }
        for index in guardianPeople.indices where guardianPeople[index].readOnly == nil {
            if let id = guardianPeople[index].account?.id, shared.contains(id) { guardianPeople[index].readOnly = .sharedWithAnotherEstablishment }
        }
        return Roster(establishment: school, pupils: pupilPeople, guardians: guardianPeople)
    }

    /// Accounts of this establishment's people that are also those of a
    /// pupil enrolled elsewhere, or of a guardian with a current legal link
    /// to a pupil enrolled elsewhere.
    func accountsSharedWithOtherEstablishments(than uai: UAI) async throws -> Set<Int64> {
        let rows = try await all("""
            SELECT p.account_id AS id FROM pupils p
            WHERE p.uai <> \(bind: uai.value) AND p.status = 'enrolled'
              AND p.account_id IN (SELECT account_id FROM pupils WHERE uai = \(bind: uai.value))
            UNION
            SELECT g.account_id AS id FROM guardians g
            JOIN legal_links l ON l.guardian_id = g.id JOIN pupils p ON p.id = l.pupil_id
            WHERE g.uai <> \(bind: uai.value) AND l.suspended = 0 AND p.status = 'enrolled'
              AND g.account_id IN (SELECT account_id FROM guardians WHERE uai = \(bind: uai.value))
            """)
        return Set(try rows.map { try $0.int64("id") })
    }

    public func loginsPerDay(of uai: UAI, since: Date) async throws -> [(day: String, count: Int)] {
        let times = try await all("""
            SELECT e.at FROM audit_events e JOIN accounts a ON a.identifier = e.subject
            WHERE e.kind = 'login.ok' AND e.at >= \(bind: since.millis)
              AND (a.id IN (SELECT account_id FROM pupils WHERE uai = \(bind: uai.value))
                   OR a.id IN (SELECT account_id FROM guardians WHERE uai = \(bind: uai.value)))
            """).map { try $0.date("at") }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Paris") ?? .gmt
        var counts: [String: Int] = [:]
        for time in times {
            let d = calendar.dateComponents([.year, .month, .day], from: time)
            counts[String(format: "%04d-%02d-%02d", d.year!, d.month!, d.day!), default: 0] += 1
        }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public func closeTicket(id: Int64, comment: String) async throws {
        try await execute("""
            UPDATE assistance_tickets SET open = 0, detail = detail || \(bind: comment.isEmpty ? "" : "\n— " + comment) WHERE id = \(bind: id)
            """)
    }

    public func restoreLinks(accountID: Int64, pupilID: Int64) async throws {
        try await execute("""
            UPDATE legal_links SET suspended = 0
            WHERE pupil_id = \(bind: pupilID) AND guardian_id IN (SELECT id FROM guardians WHERE account_id = \(bind: accountID))
            """)
    }
}
