/// One account from a legacy directory, validated and ready to be offered a
/// one-time migration login.
public struct LegacyRecord: Sendable, Equatable {
    public let login: String
    public let familyName: String
    public let firstName: String
    public let birthDate: LegacyBirthDate?
    /// For a guardian: the pupil they are linked to (INE, SIECLE id...), as exported.
    public let linkedPupilID: String?
    public let email: String?
    /// Free text as exported (e.g. "Eleve", "Parent"); mapping it is the caller's job.
    public let role: String?
    public let passwordHash: LegacyPasswordHash
    /// 1-based line where the record starts in the source file.
    public let line: Int

    public init(login: String, familyName: String, firstName: String, birthDate: LegacyBirthDate?,
                linkedPupilID: String?, email: String?, role: String?, passwordHash: LegacyPasswordHash, line: Int) {
        self.login = login
        self.familyName = familyName
        self.firstName = firstName
        self.birthDate = birthDate
        self.linkedPupilID = linkedPupilID
        self.email = email
        self.role = role
        self.passwordHash = passwordHash
        self.line = line
    }
}
