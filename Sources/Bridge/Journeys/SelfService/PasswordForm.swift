import Accounts
import Foundation

/// Where a flow's "choose a password" page lives and how it is worded.
struct PasswordStep: Sendable {
    var purpose: Verification.Purpose
    var action: String
    var title: String
    var heading: String
    var button: String
    var restart: String
    /// The journey this page ends ("Étape 4 sur 4").
    var journey: JourneyMarks.Journey
}

/// The "choose a password" step shared by every flow: the rule is shown
/// before typing, a script ticks the criteria as the person types, and the
/// server checks the same policy.
enum PasswordForm {
    static let criteria: [[String: String]] = [
        ["id": "longueur", "label": "au moins 8 caractères"],
        ["id": "minuscule", "label": "une minuscule"],
        ["id": "majuscule", "label": "une majuscule"],
        ["id": "chiffre", "label": "un chiffre"],
        ["id": "special", "label": "un caractère spécial"],
    ]

    /// Template values for the fields.
    static var values: [String: Any] { ["policy": PasswordPolicy.explanation, "criteria": criteria] }

    /// French messages for what is wrong, empty when the password may be used.
    static func problems(password: String, confirmation: String?, account: Account) -> [String] {
        var list = PasswordPolicy.violations(of: password, identifier: account.identifier, names: [account.familyName, account.firstName])
            .map(\.message)
        if let confirmation, confirmation != password { list.append("Les deux mots de passe saisis sont différents.") }
        return list
    }
}
