import Testing
@testable import CAS

@Suite struct ServiceMatchingTests {
    func registry(_ rules: [MatchRule], allowInsecure: Bool = false) throws -> ServiceRegistry {
        try ServiceRegistry(services: rules.enumerated().map { index, rule in
            RegisteredService(id: "s\(index)", name: "S\(index)", match: rule, profile: "p")
        }, allowInsecure: allowInsecure)
    }

    @Test func exactComparesPathQueryAndSlashExactly() throws {
        let r = try registry([.exact("https://ent.example.org/login")])
        #expect(r.service(for: "https://ent.example.org/login")?.id == "s0")
        #expect(r.service(for: "HTTPS://ENT.Example.ORG/login")?.id == "s0")
        #expect(r.service(for: "https://ent.example.org/Login") == nil)
        #expect(r.service(for: "https://ent.example.org/login/") == nil)
        #expect(r.service(for: "https://ent.example.org/login/extra") == nil)
        #expect(r.service(for: "https://ent.example.org/login?x=1") == nil)
        #expect(r.service(for: "https://ent.example.org/login#top") == nil)
        #expect(r.service(for: "https://ent.example.org:8443/login") == nil)
        #expect(r.service(for: "http://ent.example.org/login") == nil)
        #expect(r.service(for: "https://ent.example.org.evil.com/login") == nil)
    }

    @Test func ruleHostIsNormalisedToo() throws {
        let r = try registry([.exact("HTTPS://ENT.EXAMPLE.ORG/App")])
        #expect(r.service(for: "https://ent.example.org/App") != nil)
        #expect(r.service(for: "https://ent.example.org/app") == nil)
        #expect(r.services[0].match == .exact("https://ent.example.org/App"))
    }

    @Test func idnHostsAreLowerCased() throws {
        let r = try registry([.exact("https://école.example.fr/cas")])
        #expect(r.service(for: "https://ÉCOLE.Example.FR/cas") != nil)
        #expect(r.service(for: "https://ecole.example.fr/cas") == nil)
    }

    @Test func prefixEndsAtAPathBoundary() throws {
        let r = try registry([.prefix("https://a.org/app")])
        #expect(r.service(for: "https://a.org/app") != nil)
        #expect(r.service(for: "https://a.org/app/") != nil)
        #expect(r.service(for: "https://a.org/app/page?x=1&y=2") != nil)
        #expect(r.service(for: "https://a.org/app?ticket=1") != nil)
        #expect(r.service(for: "https://a.org/app#frag") != nil)
        #expect(r.service(for: "https://a.org/application") == nil)
        #expect(r.service(for: "https://a.org/App/x") == nil)
        #expect(r.service(for: "https://a.org/ap") == nil)
        #expect(r.service(for: "https://a.org/app/../admin") == nil)
        #expect(r.service(for: "https://a.org/app/%2e%2E/admin") == nil)
    }

    @Test func prefixEndingWithSlashNeedsTheSlash() throws {
        let r = try registry([.prefix("https://a.org/app/")])
        #expect(r.service(for: "https://a.org/app/x") != nil)
        #expect(r.service(for: "https://a.org/app") == nil)
        #expect(r.service(for: "https://a.org/app2/x") == nil)
    }

    @Test func hostOnlyPrefixCannotBeExtendedToAnotherHost() throws {
        let r = try registry([.prefix("https://a.org")])
        #expect(r.service(for: "https://a.org/x") != nil)
        #expect(r.service(for: "https://a.org") != nil)
        #expect(r.service(for: "https://a.org.evil.com/") == nil)
        #expect(r.service(for: "https://a.org:444/") == nil)
        #expect(r.service(for: "https://a.organisation.fr/") == nil)
    }

    @Test func userInfoNeverMatches() throws {
        let r = try registry([.prefix("https://good.org/"), .pattern(try ServicePattern("^https://.*$"))])
        #expect(r.service(for: "https://good.org@evil.org/") == nil)
        #expect(r.service(for: "https://user:pw@good.org/") == nil)
        #expect(r.service(for: "https://good.org/") != nil)
        // The "@" after the path is not user information.
        #expect(r.service(for: "https://good.org/a@b")?.id == "s0")
        #expect(r.service(for: "https://evil.org#@good.org/")?.id == "s1")
    }

