/// Which LDIF attribute or CSV column feeds which record field. Names are
/// matched case-insensitively (LDAP attribute names are case-insensitive).
/// A nil optional field is not imported at all.
public struct LegacyFieldMapping: Sendable, Equatable {
    public var login: String
    public var familyName: String
    public var firstName: String
    public var passwordHash: String
    public var email: String?
    public var birthDate: String?
    public var linkedPupilID: String?
    public var role: String?

    /// inetOrgPerson defaults; birth date and linked pupil differ between
    /// directories (e.g. ENT SDET attributes), so the caller names them.
    public init(login: String = "uid", familyName: String = "sn", firstName: String = "givenName",
                passwordHash: String = "userPassword", email: String? = "mail",
                birthDate: String? = nil, linkedPupilID: String? = nil, role: String? = "employeeType") {
        self.login = login
        self.familyName = familyName
        self.firstName = firstName
        self.passwordHash = passwordHash
        self.email = email
        self.birthDate = birthDate
        self.linkedPupilID = linkedPupilID
        self.role = role
    }

    /// Fields without which a record is useless.
    var required: [String] { [login, familyName, firstName, passwordHash] }
}
