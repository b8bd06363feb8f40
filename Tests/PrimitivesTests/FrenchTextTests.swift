import Primitives
import Testing

/// "d'Éric", not "de Éric"; "1 essai", "2 essais".
@Suite struct FrenchTextTests {
    @Test(arguments: [("Chloé", "de Chloé"), ("Éric", "d'Éric"), ("eva", "d'eva"), ("Hugo", "d'Hugo"), ("Yanis", "d'Yanis"),
                      ("Zoé", "de Zoé"), ("", "de ")])
    func thePrepositionElidesBeforeAVowelOrAMuteH(_ name: String, _ expected: String) {
        #expect(FrenchText.of(name) == expected)
    }

    @Test func countsAreSingularUpToOne() {
        #expect(FrenchText.count(0, "essai") == "0 essai")
        #expect(FrenchText.count(1, "essai") == "1 essai")
        #expect(FrenchText.count(4, "essai") == "4 essais")
        #expect(FrenchText.count(2, "établissement trouvé", "établissements trouvés") == "2 établissements trouvés")
    }
}
