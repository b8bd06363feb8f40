import Accounts
import Foundation
import Testing
import Primitives

@Suite struct LegacyMatcherTests {
    static let college = UAI("0861002X")!, lycee = UAI("0861003Y")!

    /// Léa Durand (account 1) at the collège; Paul Durand (account 2), her
    /// legal guardian, with a record in each school; two Martin twins' homonyms.
    static let directory = LegacyDirectory(
        pupils: [
            Pupil(id: 10, ine: "0123456789A", siecleID: "11", familyName: "Durand", firstName: "Léa",
                  birthDate: CalendarDate(iso: "2012-05-04"), division: "4A", uai: college, accountID: 1),
            Pupil(id: 11, ine: "0123456789B", siecleID: "12", familyName: "Durand", firstName: "Tom",
                  birthDate: CalendarDate(iso: "2009-01-20"), division: "2NDE", uai: lycee, accountID: 3),
            Pupil(id: 12, ine: nil, siecleID: "13", familyName: "Martin", firstName: "Jean", birthDate: CalendarDate(iso: "2011-02-02"),
                  division: "5B", uai: college, accountID: 4),
            Pupil(id: 13, ine: nil, siecleID: "14", familyName: "MARTIN", firstName: "jean", birthDate: CalendarDate(iso: "2011-02-02"),
                  division: "5C", uai: college, accountID: 5),
            Pupil(id: 14, ine: nil, siecleID: "15", familyName: "Sanscompte", firstName: "Ali", birthDate: CalendarDate(iso: "2010-03-03"),
                  division: "4B", uai: college, accountID: nil),
        ],
        guardians: [
            Guardian(id: 20, siecleID: "501", uai: college, civility: "M.", familyName: "Durand", firstName: "Paul",
                     mobile: nil, email: nil, accountID: 2),
            Guardian(id: 21, siecleID: "901", uai: lycee, civility: "M.", familyName: "Durand", firstName: "Paul",
                     mobile: nil, email: nil, accountID: 2),
            Guardian(id: 22, siecleID: "502", uai: college, civility: "Mme", familyName: "Durand", firstName: "Anne",
                     mobile: nil, email: nil, accountID: 6),
        ],
        links: [
            LegalLink(guardianID: 20, pupilID: 10, rank: 1),
            LegalLink(guardianID: 21, pupilID: 11, rank: 1),
            // Anne is a contact of Léa, not a legal guardian; her link to Tom is suspended.
            LegalLink(guardianID: 22, pupilID: 10, rank: 3),
            LegalLink(guardianID: 22, pupilID: 11, rank: 2, suspended: true),
        ])

    let matcher = LegacyMatcher(directory: directory)

    func identity(_ family: String, _ first: String, born: String? = nil, pupil: String? = nil) -> LegacyIdentity {
        LegacyIdentity(familyName: family, firstName: first, birthDate: born.flatMap(CalendarDate.init(iso:)), linkedPupilID: pupil)
    }

    @Test func aPupilMatchesOnFoldedNamesAndBirthDate() {
        #expect(matcher.match(identity("DURAND", "lea", born: "2012-05-04")) == .matched(accountID: 1, establishments: [Self.college]))
        #expect(matcher.match(identity(" du-rand ", "Léa", born: "2012-05-04")) == .matched(accountID: 1, establishments: [Self.college]))
        #expect(matcher.match(identity("Durand", "Léa", born: "2012-05-05")) == .unmatched(.noPerson))
        #expect(matcher.match(identity("Durant", "Léa", born: "2012-05-04")) == .unmatched(.noPerson))
    }

    @Test func aGuardianMatchesThroughALegalLinkToTheNamedPupil() {
        // By INE or by SIECLE id; the account spans both schools.
        let both: LegacyMatch = .matched(accountID: 2, establishments: [Self.college, Self.lycee])
        #expect(matcher.match(identity("Durand", "Paul", pupil: "0123456789a")) == both)
        #expect(matcher.match(identity("Durand", "Paul", pupil: "12")) == both)
        // A pupil he is not linked to, a contact (rank 3), a suspended link.
        #expect(matcher.match(identity("Durand", "Paul", pupil: "13")) == .unmatched(.noPerson))
        #expect(matcher.match(identity("Durand", "Anne", pupil: "0123456789A")) == .unmatched(.noPerson))
        #expect(matcher.match(identity("Durand", "Anne", pupil: "0123456789B")) == .unmatched(.noPerson))
    }

    @Test func nothingIsGuessed() {
        #expect(matcher.match(identity("Durand", "Léa")) == .unmatched(.nothingToCompare))
        #expect(matcher.match(identity("Martin", "Jean", born: "2011-02-02")) == .unmatched(.severalPeople(2)))
        #expect(matcher.match(identity("Sanscompte", "Ali", born: "2010-03-03")) == .unmatched(.personWithoutAccount))
        #expect(matcher.match(identity("", "", born: "2010-03-03")) == .unmatched(.noPerson))
    }
}
