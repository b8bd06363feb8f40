import Foundation

/// One policy for every place a password is chosen (DESIGN §2): at least 8
/// characters, at most 128, 3 of 4 character classes, and neither the
/// identifier nor the person's names inside it.
public struct PasswordPolicy: Sendable {
    public static let minimumLength = 8
    public static let maximumLength = 128

    public enum Rule: String, Sendable, CaseIterable {
        case tooShort, tooLong, notEnoughClasses, containsIdentifier, containsName

        /// French explanation of the rule that failed.
        public var message: String {
            switch self {
            case .tooShort: "Le mot de passe doit comporter au moins \(PasswordPolicy.minimumLength) caractères."
            case .tooLong: "Le mot de passe ne doit pas dépasser \(PasswordPolicy.maximumLength) caractères."
            case .notEnoughClasses: "Le mot de passe doit respecter 3 des 4 critères : une minuscule, une majuscule, un chiffre, un caractère spécial."
            case .containsIdentifier: "Le mot de passe ne doit pas contenir votre identifiant."
            case .containsName: "Le mot de passe ne doit pas contenir votre nom ou votre prénom."
            }
        }
    }

    /// The rule as shown before typing.
    public static let explanation = "Au moins 8 caractères, dont 3 des 4 critères suivants : au moins une minuscule, au moins une majuscule, au moins un chiffre, au moins un caractère spécial (par exemple ! ? @ # $ % & * + = / . ; ,). Il ne doit contenir ni votre identifiant, ni votre nom, ni votre prénom."

    public struct Classes: Sendable, Equatable {
        public var lower = false, upper = false, digit = false, special = false
        public var count: Int { [lower, upper, digit, special].filter { $0 }.count }
    }

    public static func classes(of password: String) -> Classes {
        var c = Classes()
        for ch in password {
            if ch.isLowercase { c.lower = true }
            else if ch.isUppercase { c.upper = true }
            else if ch.isNumber && ch.isASCII { c.digit = true }
            else { c.special = true }
        }
        return c
    }

    /// Every rule the password breaks, empty when it is acceptable.
    public static func violations(of password: String, identifier: String? = nil, names: [String] = []) -> [Rule] {
        var broken: [Rule] = []
        let length = password.count
        if length < minimumLength { broken.append(.tooShort) }
        if length > maximumLength { broken.append(.tooLong) }
        if classes(of: password).count < 3 { broken.append(.notEnoughClasses) }
        let folded = IdentifierFormat.fold(password)
        let lowered = password.lowercased()
        if let identifier, !identifier.isEmpty, lowered.contains(identifier.lowercased()) {
            broken.append(.containsIdentifier)
        }
        // Names shorter than 3 letters ("Li", "Ba") would refuse too much.
        if names.map(IdentifierFormat.fold).contains(where: { $0.count >= 3 && folded.contains($0) }) {
            broken.append(.containsName)
        }
        return broken
    }
}
