import Foundation

/// Old portal accounts for the people of `DirectoryFixture`, with hashes
/// made once by passlib 1.7.4 (tests needing fresh ones run Interop/legacy_hashes.py).
public enum LegacyFixture {
    public static let password = "Ancien-Mdp1"
    public static let ssha = "{SSHA}CdvBz7b65k3PORxpr/GfI4szVBJaKwWg"
    public static let sha512Crypt = "{CRYPT}$6$Cw6owJYPjVWbY010$N0ZI8IhRU5VXqHG4iiBjN1olXhWBCpVwr7Cfspay1n3/iGKOgzepm2/d6mFyXH9JpZiEWB7GY8tH9Zc5jSrwF1"
    public static let bcrypt = "$2b$05$UHonjVkWZtQemOJO4MItPOzis14I2K8./0gugD/nC70XRtdBVI4pi"

    /// Léa Durand (pupil, by birth date, line 3), Paul Durand (guardian,
    /// by Tom's INE, line 10) and a stranger nobody matches (line 18).
    public static let ldif = """
        version: 1

        dn: uid=ldurand,ou=people,dc=ent
        uid: LDurand
        sn: DURAND
        givenName: Lea
        ENTPersonDateNaissance: 20120504
        userPassword: \(ssha)

        dn: uid=pdurand,ou=people,dc=ent
        uid: pdurand
        sn: Durand
        givenName: Paul
        ENTAuxEnsEleveINE: 0123456789B
        mail: paul@example.org
        userPassword: \(sha512Crypt)

        dn: uid=inconnu,ou=people,dc=ent
        uid: inconnu
        sn: Personne
        givenName: Nul
        ENTPersonDateNaissance: 20100101
        userPassword: \(bcrypt)

        """

    /// One good row, then an unknown scheme (line 3) and a duplicate login (line 4): nothing may be written.
    public static let badCSV = """
        uid;sn;givenName;ENTPersonDateNaissance;userPassword
        ldurand;Durand;Léa;2012-05-04;\(ssha)
        pdurand;Durand;Paul;;{MD4}abcdef
        LDURAND;Durand;Léa;2012-05-04;\(bcrypt)

        """
}
