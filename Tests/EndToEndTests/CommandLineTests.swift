import Accounts
import Demo
import Foundation
import SesameTestSupport
import Testing

@Suite struct CommandLineTests {
    @Test(arguments: [["serve"], ["migrate"], ["accounts", "list"], ["accounts", "show"], ["accounts", "set-password"],
                      ["accounts", "disable"], ["staff", "add"], ["staff", "list"],
                      ["cas-service", "add"], ["cas-service", "list"], ["cas-service", "remove"]])
    func everyCommandExplainsItself(_ command: [String]) throws {
        let result = try SesameProcess.run(command + ["--help"], in: try SesameProcess.temporaryDirectory())
        #expect(result.status == 0)
        #expect(result.output.contains("USAGE: sesame \(command.joined(separator: " "))"))
        #expect(result.output.contains("--data-dir") && result.output.contains("--database"))
    }

    @Test func accountsAreListedShownRepasswordedAndDisabled() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let migrate = try SesameProcess.run(["migrate"], in: directory)
        #expect(migrate.status == 0)
        #expect(migrate.output.contains("Migrations appliquées : 1, 2"))
        #expect(try SesameProcess.run(["migrate"], in: directory).output.contains("Schéma à jour"))

        // Load the demo through a short-lived server, then work offline.
        let server = try await SesameProcess.serve(["--demo"], in: directory)
        server.stop()

        let list = try SesameProcess.run(["accounts", "list", "--role", "guardian", "--establishment", "0861003Y"], in: directory)
        #expect(list.status == 0)
        #expect(list.output.contains("s.dupont10\tguardian\tactive\tSophie Dupont"))
        #expect(!list.output.contains("\tpupil\t"))

        let show = try SesameProcess.run(["accounts", "show", "s.dupont10"], in: directory)
        #expect(show.output.contains("child: Hugo Dupont (2NDE1) at 0861003Y Lycée Victor Hugo"))
        #expect(show.output.contains("child: Chloé Dupont (4A) at 0861002X Collège Marie Curie"))

        let weak = try SesameProcess.run(["accounts", "set-password", "s.dupont10"], in: directory, input: "dupont123\n")
        #expect(weak.status != 0)
        #expect(weak.output.contains("3 des 4 critères"))
        let strong = try SesameProcess.run(["accounts", "set-password", "s.dupont10"], in: directory, input: "Nouveau-Mot2passe\n")
        #expect(strong.status == 0)

        let disable = try SesameProcess.run(["accounts", "disable", "c.dupont10"], in: directory)
        #expect(disable.status == 0)
        #expect(try SesameProcess.run(["accounts", "show", "c.dupont10"], in: directory).output.contains("state: disabled"))
        #expect(try SesameProcess.run(["accounts", "show", "z.nobody99"], in: directory).status != 0)
        #expect(try SesameProcess.run(["accounts", "list", "--state", "bogus"], in: directory).status != 0)

        let again = try await SesameProcess.serve([], in: directory)
        defer { again.stop() }
        #expect(try await Browser().logIn(at: again.baseURL, "s.dupont10", "Nouveau-Mot2passe").status == 303)
        #expect(try await Browser().logIn(at: again.baseURL, "s.dupont10", DemoAcademy.guardianPassword).status == 401)
        #expect(try await Browser().logIn(at: again.baseURL, "c.dupont10", DemoAcademy.pupilPassword).status == 401)
    }

    @Test func staffAreAddedWithAValidatedRoleAndEstablishment() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        let server = try await SesameProcess.serve(["--demo"], in: directory)
        server.stop()
        let added = try SesameProcess.run(["staff", "add", "--login", "chef@example.org", "--name", "Mme Principale",
                                           "--role", "chef", "--establishment", "0861002X"], in: directory)
        #expect(added.status == 0)
        #expect(try SesameProcess.run(["staff", "list"], in: directory).output.contains("chef@example.org\tchef\t0861002X"))
        for bad in [["--role", "roi", "--establishment", "0861002X"], ["--role", "chef", "--establishment", "0861002A"],
                    ["--role", "chef"], ["--role", "chef", "--establishment", "0750655E"]] {
            let result = try SesameProcess.run(["staff", "add", "--login", "x@example.org", "--name", "X"] + bad, in: directory)
            #expect(result.status != 0, "\(bad)")
        }
    }

    @Test func casServicesAreAddedListedAndRemoved() throws {
        let directory = try SesameProcess.temporaryDirectory()
        let add = try SesameProcess.run(["cas-service", "add", "--id", "ent", "--name", "ENT du collège", "--exact", "https://ent.example.org/login",
                                         "--establishment", "0861002X", "--single-logout"], in: directory)
        #expect(add.status == 0, "\(add.output)")
        let second = try SesameProcess.run(["cas-service", "add", "--id", "portail", "--name", "Portail", "--prefix", "https://portail.example.org/"], in: directory)
        #expect(second.status == 0)
        let duplicate = try SesameProcess.run(["cas-service", "add", "--id", "ent", "--name", "X", "--exact", "https://x.example.org/"], in: directory)
        #expect(duplicate.status != 0)
        let insecure = try SesameProcess.run(["cas-service", "add", "--id", "bad", "--name", "X", "--exact", "http://example.org/"], in: directory)
        #expect(insecure.status != 0)
        #expect(insecure.output.contains("https"))
        let list = try SesameProcess.run(["cas-service", "list"], in: directory)
        #expect(list.output.contains("ent\texact\thttps://ent.example.org/login\tcas-ent\t0861002X\tENT du collège"))
        #expect(list.output.contains("portail\tprefix"))
        #expect(try SesameProcess.run(["cas-service", "remove", "ent"], in: directory).status == 0)
        #expect(!(try SesameProcess.run(["cas-service", "list"], in: directory).output.contains("ENT du collège")))
        #expect(try SesameProcess.run(["cas-service", "remove", "ent"], in: directory).status != 0)
        let yaml = try String(contentsOf: directory.appendingPathComponent("metadata/services.yml"), encoding: .utf8)
        #expect(yaml.contains("portail.example.org"))
    }
}
