import Accounts
import Bridge
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import SesameTestSupport
import Storage
import Testing

/// The self-service flows over HTTP, on both databases, with the file
/// outbox as the place messages go (the SMTP and SMS senders are tested
/// against real servers in MessagingTests and EndToEndTests).
@Suite struct SelfServiceTests {
    struct Deployment {
        let web: WebFixture
        let outbox: FileOutbox
        let app: Application<RouterResponder<SesameContext>>
        /// Marie Martin: Léa's second legal guardian, account created but not activated.
        let marie: Account

        /// The newest message, or nil.
        func lastMessage() throws -> OutgoingMessage? { try outbox.list(limit: 1).first?.message }
        func messageCount() throws -> Int { try outbox.list(limit: 100).count }
        func lastCode() throws -> String? {
            guard case .sms(let sms)? = try lastMessage() else { return nil }
            return sms.text.firstCapture(of: #"(\d{6})"#)
        }
        func lastLink(_ path: String) throws -> String? {
            guard case .email(let mail)? = try lastMessage() else { return nil }
            return mail.text.firstCapture(of: "https?://[^/]+(\(path)\\?t=[A-Za-z0-9_-]+)")
        }
    }

    static func deploy(_ engine: Database.Engine = .sqlite) async throws -> Deployment {
        let web = try await WebFixture.make(engine: engine)
        let outbox = FileOutbox(directory: try SesameProcess.temporaryDirectory().appendingPathComponent("outbox"))
        let router = try await SesameWeb.buildRouter(configuration: BridgeConfiguration(hasher: .fast, outbox: outbox),
                                                     store: web.store, metrics: web.metrics)
        let marie = try await web.store.createAccount(NewAccount(role: .guardian, state: .created, familyName: "Martin", firstName: "Marie"))
        let record = try await web.store.insertGuardian(Guardian(siecleID: "777", uai: DirectoryFixture.collegeUAI, civility: "Mme",
                                                                 familyName: "MARTIN", firstName: "Marie", mobile: "07 00 11 22 33",
                                                                 email: nil, accountID: marie.id))
        let lea = try #require(try await web.store.profile(ofAccount: web.directory.pupil.id)?.pupils.first)
        try await web.store.link(LegalLink(guardianID: record.id, pupilID: lea.id, rank: 2))
        return Deployment(web: web, outbox: outbox, app: Application(router: router), marie: marie)
    }

    func form(_ response: TestResponse) -> [(String, String)] { [("csrf", response.text.csrfField ?? "")] }
    func handle(_ location: String?) -> String { location?.components(separatedBy: "r=").last ?? "" }

    @Test(arguments: TestDatabases.engines)
    func aGuardianRegistersWithTheirMobileAndChildrensBirthDates(_ engine: Database.Engine) async throws {
        let d = try await Self.deploy(engine)
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/inscription?next=%2Fcas%2Flogin%3Fservice%3Dx", jar: jar)
            #expect(page.text.contains("Téléphone portable"))
            let started = try await client.post("/inscription", form: form(page) + [("nom", "martín"), ("prenom", "MARIE"),
                                                                                  ("mobile", "+33 7 00 11 22 33"), ("next", "/compte")], jar: jar)
            #expect(started.status == .seeOther)
            let r = handle(started.headers[.location])
            guard case .sms(let sms)? = try d.lastMessage() else { Issue.record("no SMS"); return }
            #expect(sms.to == "+33700112233")
            #expect(sms.text.contains("30 minutes"))
            let code = try #require(try d.lastCode())

            let codePage = try await client.get("/inscription/code?r=" + r, jar: jar)
            #expect(codePage.text.contains("07 ** ** ** 33"))
            let wrong = try await client.post("/inscription/code", form: form(codePage) + [("r", r), ("code", code == "000000" ? "111111" : "000000")], jar: jar)
            #expect(wrong.status == .badRequest)
            #expect(wrong.text.contains("Il vous reste 4 essais"))
            let right = try await client.post("/inscription/code", form: form(codePage) + [("r", r), ("code", code)], jar: jar)
            #expect(right.headers[.location] == "/inscription/enfants?r=" + r)
            #expect(try await client.post("/inscription/code", form: form(codePage) + [("r", r), ("code", code)], jar: jar).status == .badRequest,
                    "the code step is over")

