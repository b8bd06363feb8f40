import Accounts
import ArgumentParser
import Foundation
import Storage
import Primitives

struct StaffCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "staff", abstract: "Manage school staff who use the console.", subcommands: [Add.self, List.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a staff member (the first chef of an establishment, for instance). A password, if any, is read from standard input.")
        @OptionGroup var options: ServerOptions
        @Option(help: "Login, usually a professional e-mail address.") var login: String
        @Option(help: "Name shown in the console.") var name: String
        @Option(help: "chef, secretariat, rupn or academie") var role: String
        @Option(name: .customLong("establishment"), help: "UAI managed (repeat for several).") var establishments: [String] = []
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input.") var passwordFromStdin = false

        func run() async throws {
            let role = try parseChoice(StaffRole.self, role, "--role")
            let uais = try establishments.map { text -> UAI in
                guard let uai = UAI(text) else { throw ValidationError("Invalid UAI \(text): seven digits and the check letter.") }
                return uai
            }
            guard role == .academie || !uais.isEmpty else { throw ValidationError("--establishment is required for role \(role.rawValue).") }
            guard (3...254).contains(login.count), !name.isEmpty, name.count <= 200 else { throw ValidationError("Login or name has an invalid length.") }
            var hash: String?
            if passwordFromStdin {
                guard let password = readLine(strippingNewline: true) else { throw ValidationError("No password on standard input.") }
                let broken = PasswordPolicy.violations(of: password, identifier: login, names: [name])
                guard broken.isEmpty else { throw ValidationError(broken.map(\.message).joined(separator: "\n")) }
                hash = try options.hasher.hash(password)
            }
            try await withStore(options) { store in
                for uai in uais where try await store.establishment(uai) == nil {
                    throw ValidationError("Unknown establishment \(uai): import it first.")
                }
                let member = try await store.addStaff(StaffMember(login: login, displayName: name, role: role, establishments: uais, passwordHash: hash))
                try await store.record(AuditEvent(kind: .staffAdded, actor: "cli", subject: member.login, detail: role.rawValue))
                print("Personnel ajouté : \(member.login) (\(role.rawValue)) pour \(uais.map(\.value).joined(separator: ", ")).")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List staff members.")
        @OptionGroup var options: ServerOptions

        func run() async throws {
            try await withStore(options) { store in
                for m in try await store.staff() {
                    print([m.login, m.role.rawValue, m.establishments.map(\.value).joined(separator: ","), m.displayName].joined(separator: "\t"))
                }
            }
        }
    }
}