    @Test func patternsMustMatchTheWholeURL() throws {
        let pattern = try ServicePattern(#"^https://ent\.example\.org/(app1|app2)$"#)
        let r = try registry([.pattern(pattern)])
        #expect(r.service(for: "https://ent.example.org/app1") != nil)
        #expect(r.service(for: "https://ENT.example.org/app2") != nil)
        #expect(r.service(for: "https://ent.example.org/app3") == nil)
        #expect(r.service(for: "https://ent.example.org/app1/x") == nil)
        #expect(r.service(for: "https://ent.example.org/app1?x") == nil)
        // An alternation cannot escape the anchors.
        let loose = try registry([.pattern(try ServicePattern("^https://a\\.org/x|y$"))])
        #expect(loose.service(for: "https://a.org/x") != nil)
        #expect(loose.service(for: "https://evil.org/y") == nil)
        #expect(loose.service(for: "https://a.org/xy") == nil)
    }

    @Test func unanchoredOrBrokenPatternsAreRefused() {
        #expect(throws: ServicePattern.Problem.notAnchored) { try ServicePattern("https://a\\.org/.*") }
        #expect(throws: ServicePattern.Problem.notAnchored) { try ServicePattern("^https://a\\.org/.*") }
        #expect(throws: ServicePattern.Problem.notAnchored) { try ServicePattern("https://a\\.org/.*$") }
        #expect(throws: ServicePattern.Problem.notAnchored) { try ServicePattern("^https://a\\.org/\\$") }
        #expect((try? ServicePattern("^https://a\\.org/\\\\$")) != nil)
        #expect(throws: (any Error).self) { try ServicePattern("^https://(a.org$") }
    }

    @Test func firstMatchingServiceWins() throws {
        let r = try registry([.prefix("https://a.org/app/special"), .prefix("https://a.org/app")])
        #expect(r.service(for: "https://a.org/app/special/x")?.id == "s0")
        #expect(r.service(for: "https://a.org/app/other")?.id == "s1")
    }

    @Test func hostileURLsNeverMatch() throws {
        let r = try registry([.pattern(try ServicePattern("^.*$"))], allowInsecure: true)
        #expect(r.service(for: "https://a.org/x") != nil)
        #expect(r.service(for: "https://a.org/" + String(repeating: "a", count: 2040)) == nil)
        #expect(r.service(for: "https://a.org/" + String(repeating: "a", count: 2000)) != nil)
        for bad in ["https://a.org/x\n", "https://a.org/\r\nSet-Cookie:x", "https://a.org/a b",
                    "https://a.org/\u{0}", "https://a.org/\u{7F}", "https://a.org\\@evil.org/",
                    "https://a.org/<script>", "https://a.org/\"x", "javascript:alert(1)",
                    "ftp://a.org/", "//a.org/x", "https:///x", "https://a.org:0/", "https://a.org:99999/",
                    "https://a.org:x/", "https://a%2eorg/", "https://a.org/\u{2028}", ""] {
            #expect(r.service(for: bad) == nil, "\(bad.debugDescription)")
        }
    }

    @Test func encodedCharactersAndAmpersandsAreComparedAsWritten() throws {
        let r = try registry([.exact("https://a.org/app?x=1&y=%2F")])
        #expect(r.service(for: "https://a.org/app?x=1&y=%2F") != nil)
        #expect(r.service(for: "https://a.org/app?x=1&y=/") == nil)
        #expect(r.service(for: "https://a.org/app?x=1&y=%2f") == nil)
        #expect(r.service(for: "https://a.org/app?x=1&amp;y=%2F") == nil)
    }

    @Test func plainHTTPOnlyOnLoopbackUnlessInsecureIsAllowed() throws {
        let pattern = MatchRule.pattern(try ServicePattern("^https?://[^/]+/app$"))
        let strict = try registry([pattern])
        #expect(strict.service(for: "https://a.org/app") != nil)
        #expect(strict.service(for: "http://a.org/app") == nil)
        #expect(strict.service(for: "http://localhost/app") != nil)
        #expect(strict.service(for: "http://127.0.0.1/app") != nil)
        #expect(strict.service(for: "http://[::1]/app") != nil)
        #expect(strict.service(for: "http://127.0.0.1.evil.org/app") == nil)
        let lax = try registry([pattern], allowInsecure: true)
        #expect(lax.service(for: "http://a.org/app") != nil)
    }

    @Test func sameServiceNormalisesSchemeAndHostOnly() {
        #expect(ServiceRegistry.sameService("HTTPS://A.ORG/x?y", "https://a.org/x?y"))
        #expect(!ServiceRegistry.sameService("https://a.org/X", "https://a.org/x"))
        #expect(!ServiceRegistry.sameService("https://a.org/x", "https://a.org/x/"))
    }
}
