import Accounts
import Bridge
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import SesameTestSupport
import Storage
import Testing
import Primitives

/// The /admin console over HTTP: roles, scopes, letters that really work.
@Suite struct ConsoleTests {
    static let college = DirectoryFixture.collegeUAI.value, lycee = DirectoryFixture.lyceeUAI.value

    static func staff(_ store: SQLStore, _ login: String, _ role: StaffRole, _ uai: UAI?) async throws {
        _ = try await store.addStaff(StaffMember(login: login, displayName: login.capitalized, role: role,
                                                 establishments: uai.map { [$0] } ?? [], passwordHash: try PasswordHasher.fast.hash("Console-Pass-1")))
    }

    static func deploy() async throws -> WebFixture {
        let web = try await WebFixture.make()
        try await staff(web.store, "chef.college", .chef, DirectoryFixture.collegeUAI)
        try await staff(web.store, "rupn.college", .rupn, DirectoryFixture.collegeUAI)
        try await staff(web.store, "chef.lycee", .chef, DirectoryFixture.lyceeUAI)
        return web
    }

    func signIn(_ client: some TestClientProtocol, _ login: String, jar: CookieJar) async throws -> TestResponse {
        let page = try await client.get("/admin/connexion", jar: jar)
        return try await client.post("/admin/connexion", form: [("csrf", page.text.csrfField ?? ""), ("login", login), ("password", "Console-Pass-1")], jar: jar)
    }

    @Test func aChefSeesOnlyTheirEstablishmentAndARupnOnlyPupils() async throws {
        let web = try await Self.deploy()
        try await web.app.test(.router) { client in
            #expect(try await client.get("/admin", jar: CookieJar()).headers[.location] == "/admin/connexion")
            let chef = CookieJar()
            #expect(try await signIn(client, "chef.college", jar: chef).headers[.location] == "/admin")
            let home = try await client.get("/admin", jar: chef)
            #expect(home.text.contains("Collège Test") && !home.text.contains("Lycée Test"))
            let page = try await client.get("/admin/etablissement/" + Self.college, jar: chef)
            #expect(page.text.contains(web.directory.pupil.identifier) && page.text.contains(web.directory.guardian.identifier))
            #expect(page.text.contains("<svg"), "charts drawn in the page")
            #expect(try await client.get("/admin/etablissement/" + Self.lycee, jar: chef).status == .notFound)
            let csv = try await client.get("/admin/etablissement/\(Self.college)/statistiques.csv", jar: chef)
            #expect(csv.headers[.contentType]?.hasPrefix("text/csv") == true)
            #expect(csv.text.hasPrefix("\u{FEFF}\"classe\";\"profil\";\"créés\";\"notifiés\";\"activés\";\"désactivés\";\"total\""))
            #expect(csv.text.contains("\"4A\";\"élèves\";\"0\";\"0\";\"1\";\"0\";\"1\""))

            let rupn = CookieJar()
            _ = try await signIn(client, "rupn.college", jar: rupn)
            let pupilsOnly = try await client.get("/admin/etablissement/" + Self.college, jar: rupn)
            #expect(pupilsOnly.text.contains(web.directory.pupil.identifier) && !pupilsOnly.text.contains(web.directory.guardian.identifier))
            let csrf = pupilsOnly.text.csrfField ?? ""
            let refused = try await client.post("/admin/etablissement/\(Self.college)/actions",
                                                form: [("csrf", csrf), ("action", "desactiver"), ("compte-\(web.directory.guardian.id)", "1")], jar: rupn)
            #expect(refused.status == .forbidden)
            #expect(try await web.store.account(id: web.directory.guardian.id)?.state == .active, "nothing changed")
            #expect(try await client.get("/admin/personnel", jar: rupn).status == .forbidden, "only a chef delegates")

            let wrong = try await client.post("/admin/connexion", form: [("csrf", csrf), ("login", "chef.college"), ("password", "nope")], jar: CookieJar())
            #expect(wrong.status == .unauthorized || wrong.status == .forbidden)
        }
    }

    static func collegeOnlyGuardian(_ store: SQLStore, pupil: Account) async throws -> Account {
        let account = try await store.createAccount(NewAccount(role: .guardian, state: .active, familyName: "Durand", firstName: "Claire",
                                                               passwordHash: try PasswordHasher.fast.hash(DirectoryFixture.password)))
        let record = try await store.insertGuardian(Guardian(siecleID: "502", uai: DirectoryFixture.collegeUAI, civility: "Mme", familyName: "Durand",
                                                             firstName: "Claire", mobile: nil, email: nil, accountID: account.id))
        let lea = try #require(try await store.profile(ofAccount: pupil.id)?.pupils.first)
        try await store.link(LegalLink(guardianID: record.id, pupilID: lea.id, rank: 2))
        return account
    }

