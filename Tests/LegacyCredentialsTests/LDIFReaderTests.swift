import Foundation
import Testing
@testable import LegacyCredentials

@Suite struct LDIFReaderTests {
    let reader = LDIFReader(mapping: Fixture.mapping)

    @Test func readsWellFormedExport() throws {
        let ldif = """
        version: 1
        # Export ATEN du 12/06/2024
        #  suite du commentaire

        dn: ou=people,dc=ac-exemple,dc=fr
        objectClass: organizationalUnit
        ou: people

        dn: uid=jdupont,ou=people,dc=ac-exemple,dc=fr
        objectClass: inetOrgPerson
        uid: jdupont
        sn: Dupont
        givenName:: \(Data("Élodie".utf8).base64EncodedString())
        mail: elodie.dupont@example.fr
        ENTPersonDateNaissance: 03/02/2010
        employeeType: Eleve
        userPassword:: \(Fixture.sshaAzerty1Base64)

        dn: uid=mmartin,ou=people,
         dc=ac-exemple,dc=fr
        uid: mmartin
        sn: Martin-Lefèvre
        givenName: Zoé
        entpersondatenaissance: 19800229
        ENTAuxEnsEleveINE: 1234567890A
        userPassword: \(Fixture.sha512CryptGrusse.prefix(40))
         \(Fixture.sha512CryptGrusse.dropFirst(40))
        """
        let records = try reader.read(ldif)
        #expect(records.count == 2)
        let first = try #require(records.first)
        #expect(first.login == "jdupont" && first.familyName == "Dupont" && first.firstName == "Élodie")
        #expect(first.email == "elodie.dupont@example.fr" && first.role == "Eleve" && first.linkedPupilID == nil)
        #expect(first.birthDate == LegacyBirthDate(year: 2010, month: 2, day: 3))
        #expect(first.line == 9)
        #expect(first.passwordHash.verify("Azerty1") && !first.passwordHash.verify("azerty1"))
        let second = try #require(records.last)
        #expect(second.familyName == "Martin-Lefèvre" && second.firstName == "Zoé" && second.line == 19)
        #expect(second.birthDate?.description == "1980-02-29" && second.linkedPupilID == "1234567890A")
        #expect(second.email == nil && second.role == nil)
        #expect(second.passwordHash.scheme == .sha512Crypt && second.passwordHash.verify("Grüße"))
    }

    @Test func acceptsCRLFAndByteOrderMark() throws {
        let text = "\u{FEFF}dn: uid=a,dc=x\r\nuid: a\r\nsn: A\r\ngivenName: A\r\nuserPassword: \(Fixture.md5CryptMaman)\r\n"
        let records = try reader.read(Data(text.utf8))
        #expect(records.map(\.login) == ["a"])
        #expect(records[0].passwordHash.verify("maman"))
    }

    @Test func reportsMissingFieldsAtTheEntryLine() {
        let ldif = """
        dn: uid=a,dc=x
        uid: a
        givenName: A
        userPassword: \(Fixture.sshaAzerty1)

        dn: uid=b,dc=x
        uid: b
        sn: B
        givenName: B
        """
        let found = problems { () throws(ImportFailure) in try reader.read(ldif) }
        #expect(found == [ImportProblem(line: 1, .missingField("sn")), ImportProblem(line: 6, .missingField("userPassword"))])
    }

    @Test func reportsUnknownHashSchemeAtTheAttributeLine() {
        let ldif = "dn: uid=a,dc=x\nuid: a\nsn: A\ngivenName: A\nuserPassword: {PBKDF2}abc\n"
        let found = problems { () throws(ImportFailure) in try reader.read(ldif) }
        #expect(found == [ImportProblem(line: 5, .invalidHash(field: "userPassword", .unknownScheme("{PBKDF2}")))])
        #expect(found.first?.userMessage == "Ligne 5 : champ userPassword : Format de mot de passe chiffré inconnu : {PBKDF2}.")
    }