            let children = try await client.get("/inscription/enfants?r=" + r, jar: jar)
            #expect(children.text.contains("Léa Durand"))
            let pupilID = try #require(children.text.firstCapture(of: #"name="naissance-(\d+)""#))
            let badDate = try await client.post("/inscription/enfants", form: form(children) + [("r", r), ("legal-" + pupilID, "oui"), ("naissance-" + pupilID, "05/04/2012")], jar: jar)
            #expect(badDate.status == .badRequest)
            #expect(badDate.text.contains("ne correspond pas"))
            let goodDate = try await client.post("/inscription/enfants", form: form(children) + [("r", r), ("legal-" + pupilID, "oui"), ("naissance-" + pupilID, "04/05/2012")], jar: jar)
            #expect(goodDate.headers[.location] == "/inscription/mot-de-passe?r=" + r)

            let choose = try await client.get("/inscription/mot-de-passe?r=" + r, jar: jar)
            #expect(choose.text.contains("Notez l'identifiant qui vous est donné") || choose.text.contains("Notez l&#39;identifiant"))
            #expect(choose.text.contains(d.marie.identifier))
            #expect(choose.text.contains("Au moins 8 caractères"), "the rule is shown before typing")
            let weak = try await client.post("/inscription/mot-de-passe", form: form(choose) + [("r", r), ("password", "marie2026"), ("confirmation", "marie2026")], jar: jar)
            #expect(weak.status == .badRequest)
            #expect(weak.text.contains("3 des 4 critères") && weak.text.contains("nom ou votre prénom"))
            #expect(try await d.web.store.account(id: d.marie.id)?.state == .created, "a refused password changes nothing")
            let done = try await client.post("/inscription/mot-de-passe", form: form(choose) + [("r", r), ("password", "Tournesol-42"), ("confirmation", "Tournesol-42")], jar: jar)
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/compte")
            #expect(try await d.web.store.account(id: d.marie.id)?.state == .active)
            #expect(try await client.get("/compte", jar: jar).text.contains(d.marie.identifier), "logged in")
            let replay = try await client.post("/inscription/mot-de-passe", form: form(choose) + [("r", r), ("password", "Autre-Mot-42"), ("confirmation", "Autre-Mot-42")], jar: jar)
            #expect(replay.status == .badRequest, "the flow serves once")
            #expect(try await client.logIn(d.marie.identifier, "Tournesol-42", jar: CookieJar()).status == .seeOther)
        }
    }

    @Test func nothingTellsWhetherSomeoneWasFoundAndMessagesAreRationed() async throws {
        let d = try await Self.deploy()
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/inscription", jar: jar)
            let unknown = try await client.post("/inscription", form: form(page) + [("nom", "Inconnu"), ("prenom", "Personne"), ("mobile", "06 99 99 99 99")], jar: jar)
            #expect(unknown.status == .seeOther)
            #expect(unknown.headers[.location]?.hasPrefix("/inscription/code?r=") == true, "same next page as a match")
            #expect(try d.messageCount() == 0, "no SMS to an unknown person")
            let r = handle(unknown.headers[.location])
            for left in [4, 3, 2, 1] {
                let wrong = try await client.post("/inscription/code", form: form(page) + [("r", r), ("code", "123456")], jar: jar)
                #expect(wrong.text.contains("Il vous reste \(left) essai"))
            }
            #expect(try await client.post("/inscription/code", form: form(page) + [("r", r), ("code", "123456")], jar: jar).text.contains("Code expiré"))

            let bad = try await client.post("/inscription", form: form(page) + [("nom", "A"), ("prenom", "B"), ("mobile", "01 23 45 67 89")], jar: jar)
            #expect(bad.status == .badRequest)
            #expect(bad.text.contains("06 ou 07"))
            // Three SMS to one number per hour, then a wait.
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<4 {
                statuses.append(try await client.post("/inscription", form: form(page) + [("nom", "Martin"), ("prenom", "Marie"), ("mobile", "0700112233")], jar: jar).status)
            }
            #expect(statuses == [.seeOther, .seeOther, .seeOther, .tooManyRequests])
            #expect(try d.messageCount() == 3)
        }
    }

    @Test func sayingNoToALegalLinkSuspendsItAndOpensATicket() async throws {
        let d = try await Self.deploy()
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/inscription", jar: jar)
            let started = try await client.post("/inscription", form: form(page) + [("nom", "Martin"), ("prenom", "Marie"), ("mobile", "0700112233")], jar: jar)
            let r = handle(started.headers[.location])
            _ = try await client.post("/inscription/code", form: form(page) + [("r", r), ("code", try #require(try d.lastCode()))], jar: jar)
            let children = try await client.get("/inscription/enfants?r=" + r, jar: jar)
            let pupilID = try #require(children.text.firstCapture(of: #"name="naissance-(\d+)""#))
            let no = try await client.post("/inscription/enfants", form: form(children) + [("r", r), ("legal-" + pupilID, "non")], jar: jar)
            #expect(no.text.contains("Activation impossible"))
            #expect(try await d.web.store.tickets(openOnly: true).count == 1)
            #expect(try await d.web.store.profile(ofAccount: d.marie.id)?.children.isEmpty == true, "the link no longer counts")
            #expect(try await d.web.store.account(id: d.marie.id)?.state == .created)
        }
    }

    @Test(arguments: TestDatabases.engines)
    func aProvisionalPasswordLeadsToActivationWithAnAddressToConfirm(_ engine: Database.Engine) async throws {
        let d = try await Self.deploy(engine)
        let store = d.web.store
        try await store.setPasswordHash(try PasswordHasher.fast.hash("Provisoire-123"), provisionalUntil: Date() + 86400, state: .notified, forAccount: d.marie.id)
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let login = try await client.logIn(d.marie.identifier, "Provisoire-123", jar: jar)
            #expect(login.headers[.location]?.hasPrefix("/activation?r=") == true, "no session before a real password")
            let r = handle(login.headers[.location])
            let page = try await client.get("/activation?r=" + r, jar: jar)
            #expect(page.text.contains("Date de naissance d'un de vos enfants") || page.text.contains("Date de naissance d&#39;un de vos enfants"))
            let refused = try await client.post("/activation", form: form(page) + [("r", r), ("password", "Tournesol-42"), ("confirmation", "Tournesol-42"),
                                                                                ("naissance", "01/01/2000"), ("email", "marie@example.org")], jar: jar)
            #expect(refused.status == .badRequest)
            #expect(refused.text.contains("ne correspond à aucun de vos enfants"))
            let done = try await client.post("/activation", form: form(page) + [("r", r), ("password", "Tournesol-42"), ("confirmation", "Tournesol-42"),
                                                                             ("naissance", "04/05/2012"), ("email", "marie@example.org")], jar: jar)
            #expect(done.status == .seeOther)
            let account = try #require(try await store.account(id: d.marie.id))
            #expect(account.state == .active && account.provisionalUntil == nil)
            #expect(account.email == "marie@example.org" && !account.emailValidated)
            let link = try #require(try d.lastLink("/courriel/valider"))
            #expect(try await client.get(link, jar: jar).text.contains("Adresse confirmée"))
            #expect(try await store.account(id: d.marie.id)?.emailValidated == true)
            #expect(try await client.get(link, jar: jar).text.contains("Lien expiré"), "a link serves once")

            // Three months later, a provisional password only points to the school.
            try await store.setPasswordHash(try PasswordHasher.fast.hash("Provisoire-456"), provisionalUntil: Date() - 1, state: .notified, forAccount: d.marie.id)
            let expired = try await client.logIn(d.marie.identifier, "Provisoire-456", jar: CookieJar())
            #expect(expired.status == .unauthorized)
            #expect(expired.text.contains("a expiré"))
        }
    }

    @Test func aGuardianResetsByCodeAndAPupilByLinkOnly() async throws {
        let d = try await Self.deploy()
        let store = d.web.store
        let guardian = d.web.directory.guardian, pupil = d.web.directory.pupil
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/mot-de-passe-perdu", jar: jar)
            let asked = try await client.post("/mot-de-passe-perdu", form: form(page) + [("identifier", guardian.identifier), ("canal", "sms")], jar: jar)
            let r = handle(asked.headers[.location])
            guard case .sms(let sms)? = try d.lastMessage() else { Issue.record("no SMS"); return }
            #expect(sms.to == "+33611223344", "the number of the school record")
            let ok = try await client.post("/mot-de-passe-perdu/code", form: form(page) + [("r", r), ("code", try #require(try d.lastCode()))], jar: jar)
            #expect(ok.headers[.location] == "/reinitialiser?r=" + r)
            let reset = try await client.get("/reinitialiser?r=" + r, jar: jar)
            let done = try await client.post("/reinitialiser", form: form(reset) + [("r", r), ("password", "Nouveau-Soleil-7"), ("confirmation", "Nouveau-Soleil-7")], jar: jar)
            #expect(done.status == .seeOther)
            #expect(try await client.logIn(guardian.identifier, "Nouveau-Soleil-7", jar: CookieJar()).status == .seeOther)

            // A pupil never gets an SMS, even asking for one; by e-mail only once the address is confirmed.
            let before = try d.messageCount()
            _ = try await client.post("/mot-de-passe-perdu", form: form(page) + [("identifier", pupil.identifier), ("canal", "sms")], jar: jar)
            _ = try await client.post("/mot-de-passe-perdu", form: form(page) + [("identifier", pupil.identifier), ("canal", "courriel")], jar: jar)
            #expect(try d.messageCount() == before)
            try await store.setEmail("lea@example.org", validated: true, forAccount: pupil.id)
            let mailed = try await client.post("/mot-de-passe-perdu", form: form(page) + [("identifier", pupil.identifier), ("canal", "courriel")], jar: jar)
            #expect(mailed.text.contains("Vérifiez votre messagerie"))
            let link = try #require(try d.lastLink("/reinitialiser"))
            let linkPage = try await client.get(link, jar: jar)
            #expect(linkPage.text.contains(pupil.identifier))
            let token = try #require(link.components(separatedBy: "t=").last)
            let handleForToken = VerificationSecrets.linkHandle(token)
            let changed = try await client.post("/reinitialiser", form: form(linkPage) + [("r", handleForToken), ("password", "Velo-Rouge-2026"), ("confirmation", "Velo-Rouge-2026")], jar: jar)
            #expect(changed.status == .seeOther)
            #expect(try await client.logIn(pupil.identifier, "Velo-Rouge-2026", jar: CookieJar()).status == .seeOther)
        }
    }

    @Test func aLostIdentifierIsSentToTheKnownNumberOnly() async throws {
        let d = try await Self.deploy()
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            let page = try await client.get("/identifiant-perdu", jar: jar)
            let sent = try await client.post("/identifiant-perdu", form: form(page) + [("contact", "06.11.22.33.44")], jar: jar)
            #expect(sent.text.contains("Demande enregistrée"))
            guard case .sms(let sms)? = try d.lastMessage() else { Issue.record("no SMS"); return }
            #expect(sms.text.contains(d.web.directory.guardian.identifier))
            let unknown = try await client.post("/identifiant-perdu", form: form(page) + [("contact", "nobody@example.org")], jar: jar)
            #expect(unknown.text.contains("Demande enregistrée"), "the same answer")
            #expect(try d.messageCount() == 1)
        }
    }

    @Test func profileChangesNeedTheCurrentPasswordOrACode() async throws {
        let d = try await Self.deploy()
        let guardian = d.web.directory.guardian
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(guardian.identifier, DirectoryFixture.password, jar: jar)
            let page = try await client.get("/compte/mot-de-passe", jar: jar)
            let wrong = try await client.post("/compte/mot-de-passe", form: form(page) + [("current", "nope"), ("password", "Arbre-Vert-99"), ("confirmation", "Arbre-Vert-99")], jar: jar)
            #expect(wrong.status == .badRequest)
            let right = try await client.post("/compte/mot-de-passe", form: form(page) + [("current", DirectoryFixture.password), ("password", "Arbre-Vert-99"), ("confirmation", "Arbre-Vert-99")], jar: jar)
            #expect(right.headers[.location] == "/compte?modifie=mot-de-passe")
            #expect(try await client.logIn(guardian.identifier, "Arbre-Vert-99", jar: CookieJar()).status == .seeOther)

            let mobile = try await client.get("/compte/mobile", jar: jar)
            #expect(mobile.text.contains("ne met pas à jour les informations de l") )
            let sent = try await client.post("/compte/mobile", form: form(mobile) + [("mobile", "07 12 34 56 78")], jar: jar)
            let r = try #require(sent.text.firstCapture(of: #"name="r" value="([^"]+)""#))
            let confirmed = try await client.post("/compte/mobile/code", form: form(mobile) + [("r", r), ("code", try #require(try d.lastCode()))], jar: jar)
            #expect(confirmed.headers[.location] == "/compte?modifie=mobile")
            #expect(try await d.web.store.account(id: guardian.id)?.mobile == "07 12 34 56 78")
            #expect(try await client.get("/compte", jar: jar).text.contains("07 12 34 56 78"))
        }
    }
}

extension SelfServiceTests {
    /// Another account of Paul Durand, with a record linked to one more child.
    static func otherAccount(_ store: SQLStore, child: String, born: String, password: String?, mobile: String? = nil) async throws -> Account {
        let account = try await store.createAccount(NewAccount(role: .guardian, state: password == nil ? .created : .active,
                                                               familyName: "Durand", firstName: "Paul",
                                                               passwordHash: try password.map { try PasswordHasher.fast.hash($0) }))
        let pupil = try await store.insertPupil(Pupil(ine: nil, siecleID: "S-" + child, familyName: "Durand", firstName: child,
                                                      birthDate: CalendarDate(iso: born), division: "6A", uai: DirectoryFixture.collegeUAI))
        let record = try await store.insertGuardian(Guardian(siecleID: "G-" + child, uai: DirectoryFixture.collegeUAI, civility: "M.",
                                                             familyName: "DURAND", firstName: "Paul", mobile: mobile, email: nil, accountID: account.id))
        try await store.link(LegalLink(guardianID: record.id, pupilID: pupil.id, rank: 1))
        return account
    }

    @Test func aGuardianAddsAChildOrGroupsAnotherAccountAndTheEmptyOneIsDisabled() async throws {
        let d = try await Self.deploy()
        let store = d.web.store, guardian = d.web.directory.guardian
        // Never activated, and carrying the mobile this account has proven.
        try await store.setMobile("0611223344", forAccount: guardian.id)
        let unactivated = try await Self.otherAccount(store, child: "Zoé", born: "2014-02-02", password: nil, mobile: "06 11 22 33 44")
        let activated = try await Self.otherAccount(store, child: "Noé", born: "2016-06-06", password: "Autre-Compte-1")
        try await d.app.test(.router) { client in
            let jar = CookieJar()
            _ = try await client.logIn(guardian.identifier, DirectoryFixture.password, jar: jar)
            let page = try await client.get("/compte/enfants", jar: jar)
            let wrong = try await client.post("/compte/enfants", form: form(page) + [("prenom", "Zoé"), ("naissance", "03/02/2014")], jar: jar)
            #expect(wrong.status == .badRequest)
            let added = try await client.post("/compte/enfants", form: form(page) + [("prenom", "ZOE"), ("naissance", "02/02/2014")], jar: jar)
            #expect(added.headers[.location] == "/compte?modifie=enfants")
            #expect(try await store.profile(ofAccount: guardian.id)?.children.map(\.pupil.firstName).contains("Zoé") == true)
            #expect(try await store.account(id: unactivated.id)?.state == .disabled, "left without a record")

            let badProof = try await client.post("/compte/regrouper", form: form(page) + [("identifier", activated.identifier), ("password", "nope")], jar: jar)
            #expect(badProof.status == .badRequest)
            #expect(try await store.account(id: activated.id)?.state == .active)
            let grouped = try await client.post("/compte/regrouper", form: form(page) + [("identifier", activated.identifier), ("password", "Autre-Compte-1")], jar: jar)
            #expect(grouped.headers[.location] == "/compte?modifie=enfants")
            #expect(try await store.account(id: activated.id)?.state == .disabled)
            #expect(try await client.get("/compte", jar: jar).text.contains("Noé Durand"))
            // A pupil has no such page.
            let pupilJar = CookieJar()
            _ = try await client.logIn(d.web.directory.pupil.identifier, DirectoryFixture.password, jar: pupilJar)
            #expect(try await client.get("/compte/enfants", jar: pupilJar).status == .notFound)
        }
    }
}
