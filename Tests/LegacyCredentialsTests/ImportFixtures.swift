@testable import LegacyCredentials

/// Hashes made once with passlib 1.7.4 (the password is in the name).
enum Fixture {
    static let sshaAzerty1 = "{SSHA}EH+cVFcKgvWMcrlpLY9pz/gQdqQnRMiZ"
    /// base64 of `sshaAzerty1`, as ldapsearch writes binary-looking values.
    static let sshaAzerty1Base64 = "e1NTSEF9K3RTZnJTZmRMa1ZxZjZxcGY5dERhR0o2YmE0akpDU0U="
    static let sshaAzerty1FromBase64 = "{SSHA}+tSfrSfdLkVqf6qpf9tDaGJ6ba4jJCSE"
    static let ssha256Eleve = "{SSHA256}z9XbyqYs8GSqO8mgEGJu1Ejy4IGIpZ6+mdBvK2USdDhz7t2b07q39g=="
    static let sha512CryptGrusse = "{CRYPT}$6$rounds=1000$bxphlM/sTsQCoIDD$3bfvUv97Z30TVSU1cM6qzoaFxUkdtil99JAs79AgnhFkXdpHevZd83PEU.XScjD1Q/3xnovTbhuqD4SlKqohd/"
    static let md5CryptMaman = "{CRYPT}$1$sXytVQh8$p5UEsGRyEc.eLuga8v56W."

    static let mapping = LegacyFieldMapping(birthDate: "ENTPersonDateNaissance", linkedPupilID: "ENTAuxEnsEleveINE")
}

/// Runs `read` and returns its problems; records if it wrongly succeeded.
func problems(_ read: () throws(ImportFailure) -> [LegacyRecord]) -> [ImportProblem] {
    do {
        let records = try read()
        Issue.record("expected failure, got \(records.count) record(s)")
        return []
    } catch {
        #expect(!error.problems.isEmpty)
        return error.problems
    }
}

import Testing
