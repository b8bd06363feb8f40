/// A fictitious person for demo mode. Invented names; INSEE codes are real places.
public struct DemoIdentity: Sendable, Equatable, Identifiable {
    /// Used as `sub`.
    public let id: String
    public let givenName: String
    public let familyName: String
    public let birthdate: String
    public let gender: Gender
    public let birthplace: String
    public let birthcountry: String
    public let email: String
    public let preferredUsername: String?

    public init(
        id: String, givenName: String, familyName: String, birthdate: String, gender: Gender,
        birthplace: String, birthcountry: String, email: String, preferredUsername: String? = nil
    ) {
        self.id = id
        self.givenName = givenName
        self.familyName = familyName
        self.birthdate = birthdate
        self.gender = gender
        self.birthplace = birthplace
        self.birthcountry = birthcountry
        self.email = email
        self.preferredUsername = preferredUsername
    }

    public static let samples: [DemoIdentity] = [
        DemoIdentity(
            id: "demo-camille-martin", givenName: "Camille Hélène", familyName: "MARTIN", birthdate: "1984-03-12",
            gender: .female, birthplace: "69123", birthcountry: "99100", email: "camille.martin@example.fr"),
        DemoIdentity(
            id: "demo-karim-benali", givenName: "Karim", familyName: "BENALI", birthdate: "1979-11-02",
            gender: .male, birthplace: "13055", birthcountry: "99100", email: "karim.benali@example.fr"),
        DemoIdentity(
            id: "demo-lan-nguyen", givenName: "Thi Lan", familyName: "NGUYEN", birthdate: "1990-07-25",
            gender: .female, birthplace: "", birthcountry: "99243", email: "lan.nguyen@example.fr",
            preferredUsername: "LEFEBVRE"),
    ]

    var claims: TokenClaims {
        var claims = TokenClaims()
        claims.sub = id
        claims.given_name = givenName
        claims.family_name = familyName
        claims.birthdate = birthdate
        claims.gender = gender.rawValue
        claims.birthplace = birthplace
        claims.birthcountry = birthcountry
        claims.email = email
        claims.preferred_username = preferredUsername
        return claims
    }
}
