import Foundation
import Testing
@testable import LegacyCredentials

@Suite struct CSVReaderTests {
    let reader = CSVReader(mapping: Fixture.mapping)

    @Test func readsSemicolonExportWithQuotesAndBOM() throws {
        let csv = "\u{FEFF}UID;sn;givenName;mail;ENTPersonDateNaissance;ENTAuxEnsEleveINE;userPassword\r\n"
            + "jdupont;\"Dupont; dit \"\"Jojo\"\"\";Élodie;;2010-02-03;;\(Fixture.sshaAzerty1)\r\n"
            + "\r\n"
            + "mmartin;\"Martin\nLefèvre\";Zoé;zoe@example.fr;19800229;1234567890A;\"\(Fixture.ssha256Eleve)\"\r\n"
        let records = try reader.read(Data(csv.utf8))
        #expect(records.count == 2)
        #expect(records[0].familyName == "Dupont; dit \"Jojo\"" && records[0].firstName == "Élodie")
        #expect(records[0].email == nil && records[0].birthDate?.description == "2010-02-03" && records[0].line == 2)
        #expect(records[0].passwordHash.verify("Azerty1"))
        #expect(records[1].familyName == "Martin\nLefèvre" && records[1].line == 4)
        #expect(records[1].linkedPupilID == "1234567890A" && records[1].email == "zoe@example.fr")
        #expect(records[1].passwordHash.verify("élève") && !records[1].passwordHash.verify("eleve"))
    }

    @Test func detectsCommaSeparator() throws {
        let csv = """
        uid,sn,givenName,userPassword,employeeType
        a, "Le Gall, Anne" ,Anne,\(Fixture.md5CryptMaman),Parent
        """
        let records = try reader.read(csv)
        #expect(records.map(\.familyName) == ["Le Gall, Anne"])
        #expect(records[0].role == "Parent" && records[0].passwordHash.verify("maman"))
        #expect(CSVReader.detectSeparator("a;b;c") == ";" && CSVReader.detectSeparator("a,b;c,d") == ",")
    }

    @Test func reportsMissingColumnsInTheHeader() {
        let found = problems { () throws(ImportFailure) in try reader.read("uid;nom;givenName\na;b;c\n") }
        #expect(found == [ImportProblem(line: 1, .missingField("sn")), ImportProblem(line: 1, .missingField("userPassword"))])
    }

    @Test func reportsEachProblemKindWithItsLine() {
        let csv = """
        uid;sn;givenName;ENTPersonDateNaissance;userPassword
        a;A;Anne;01/01/2000;\(Fixture.sshaAzerty1)
        b;;Bob;;\(Fixture.sshaAzerty1)
        c;C;Chloé;2000-13-01;\(Fixture.sshaAzerty1)
        d;D;Dan;;{SHA}qUqP5cyxm6YcTAhz05Hph5gvu9M=
        A;E;Eve;;\(Fixture.sshaAzerty1)
        f;F;Fred
        g;G"x;Gus;;\(Fixture.sshaAzerty1)
        h;"H"x;Hugo;;\(Fixture.sshaAzerty1)
        i;"I
        continued";Inès;;\(Fixture.sshaAzerty1)
        j;"unterminated;Jo;;
        k;K;Kim;;
        """
        let found = problems { () throws(ImportFailure) in try reader.read(csv) }
        #expect(found == [
            ImportProblem(line: 3, .missingField("sn")),
            ImportProblem(line: 4, .invalidDate(field: "ENTPersonDateNaissance", value: "2000-13-01")),
            ImportProblem(line: 5, .invalidHash(field: "userPassword", .unsupportedScheme("{SHA}"))),
            ImportProblem(line: 6, .duplicateLogin("A", firstLine: 2)),
            ImportProblem(line: 7, .malformedLine(.fieldCount(expected: 5, found: 3))),
            ImportProblem(line: 8, .malformedLine(.quoteInUnquotedField)),
            ImportProblem(line: 9, .malformedLine(.textAfterClosingQuote)),
            ImportProblem(line: 12, .malformedLine(.unterminatedQuote)),
        ])
        #expect(found[0].userMessage == "Ligne 3 : champ obligatoire manquant : sn.")
        #expect(found[4].logMessage == "legacy import: line 7: malformed line (3 fields instead of 5)")
    }

    @Test func reportsHeaderProblems() {
        #expect(problems { () throws(ImportFailure) in try reader.read("\n\n") } == [ImportProblem(line: 1, .malformedLine(.missingHeader))])
        let found = problems { () throws(ImportFailure) in try reader.read("uid;sn;;SN;givenName;userPassword\n") }
        #expect(found == [ImportProblem(line: 1, .malformedLine(.emptyHeader)), ImportProblem(line: 1, .repeatedField("SN"))])
    }

    @Test func multiLineRecordCountsAgainstLineLimit() {
        let limited = CSVReader(limits: ImportLimits(maximumLineBytes: 40))
        let csv = "uid;sn;givenName;userPassword\na;\"" + String(repeating: "x\n", count: 30) + "\";b;c\n"
        #expect(problems { () throws(ImportFailure) in try limited.read(csv) } == [ImportProblem(line: 2, .limitExceeded(.lineLength(40)))])
    }

    @Test func failureSummarisesInFrench() {
        let failure = ImportFailure(problems: [ImportProblem(line: 0, .limitExceeded(.fileSize(10)))])
        #expect(failure.userMessage == "Import refusé : 1 problème(s), aucun compte importé.\nFichier : fichier trop volumineux (maximum 10 octets).")
    }
}