    @Test func reportsBadDates() {
        let ldif = """
        dn: uid=a,dc=x
        uid: a
        sn: A
        givenName: A
        ENTPersonDateNaissance: 31/02/2010
        userPassword: \(Fixture.sshaAzerty1)
        """
        let found = problems { () throws(ImportFailure) in try reader.read(ldif) }
        #expect(found == [ImportProblem(line: 5, .invalidDate(field: "ENTPersonDateNaissance", value: "31/02/2010"))])
    }

    @Test func reportsDuplicateLoginsWithBothLines() {
        let entry = { (login: String) in
            "dn: uid=\(login),dc=x\nuid: \(login)\nsn: A\ngivenName: A\nuserPassword: \(Fixture.sshaAzerty1)\n"
        }
        let ldif = entry("dupont") + "\n" + entry("martin") + "\n" + entry("DUPONT")
        let found = problems { () throws(ImportFailure) in try reader.read(ldif) }
        #expect(found == [ImportProblem(line: 13, .duplicateLogin("DUPONT", firstLine: 1))])
        #expect(found.first?.userMessage.contains("déjà présent ligne 1") == true)
        #expect(found.first?.logMessage == "legacy import: line 13: duplicate login, first seen at line 1")
    }

    @Test func reportsMalformedLines() {
        let ldif = """
         orphan continuation
        uid: outside
        dn: uid=a,dc=x
        uid a
        uid: a
        sn:: ***
        sn: A
        givenName:< file:///etc/passwd
        givenName: A
        userPassword: \(Fixture.sshaAzerty1)
        """
        let found = problems { () throws(ImportFailure) in try reader.read(ldif) }
        #expect(found == [
            ImportProblem(line: 1, .malformedLine(.continuationWithoutLine)),
            ImportProblem(line: 2, .malformedLine(.attributeOutsideEntry)),
            ImportProblem(line: 4, .malformedLine(.missingColon)),
            ImportProblem(line: 6, .malformedLine(.invalidBase64)),
            ImportProblem(line: 8, .malformedLine(.urlValueUnsupported)),
        ])
    }

    @Test func reportsRepeatedSingleValuedAttribute() {
        let ldif = "dn: uid=a,dc=x\nuid: a\nsn: A\nsn: B\ngivenName: A\nuserPassword: \(Fixture.sshaAzerty1)\n"
        let found = problems { () throws(ImportFailure) in try reader.read(ldif) }
        #expect(found == [ImportProblem(line: 4, .repeatedField("sn"))])
    }

    @Test func reportsInvalidUTF8AndLimits() {
        var bytes = Array("dn: uid=a,dc=x\nsn: ".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        #expect(problems { () throws(ImportFailure) in try reader.read(Data(bytes)) } == [ImportProblem(line: 2, .invalidEncoding)])

        let small = LDIFReader(limits: ImportLimits(maximumFileBytes: 100, maximumLineBytes: 20, maximumRecords: 1))
        bytes = Array(String(repeating: "#", count: 101).utf8)
        #expect(problems { () throws(ImportFailure) in try small.read(Data(bytes)) } == [ImportProblem(line: 0, .limitExceeded(.fileSize(100)))])
        #expect(problems { () throws(ImportFailure) in try small.read("dn: x\nsn: " + String(repeating: "x", count: 30)) }
            == [ImportProblem(line: 2, .limitExceeded(.lineLength(20)))])
    }

    @Test func stopsAfterTooManyRecords() {
        let limited = LDIFReader(limits: ImportLimits(maximumRecords: 2))
        let ldif = (1...4).map { "dn: uid=u\($0),dc=x\nuid: u\($0)\nsn: S\ngivenName: G\nuserPassword: \(Fixture.sshaAzerty1)\n" }
            .joined(separator: "\n")
        #expect(problems { () throws(ImportFailure) in try limited.read(ldif) } == [ImportProblem(line: 13, .limitExceeded(.recordCount(2)))])
    }

    @Test func capsTheProblemList() {
        let limited = LDIFReader(limits: ImportLimits(maximumProblems: 3))
        let ldif = (1...10).map { "bad line \($0)" }.joined(separator: "\n")
        let found = problems { () throws(ImportFailure) in try limited.read(ldif) }
        #expect(found.count == 4)
        #expect(found.last == ImportProblem(line: 3, .limitExceeded(.problemCount(3))))
    }
}
