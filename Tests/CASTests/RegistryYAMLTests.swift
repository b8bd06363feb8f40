import Testing
@testable import CAS

@Suite struct RegistryYAMLTests {
    static let sample = #"""
    services:
      - id: ent-college
        name: ENT du collège
        match: { exact: "https://ent.example.org/login" }
        profile: cas-ent
        establishments: [0861002X, 0860001A]
        proxyCallbacks: [{ prefix: "https://ent.example.org/pgt" }]
        logout: { url: "https://ent.example.org/logout", singleLogout: true }
      - id: pronote
        name: "Vie scolaire"
        match: { pattern: "^https://pronote\\.example\\.org/(eleve|parent)\\.html$" }
        profile: cas-vs
      - id: cdi
        name: CDI
        match:
          prefix: "https://cdi.example.org/"
        profile: "123"
    """#

    func issues(_ yaml: String) -> [ServiceRegistryIssue] {
        do {
            _ = try ServiceRegistry.load(yaml: yaml)
            return []
        } catch {
            return error.issues
        }
    }

    @Test func loadsTheDocumentedSchema() throws {
        let registry = try ServiceRegistry.load(yaml: Self.sample)
        #expect(registry.services.map(\.id) == ["ent-college", "pronote", "cdi"])
        let ent = try #require(registry.service(withID: "ent-college"))
        #expect(ent.name == "ENT du collège")
        #expect(ent.match == .exact("https://ent.example.org/login"))
        #expect(ent.profile == "cas-ent")
        #expect(ent.establishments == ["0861002X", "0860001A"])
        #expect(ent.proxyCallbacks == [.prefix("https://ent.example.org/pgt")])
        #expect(ent.logoutURL == "https://ent.example.org/logout")
        #expect(ent.singleLogout)
        #expect(registry.service(withID: "cdi")?.profile == "123")
        #expect(registry.service(for: "https://pronote.example.org/eleve.html")?.id == "pronote")
        #expect(registry.service(for: "https://pronote.example.org/eleveXhtml") == nil)
        #expect(registry.service(for: "https://cdi.example.org/recherche?q=a&b=<")?.id == nil)
        #expect(registry.service(for: "https://cdi.example.org/recherche?q=a&b=c")?.id == "cdi")
        #expect(!registry.allowInsecure)
        #expect(registry.service(withID: "pronote")?.singleLogout == false)
    }

    @Test func roundTripsThroughYAML() throws {
        let registry = try ServiceRegistry.load(yaml: Self.sample)
        let text = registry.yaml()
        let again = try ServiceRegistry.load(yaml: text)
        #expect(again == registry)
        #expect(again.yaml() == text)
        #expect(text.contains("ENT du collège"))
    }

    @Test func roundTripsTrickyValuesAndInsecureFlag() throws {
        let service = RegisteredService(
            id: "x.y_z-1", name: "true", match: .pattern(try ServicePattern(#"^http://localhost:8080/a\.b$"#)),
            profile: "null", establishments: ["0000001A"],
            proxyCallbacks: [.exact("http://127.0.0.1:9/cb?a=1&b='#x'"), .prefix("https://a.org/p:'x'&y")],
            logoutURL: nil, singleLogout: true)
        let registry = try ServiceRegistry(services: [service], allowInsecure: true)
        let again = try ServiceRegistry.load(yaml: registry.yaml())
        #expect(again == registry)
        #expect(again.allowInsecure)
    }

    @Test func addAndRemove() throws {
        var registry = try ServiceRegistry.load(yaml: Self.sample)
        registry = try registry.adding(RegisteredService(id: "new", name: "Nouveau",
                                                          match: .prefix("https://new.org/"), profile: "p"))
        #expect(try ServiceRegistry.load(yaml: registry.yaml()).services.last?.id == "new")
        #expect(throws: ServiceRegistryError.self) {
            try registry.adding(RegisteredService(id: "new", name: "Bis", match: .prefix("https://b.org/"),
                                                  profile: "p"))
        }
        registry = try registry.removing(id: "pronote")
        #expect(registry.services.map(\.id) == ["ent-college", "cdi", "new"])
        #expect(throws: ServiceRegistryError.self) { try registry.removing(id: "pronote") }
    }

    @Test func emptyDocumentsAreEmptyRegistries() throws {
        #expect(try ServiceRegistry.load(yaml: "").services.isEmpty)
        #expect(try ServiceRegistry.load(yaml: "services: []\n").services.isEmpty)
        #expect(try ServiceRegistry.load(yaml: "services:\n").services.isEmpty)
        #expect(try ServiceRegistry.load(yaml: ServiceRegistry.empty.yaml()) == .empty)
    }

    @Test func reportsDuplicateIDsWithLineAndService() {
        let found = issues("""
        services:
          - id: a
            name: A
            match: { exact: "https://a.org/" }
            profile: p
          - id: a
            name: B
            match: { exact: "https://b.org/" }
            profile: p
        """)
        #expect(found.count == 1)
        #expect(found.first?.kind == .duplicateID("a"))
        #expect(found.first?.line == 6)
        #expect(found.first?.serviceID == "a")
        #expect(found.first?.frenchMessage == "ligne 6, service « a » : l’identifiant « a » est déjà utilisé par un autre service")
        #expect(found.first?.logMessage == "line 6, service 'a': duplicate service id 'a'")
    }

    @Test func reportsUnknownAndMissingKeys() {
        let found = issues("""
        services:
          - id: a
            nom: A
            match: { exact: "https://a.org/", prefix: "https://a.org/" }
            profile: p
            logout: { singlelogout: true }
        extra: 1
        """)
        #expect(found.contains { $0.kind == .unknownKey("nom") && $0.line == 3 && $0.serviceID == "a" })
        #expect(found.contains { $0.kind == .unknownKey("singlelogout") && $0.line == 6 })
        #expect(found.contains { $0.kind == .unknownKey("extra") && $0.line == 7 })
        #expect(found.contains { $0.kind == .ruleCount(key: "match", found: 2) && $0.line == 4 })
        #expect(found.contains { $0.kind == .missingKey("name") && $0.line == 2 })
        #expect(found.allSatisfy { !$0.frenchMessage.isEmpty && !$0.logMessage.isEmpty })
    }

    @Test func reportsBadURLsAndPatterns() {
        let found = issues(#"""
        services:
          - id: ftp
            name: F
            match: { exact: "ftp://a.org/" }
            profile: p
          - id: plain
            name: P
            match: { prefix: "http://a.org/" }
            profile: p
            proxyCallbacks: [{ exact: "http://localhost/cb" }]
          - id: pat
            name: R
            match: { pattern: "https://a\\.org/.*" }
            profile: p
          - id: broken
            name: R
            match: { pattern: "^https://(a$" }
            profile: p
          - id: uai
            name: U
            match: { prefix: "https://u.org/?x" }
            profile: p
            establishments: [086100X]
            logout: { url: "https://user@u.org/logout", singleLogout: yes }
        """#)
        func has(_ kind: ServiceRegistryIssue.Kind, line: Int) -> Bool {
            found.contains { $0.kind == kind && $0.line == line }
        }
        #expect(has(.invalidURL(key: "match", url: "ftp://a.org/", problem: .notHTTP), line: 4))
        #expect(has(.insecureURL(key: "match", url: "http://a.org/"), line: 8))
        #expect(has(.insecureURL(key: "proxyCallbacks", url: "http://localhost/cb"), line: 10))
        #expect(has(.patternNotAnchored("https://a\\.org/.*"), line: 13))
        #expect(found.contains { if case .invalidPattern = $0.kind { $0.line == 17 } else { false } })
        #expect(has(.wrongType(key: "logout.singleLogout", expected: "true or false"), line: 24))
        #expect(found.count == 6)  // the `uai` service stops at its read error
        let fixed = issues(#"""
        services:
          - id: uai
            name: U
            match: { prefix: "https://u.org/?x" }
            profile: p
            establishments: [086100X]
            logout: { url: "https://user@u.org/logout", singleLogout: true }
        """#)
        #expect(fixed.map(\.kind) == [.prefixWithQuery("https://u.org/?x"), .invalidEstablishment("086100X"),
                                      .invalidURL(key: "logout.url", url: "https://user@u.org/logout",
                                                  problem: .userInfo)])
        #expect(fixed.map(\.line) == [4, 6, 7])
    }

    @Test func insecureFlagAllowsHTTPServicesButOnlyLoopbackCallbacks() throws {
        let yaml = """
        allowInsecure: true
        services:
          - id: dev
            name: Dev
            match: { prefix: "http://dev.example.org/" }
            profile: p
            proxyCallbacks: [{ exact: "http://localhost:8080/cb" }]
        """
        let registry = try ServiceRegistry.load(yaml: yaml)
        #expect(registry.service(for: "http://dev.example.org/x")?.id == "dev")
        let bad = issues(yaml.replacingOccurrences(of: "http://localhost:8080/cb", with: "http://dev.example.org/cb"))
        #expect(bad.map(\.kind) == [.insecureURL(key: "proxyCallbacks", url: "http://dev.example.org/cb")])
    }

    @Test func reportsMalformedYAMLWithLine() {
        let found = issues("services:\n  - id: a\n    name: [unclosed\n")
        #expect(found.count == 1)
        guard case .yamlSyntax = found.first?.kind else {
            Issue.record("expected a syntax issue, got \(found)")
            return
        }
        #expect(found.first?.line != nil)
        #expect(found.first?.frenchMessage.contains("YAML") == true)
        let duplicate = issues("services: []\nservices: []\n")
        #expect(duplicate.count == 1)
    }

    @Test func reportsWrongTypes() {
        let found = issues("""
        services:
          - id: a
            name: { x: 1 }
            match: "https://a.org/"
            profile: p
            establishments: 0861002X
        """)
        #expect(found.contains { $0.kind == .wrongType(key: "name", expected: "text") && $0.line == 3 })
        #expect(found.contains { $0.kind == .wrongType(key: "match", expected: "a mapping") && $0.line == 4 })
        #expect(found.contains { $0.kind == .wrongType(key: "establishments", expected: "a list") && $0.line == 6 })
        #expect(issues("- a\n- b\n").first?.kind == .wrongType(key: "services.yml", expected: "a mapping"))
        #expect(issues("services: { a: 1 }\n").first?.kind == .wrongType(key: "services", expected: "a list"))
    }

    @Test func codeBuiltRegistriesAreCheckedToo() {
        #expect(throws: ServiceRegistryError.self) {
            try ServiceRegistry(services: [RegisteredService(id: "bad id", name: "x",
                                                             match: .exact("https://a.org/"), profile: "p")])
        }
        #expect(throws: ServiceRegistryError.self) {
            try ServiceRegistry(services: [RegisteredService(id: "a", name: " ",
                                                             match: .exact("https://a.org/"), profile: "p")])
        }
    }
}
