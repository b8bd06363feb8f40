import Testing
@testable import Accounts

@Suite struct PasswordPolicyTests {
    @Test(arguments: ["Soleil-2026", "motdepasse9!", "MOTDEPASSE9!", "Motdepasse!", "Motdepasse9", "élève€Été2"])
    func acceptsThreeClassesOfEight(_ password: String) {
        #expect(PasswordPolicy.violations(of: password).isEmpty)
    }

    @Test func explainsEachBrokenRule() {
        #expect(PasswordPolicy.violations(of: "Ab1!") == [.tooShort])
        #expect(PasswordPolicy.violations(of: "abcdefgh") == [.notEnoughClasses])
        #expect(PasswordPolicy.violations(of: "abcdefg1") == [.notEnoughClasses])
        #expect(PasswordPolicy.violations(of: "Aa1!" + String(repeating: "x", count: 130)) == [.tooLong])
        #expect(PasswordPolicy.violations(of: "") == [.tooShort, .notEnoughClasses])
    }

    @Test func refusesIdentifierAndNamesInside() {
        #expect(PasswordPolicy.violations(of: "xP.Dupont10!", identifier: "p.dupont10") == [.containsIdentifier])
        #expect(PasswordPolicy.violations(of: "Lefevre-2026", names: ["Élodie", "Lefèvre"]) == [.containsName])
        #expect(PasswordPolicy.violations(of: "ÉLODIE-2026x", names: ["Élodie"]) == [.containsName])
        // Two-letter names would forbid too much.
        #expect(PasswordPolicy.violations(of: "Lili-2026x", names: ["Li"]).isEmpty)
    }

    @Test func everyRuleHasAFrenchMessage() {
        for rule in PasswordPolicy.Rule.allCases {
            #expect(rule.message.hasPrefix("Le mot de passe"))
        }
        #expect(PasswordPolicy.explanation.contains("3 des 4 critères"))
    }
}
