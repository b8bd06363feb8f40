import Accounts
import Foundation
import Testing
@testable import Attributes
import Primitives

@Suite struct ProfileTests {
    static let college = Establishment(uai: UAI("0861002X")!, name: "Collège", city: "Poitiers", kind: .college, academie: "A")
    static let ecole = Establishment(uai: UAI("0861001W")!, name: "École", city: "Poitiers", kind: .ecole, academie: "A")
    static let secret = Array("secret-of-this-deployment".utf8)
    static let login = Date(timeIntervalSince1970: 1_795_000_000.25)

    static func pupilContext() -> ReleaseContext {
        let account = Account(id: 7, identifier: "l.durand10", role: .pupil, state: .active, familyName: "Durand", firstName: "Léa")
        let pupil = Pupil(id: 1, ine: "0123456789a", siecleID: "11", familyName: "Durand", firstName: "Léa",
                          birthDate: CalendarDate(iso: "2012-05-04"), division: "4A", uai: college.uai, accountID: 7)
        return ReleaseContext(profile: AccountProfile(account: account, pupils: [pupil], pupilEstablishments: [college], children: []),
                              establishment: college, idSecret: secret, loginTime: login)
    }

    static func guardianContext(choosing school: Establishment?) -> ReleaseContext {
        let account = Account(id: 8, identifier: "p.durand10", role: .guardian, state: .active, familyName: "Durand", firstName: "Paul")
        let lea = Pupil(id: 1, ine: "A", siecleID: "11", familyName: "Durand", firstName: "Léa", birthDate: nil, division: "4A", uai: college.uai)
        let tom = Pupil(id: 2, ine: "B", siecleID: "12", familyName: "Durand", firstName: "Tom", birthDate: nil, division: "CM2", uai: ecole.uai)
        let children = [AccountProfile.Child(pupil: lea, establishment: college, rank: 1),
                        AccountProfile.Child(pupil: tom, establishment: ecole, rank: 1)]
        return ReleaseContext(profile: AccountProfile(account: account, pupils: [], pupilEstablishments: [], children: children),
                              establishment: school, idSecret: secret, loginTime: login)
    }

    func values(_ list: [ReleasedAttribute], _ name: String) -> [String]? {
        list.first { $0.name == name || $0.friendlyName == name }?.values
    }

    @Test func educonnectDescribesAPupilWithEduConnectNamesAndFormats() {
        let list = AttributeProfile.educonnect.attributes(for: Self.pupilContext())
        #expect(values(list, AttributeProfile.oid(7)) == ["eleve2d"])
        #expect(values(list, AttributeProfile.oid(72)) == ["0861002X"])
        #expect(values(list, AttributeProfile.oid(67)) == ["2012-05-04"])
        #expect(values(list, AttributeProfile.oid(73)) == ["4A"])
        #expect(values(list, "givenName") == ["Léa"])
        #expect(values(list, "sn") == ["Durand"])
        let id = values(list, "FrEduCtId")?.first ?? ""
        #expect(id.count == 96 && id.allSatisfy(\.isHexDigit))
        let ineHash = values(list, "FrEduCtEleveINEHash")?.first ?? ""
        #expect(ineHash.count == 32 && !ineHash.contains("0123456789"))
        #expect(values(list, "FrEduCtDateConnexion") == ["2026-11-18 12:06:40.250"])
        #expect(list.allSatisfy { $0.nameFormat == ReleasedAttribute.uriFormat })
    }

    @Test func theOpaqueIdentifierIsStablePerPersonAndSecret() {
        let a = Self.pupilContext()
        var b = Self.pupilContext()
        #expect(a.opaqueID == b.opaqueID)
        b.idSecret = Array("another deployment".utf8)
        #expect(a.opaqueID != b.opaqueID)
        #expect(Self.guardianContext(choosing: nil).opaqueID != a.opaqueID)
    }

    @Test func aGuardianGetsOnlyTheChosenEstablishment() {
        let list = AttributeProfile.educonnect.attributes(for: Self.guardianContext(choosing: Self.ecole))
        #expect(values(list, AttributeProfile.oid(7)) == ["resp1d"])
        #expect(values(list, AttributeProfile.oid(72)) == ["0861001W"])
        #expect(values(list, AttributeProfile.oid(67)) == nil)
        let cas = AttributeProfile.casENT.attributes(for: Self.guardianContext(choosing: Self.college))
        #expect(values(cas, "enfants") == ["Léa Durand"])
        #expect(values(cas, "categories") == ["National_2"])
    }

    @Test func atenGivesAGuardianOneVectorPerChild() {
        let list = AttributeProfile.aten.attributes(for: Self.guardianContext(choosing: nil))
        #expect(values(list, "FrEduVecteur") == ["2|Durand|Paul|11|0861002X", "1|Durand|Paul|12|0861001W"])
        #expect(values(AttributeProfile.aten.attributes(for: Self.pupilContext()), "FrEduVecteur") == ["4|Durand|Léa|11|0861002X"])
    }

    @Test func casENTUsesFrenchNamesAndDates() {
        let list = AttributeProfile.casENT.attributes(for: Self.pupilContext())
        #expect(values(list, "uid") == ["l.durand10"])
        #expect(values(list, "dateNaissance") == ["04/05/2012"])
        #expect(values(list, "categories") == ["National_1"])
        #expect(values(list, "classe") == ["4A"])
        #expect(values(list, "enfants") == nil, "empty attributes are left out")
        #expect(AttributeProfile.builtIn.keys.sorted() == ["aten", "cas-ent", "educonnect"])
    }

    @Test func aConfiguredProfileRenamesDropsAndAddsConstants() throws {
        let catalog = try ProfileCatalog(definitions: [
            "ent-lycees": ProfileDefinition(base: "educonnect", rename: ["FrEduCtEleveUAI": "ENTEleveUAI", "sn": "urn:oid:2.5.4.4.x"],
                                            drop: ["FrEduCtDateConnexion", AttributeProfile.oid(57)], constants: ["ENTSource": "sesame"]),
        ])
        let list = try #require(catalog["ent-lycees"]).attributes(for: Self.pupilContext())
        #expect(values(list, "ENTEleveUAI") == ["0861002X"])
        #expect(list.first { $0.name == "ENTEleveUAI" }?.nameFormat == ReleasedAttribute.basicFormat)
        #expect(list.first { $0.name == "urn:oid:2.5.4.4.x" }?.nameFormat == ReleasedAttribute.uriFormat)
        #expect(values(list, "FrEduCtEleveUAI") == nil)
        #expect(values(list, "FrEduCtDateConnexion") == nil)
        #expect(values(list, "FrEduCtId") == nil, "dropped by its OID")
        #expect(values(list, "ENTSource") == ["sesame"])
        #expect(values(list, "givenName") == ["Léa"], "untouched attributes stay")
        #expect(catalog.names == ["aten", "cas-ent", "educonnect", "ent-lycees"])
    }

    @Test func aConfiguredProfileMustStartFromAKnownOneAndNotReplaceABuiltIn() {
        #expect(throws: ProfileCatalogError.self) { try ProfileCatalog(definitions: ["x": ProfileDefinition(base: "nope")]) }
        #expect(throws: ProfileCatalogError.self) { try ProfileCatalog(definitions: ["aten": ProfileDefinition(base: "cas-ent")]) }
        #expect(throws: ProfileCatalogError.self) { try ProfileCatalog(definitions: ["Bad Name": ProfileDefinition(base: "cas-ent")]) }
    }
}