    @Test func aLetterCarriesCredentialsThatWorkAtLogin() async throws {
        let web = try await Self.deploy()
        try await web.app.test(.router) { client in
            let chef = CookieJar()
            _ = try await signIn(client, "chef.college", jar: chef)
            let page = try await client.get("/admin/etablissement/" + Self.college, jar: chef)
            let csrf = page.text.csrfField ?? ""
            let pupil = web.directory.pupil
            // A parent known to this school only (the fixture's Paul Durand
            // also has a child at the lycée: only the académie resets him).
            let guardian = try await Self.collegeOnlyGuardian(web.store, pupil: pupil)
            // Active accounts are skipped unless reset is chosen.
            let skipped = try await client.post("/admin/etablissement/\(Self.college)/actions", form: [("csrf", csrf), ("action", "notifier"), ("compte-\(pupil.id)", "1")], jar: chef)
            #expect(skipped.text.contains("Non notifiés"))
            let letters = try await client.post("/admin/etablissement/\(Self.college)/actions",
                                                form: [("csrf", csrf), ("action", "notifier"), ("reinitialiser", "1"), ("compte-\(pupil.id)", "1")], jar: chef)
            let identifier = try #require(letters.text.firstCapture(of: #"class="identifiant">([^<]+)<"#))
            let provisional = try #require(letters.text.firstCapture(of: #"class="provisoire">([^<]+)<"#))
            #expect(identifier == pupil.identifier)
            #expect(try await web.store.account(id: pupil.id)?.state == .notified)
            let login = try await client.logIn(identifier, provisional, jar: CookieJar())
            #expect(login.headers[.location]?.hasPrefix("/activation?r=") == true, "accepted, on to choosing a password")

            // Notifying an active guardian asks for confirmation first.
            let ask = try await client.post("/admin/etablissement/\(Self.college)/actions",
                                            form: [("csrf", csrf), ("action", "notifier"), ("reinitialiser", "1"), ("compte-\(guardian.id)", "1")], jar: chef)
            #expect(ask.text.contains("Confirmer et réinitialiser"))
            #expect(try await web.store.account(id: guardian.id)?.state == .active)
            let confirmed = try await client.post("/admin/etablissement/\(Self.college)/actions",
                                                  form: [("csrf", csrf), ("action", "notifier"), ("reinitialiser", "1"), ("confirme", "1"), ("compte-\(guardian.id)", "1")], jar: chef)
            #expect(confirmed.text.contains(guardian.identifier))
            #expect(try await web.store.account(id: guardian.id)?.state == .notified)

            _ = try await client.post("/admin/etablissement/\(Self.college)/actions", form: [("csrf", csrf), ("action", "desactiver"), ("classe-entiere", "4A")], jar: chef)
            #expect(try await web.store.account(id: pupil.id)?.state == .disabled, "the whole class 4A")
            _ = try await client.post("/admin/etablissement/\(Self.college)/actions", form: [("csrf", csrf), ("action", "reactiver"), ("compte-\(pupil.id)", "1")], jar: chef)
            #expect(try await web.store.account(id: pupil.id)?.state == .notified)
            // A chef of another establishment cannot act here.
            let other = CookieJar()
            _ = try await signIn(client, "chef.lycee", jar: other)
            let otherCSRF = try await client.get("/admin", jar: other).text.csrfField ?? ""
            let foreign = try await client.post("/admin/etablissement/\(Self.college)/actions", form: [("csrf", otherCSRF), ("action", "desactiver"), ("compte-\(pupil.id)", "1")], jar: other)
            #expect(foreign.status == .notFound)
        }
    }

    @Test func attachmentErrorsAreResolvedAndRolesDelegated() async throws {
        let web = try await Self.deploy()
        let store = web.store, guardian = web.directory.guardian
        let lea = try #require(try await store.profile(ofAccount: guardian.id)?.children.first { $0.pupil.firstName == "Léa" })
        for record in try await store.guardians(ofAccount: guardian.id) { try await store.suspendLink(guardianID: record.id, pupilID: lea.pupil.id) }
        _ = try await store.openTicket(AssistanceTicket(openedAt: Date(), kind: .notLegalGuardian, accountID: guardian.id, pupilID: lea.pupil.id,
                                                        uai: Self.college, detail: "Paul Durand dit ne pas être représentant légal de Léa"))
        try await web.app.test(.router) { client in
            let chef = CookieJar()
            _ = try await signIn(client, "chef.college", jar: chef)
            let list = try await client.get("/admin/tickets", jar: chef)
            #expect(list.text.contains("Léa"))
            let id = try #require(list.text.firstCapture(of: #"action="/admin/tickets/(\d+)""#))
            let closed = try await client.post("/admin/tickets/" + id, form: [("csrf", list.text.csrfField ?? ""), ("commentaire", "vérifié"), ("retablir", "1")], jar: chef)
            #expect(closed.headers[.location] == "/admin/tickets")
            #expect(try await store.tickets(openOnly: true).isEmpty)
            #expect(try await store.profile(ofAccount: guardian.id)?.children.contains { $0.pupil.firstName == "Léa" } == true, "the link counts again")
            let other = CookieJar()
            _ = try await signIn(client, "chef.lycee", jar: other)
            #expect(!(try await client.get("/admin/tickets?tous=1", jar: other).text.contains("Léa")), "another establishment's ticket is not shown")

            let staff = try await client.get("/admin/personnel", jar: chef)
            let added = try await client.post("/admin/personnel", form: [("csrf", staff.text.csrfField ?? ""), ("login", "secretariat.college"), ("nom", "Mme Secrétaire"),
                                                                        ("role", "secretariat"), ("etablissement", Self.college), ("password", "Delegue-Pass-9")], jar: chef)
            #expect(added.headers[.location] == "/admin/personnel")
            let escalate = try await client.post("/admin/personnel", form: [("csrf", staff.text.csrfField ?? ""), ("login", "x.chef"), ("nom", "X"),
                                                                           ("role", "chef"), ("etablissement", Self.college), ("password", "Delegue-Pass-9")], jar: chef)
            #expect(escalate.status == .forbidden, "a chef delegates secretariat or rupn only")
            let delegated = try await store.staff().first { $0.login == "secretariat.college" }
            #expect(delegated?.role == .secretariat && delegated?.establishments == [DirectoryFixture.collegeUAI])
        }
    }
}

