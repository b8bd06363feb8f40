import Accounts
import Foundation
import Primitives

/// A small directory built through the stores, for tests that need people.
public struct DirectoryFixture: Sendable {
    public static let collegeUAI = UAI("0861002X")!
    public static let lyceeUAI = UAI("0861003Y")!
    public static let password = "Soleil-2026"

    public var pupil: Account
    public var guardian: Account
    public var disabled: Account

    /// A pupil, and a guardian grouped over two records in two establishments.
    public static func build(in store: any SesameStore, hasher: PasswordHasher = .fast) async throws -> DirectoryFixture {
        let college = Establishment(uai: collegeUAI, name: "Collège Test", city: "Poitiers", kind: .college, academie: "Test")
        let lycee = Establishment(uai: lyceeUAI, name: "Lycée Test", city: "Niort", kind: .lycee, academie: "Test")
        try await store.saveEstablishment(college)
        try await store.saveEstablishment(lycee)
        let hash = try hasher.hash(password)
        let pupilAccount = try await store.createAccount(NewAccount(role: .pupil, state: .active, familyName: "Durand", firstName: "Léa", passwordHash: hash))
        let pupil = try await store.insertPupil(Pupil(ine: "0123456789A", siecleID: "11", familyName: "Durand", firstName: "Léa",
                                                      birthDate: CalendarDate(iso: "2012-05-04"), division: "4A", uai: collegeUAI, accountID: pupilAccount.id))
        let brother = try await store.insertPupil(Pupil(ine: "0123456789B", siecleID: "12", familyName: "Durand", firstName: "Tom",
                                                        birthDate: CalendarDate(iso: "2009-01-20"), division: "2NDE", uai: lyceeUAI))
        let guardianAccount = try await store.createAccount(NewAccount(role: .guardian, state: .active, familyName: "Durand", firstName: "Paul", passwordHash: hash))
        let g1 = try await store.insertGuardian(Guardian(siecleID: "501", uai: collegeUAI, civility: "M.", familyName: "Durand", firstName: "Paul",
                                                         mobile: "0611223344", email: nil, accountID: guardianAccount.id))
        let g2 = try await store.insertGuardian(Guardian(siecleID: "901", uai: lyceeUAI, civility: "M.", familyName: "Durand", firstName: "Paul",
                                                         mobile: "0611223344", email: nil, accountID: guardianAccount.id))
        try await store.link(LegalLink(guardianID: g1.id, pupilID: pupil.id, rank: 1))
        try await store.link(LegalLink(guardianID: g2.id, pupilID: brother.id, rank: 1))
        let disabled = try await store.createAccount(NewAccount(role: .pupil, state: .disabled, familyName: "Parti", firstName: "Noé", passwordHash: hash))
        return DirectoryFixture(pupil: pupilAccount, guardian: guardianAccount, disabled: disabled)
    }
}
