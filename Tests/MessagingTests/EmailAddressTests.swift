import Testing
@testable import Messaging

@Suite struct EmailAddressTests {
    /// A pupil's only way to recover a password must not be a typo.
    @Test(arguments: ["louis.petit@example", "louis@localhost", "a@b.c", "a@exemple.f1"])
    func anAddressWithoutAPublicDomainIsNotOneToWriteTo(_ typed: String) throws {
        let address = try EmailAddress(typed)
        #expect(!address.hasPublicDomain)
    }

    @Test(arguments: ["louis.petit@example.fr", "l.petit@ac-poitiers.fr", "x@mail.example.org"])
    func ordinaryAddressesHaveOne(_ typed: String) throws {
        #expect(try EmailAddress(typed).hasPublicDomain)
    }
}