extension ConsoleTests {
    @Test func anUploadOverTheLimitIsSaidTooBigNotUnavailable() async throws {
        let web = try await Self.deploy()
        let upload: SIECLEUpload = { _, _, _, _ in SIECLEUploadOutcome(refused: false, lines: ["lu"]) }
        let router = try await SesameWeb.buildRouter(configuration: BridgeConfiguration(hasher: .fast, siecleUpload: upload), store: web.store, metrics: web.metrics)
        try await Application(router: router).test(.router) { client in
            let jar = CookieJar()
            _ = try await signIn(client, "chef.college", jar: jar)
            var headers: HTTPFields = [.contentType: "multipart/form-data; boundary=x"]
            headers[.cookie] = jar.headerValue
            let body = ByteBuffer(repeating: UInt8(ascii: "a"), count: 100 * 1024 * 1024 + 1)
            let refused = try await client.execute(uri: "/admin/import", method: .post, headers: headers, body: body)
            #expect(refused.status == .contentTooLarge)
            #expect(refused.text.contains("Envoi trop volumineux"))
        }
    }

    @Test func theUploadFormHandsTheExactFilesToTheImporterForTheStaffsEstablishmentsOnly() async throws {
        let web = try await Self.deploy()
        try await Self.staff(web.store, "academie", .academie, nil)
        let seen = SeenUploads()
        let upload: SIECLEUpload = { files, allowed, dryRun, actor in
            let sizes = files.map { (try? Data(contentsOf: $0).count) ?? -1 }
            await seen.add("\(actor) \(allowed?.map(\.value) ?? ["*"]) \(dryRun) \(sizes) \(files.map(\.pathExtension))")
            return SIECLEUploadOutcome(refused: false, lines: ["\(sizes.count) fichier(s) lus"])
        }
        let router = try await SesameWeb.buildRouter(configuration: BridgeConfiguration(hasher: .fast, siecleUpload: upload), store: web.store, metrics: web.metrics)
        let xml = String(repeating: "é", count: 300) + "\r\n--not-the-boundary\r\n", zip = "PK\u{3}\u{4}binary"
        try await Application(router: router).test(.router) { client in
            for (login, expected) in [("chef.college", "chef.college [\"\(Self.college)\"] true [\(xml.utf8.count), \(zip.utf8.count)] [\"xml\", \"zip\"]"),
                                      ("academie", "academie [\"*\"] true [\(xml.utf8.count), \(zip.utf8.count)] [\"xml\", \"zip\"]")] {
                let jar = CookieJar()
                _ = try await signIn(client, login, jar: jar)
                let page = try await client.get("/admin/import", jar: jar)
                #expect(page.text.contains("enctype=\"multipart/form-data\""))
                let boundary = "----sesame-test-boundary"
                func part(_ name: String, _ filename: String?, _ body: String) -> String {
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"" + (filename.map { "; filename=\"\($0)\"" } ?? "")
                        + "\r\n\r\n" + body + "\r\n"
                }
                let body = part("csrf", nil, page.text.csrfField ?? "") + part("essai", nil, "1")
                    + part("fichiers", "../../ElevesSansAdresses.xml", xml) + part("fichiers", "Export.ZIP", zip) + "--\(boundary)--\r\n"
                let done = try await client.post("/admin/import", rawBody: body, jar: jar, contentType: "multipart/form-data; boundary=\(boundary)")
                #expect(done.status == .ok)
                #expect(done.text.contains("2 fichier(s) lus") && done.text.contains("Essai"))
                #expect(await seen.last == expected)
            }
            let rupn = CookieJar()
            _ = try await signIn(client, "rupn.college", jar: rupn)
            #expect(try await client.get("/admin/import", jar: rupn).status == .forbidden, "a rupn does not import guardians")
            let jar = CookieJar()
            _ = try await signIn(client, "chef.college", jar: jar)
            let forged = try await client.post("/admin/import", rawBody: "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\nforged\r\n--b--\r\n",
                                               jar: jar, contentType: "multipart/form-data; boundary=b")
            #expect(forged.status == .forbidden)
        }
    }
}

actor SeenUploads {
    var last: String?
    func add(_ entry: String) { last = entry }
}
