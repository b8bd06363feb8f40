import Testing
@testable import Accounts

@Suite struct IdentifierFormatTests {
    @Test(arguments: [
        ("Pierre", "Dupont", "p.dupont"),
        ("Élodie", "Lefèvre", "e.lefevre"),
        ("Jean-Baptiste", "N'Diaye", "j.ndiaye"),
        ("Zoé", "Moreau-Lambert", "z.moreaulambert"),
        ("Chloé", "de La Tour d'Auvergne", "c.delatourdauvergne"),
        ("Œdipe", "Cœur", "o.coeur"),
        ("Ægir", "Straße", "a.strasse"),
        ("Łucja", "Øster", "l.oster"),
        ("anne", "  DURAND  ", "a.durand"),
    ])
    func foldsNamesToLowerCaseASCII(first: String, family: String, stem: String) {
        #expect(IdentifierFormat.stem(firstName: first, familyName: family) == stem)
    }

    @Test func truncatesVeryLongFamilyNames() {
        let stem = IdentifierFormat.stem(firstName: "Marie", familyName: "Wolfeschlegelsteinhausenbergerdorff")
        #expect(stem == "m.wolfeschlegelsteinha")
        #expect(stem.count == 2 + IdentifierFormat.maxFamilyLength)
    }

    @Test func namesThatFoldToNothingStillGiveAnIdentifier() {
        #expect(IdentifierFormat.stem(firstName: "李", familyName: "王") == "x.compte")
        #expect(IdentifierFormat.stem(firstName: "", familyName: "---") == "x.compte")
        #expect(IdentifierFormat.stem(firstName: "Ana", familyName: "Ἀθηνᾶ") == "a.compte")
    }

    @Test func candidatesStartAtTen() {
        #expect(IdentifierFormat.candidate(stem: "p.dupont", attempt: 0) == "p.dupont10")
        #expect(IdentifierFormat.candidate(stem: "p.dupont", attempt: 89) == "p.dupont99")
        #expect(IdentifierFormat.candidate(stem: "p.dupont", attempt: 90) == "p.dupont100")
    }

    @Test func typedIdentifiersAreNormalisedAndChecked() {
        #expect(IdentifierFormat.normalize("  P.Dupont10 \n") == "p.dupont10")
        #expect(IdentifierFormat.looksValid("p.dupont10"))
        #expect(!IdentifierFormat.looksValid("p.dupont10'; DROP TABLE accounts"))
        #expect(!IdentifierFormat.looksValid(String(repeating: "a", count: 65)))
        #expect(!IdentifierFormat.looksValid("ab"))
    }
}
