import Accounts
import ArgumentParser
import Foundation
import Storage
import Primitives

struct AccountsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "accounts", abstract: "List, inspect and maintain pupil and guardian accounts.",
        subcommands: [List.self, Show.self, SetPassword.self, Disable.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var options: ServerOptions
        @Option(help: "pupil or guardian") var role: String?
        @Option(help: "created, notified, active or disabled") var state: String?
        @Option(help: "UAI of an establishment") var establishment: String?
        @Option(help: "At most this many lines") var limit = 1000

        func run() async throws {
            let filter = AccountFilter(
                role: try role.map { try parseChoice(AccountRole.self, $0, "--role") },
                state: try state.map { try parseChoice(AccountState.self, $0, "--state") },
                establishment: try establishment.map { guard let u = UAI($0) else { throw ValidationError("invalid UAI \($0)") }; return u },
                limit: limit)
            try await withStore(options) { store in
                for a in try await store.accounts(matching: filter) {
                    print([a.identifier, a.role.rawValue, a.state.rawValue, "\(a.firstName) \(a.familyName)"].joined(separator: "\t"))
                }
            }
        }
    }

    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one account and the people behind it.")
        @OptionGroup var options: ServerOptions
        @Argument var identifier: String

        func run() async throws {
            try await withStore(options) { store in
                let account = try await store.existingAccount(identifier)
                guard let profile = try await store.profile(ofAccount: account.id) else { throw ValidationError("No account \(identifier).") }
                print("identifier: \(account.identifier)\nrole: \(account.role.rawValue)\nstate: \(account.state.rawValue)")
                print("name: \(account.firstName) \(account.familyName)")
                print("email: \(account.email ?? "-")\nmobile: \(account.mobile ?? "-")")
                print("created: \(account.createdAt)\nlast login: \(account.lastLoginAt.map { "\($0)" } ?? "-")")
                for e in profile.pupilEstablishments { print("establishment: \(e.uai) \(e.name)") }
                for c in profile.children {
                    print("child: \(c.pupil.firstName) \(c.pupil.familyName) (\(c.pupil.division ?? "-")) at \(c.establishment.uai) \(c.establishment.name), legal rank \(c.rank)")
                }
            }
        }
    }

    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password",
            abstract: "Set an account's password, read from standard input (one line), and activate it.")
        @OptionGroup var options: ServerOptions
        @Argument var identifier: String

        func run() async throws {
            guard let password = readLine(strippingNewline: true) else { throw ValidationError("No password on standard input.") }
            try await withStore(options) { store in
                let account = try await store.existingAccount(identifier)
                let broken = PasswordPolicy.violations(of: password, identifier: account.identifier,
                                                       names: [account.firstName, account.familyName])
                guard broken.isEmpty else { throw ValidationError(broken.map(\.message).joined(separator: "\n")) }
                try await store.setPasswordHash(try options.hasher.hash(password), provisionalUntil: nil,
                                                state: account.state == .disabled ? nil : .active, forAccount: account.id)
                try await store.record(AuditEvent(kind: .passwordChanged, actor: "cli", subject: account.identifier))
                print("Mot de passe de \(account.identifier) enregistré.")
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account and close its sessions.")
        @OptionGroup var options: ServerOptions
        @Argument var identifier: String

        func run() async throws {
            try await withStore(options) { store in
                let account = try await store.existingAccount(identifier)
                try await store.setState(.disabled, forAccount: account.id)
                try await store.record(AuditEvent(kind: .accountDisabled, actor: "cli", subject: account.identifier))
                print("Compte \(account.identifier) désactivé.")
            }
        }
    }
}

func parseChoice<T: RawRepresentable<String> & CaseIterable>(_ type: T.Type, _ text: String, _ option: String) throws -> T {
    guard let value = T(rawValue: text) else {
        throw ValidationError("\(option) must be one of: \(T.allCases.map(\.rawValue).joined(separator: ", ")).")
    }
    return value
}

extension SQLStore {
    /// The account typed on the command line, or a clear refusal.
    func existingAccount(_ typed: String) async throws -> Account {
        guard let account = try await account(identifier: IdentifierFormat.normalize(typed)) else {
            throw ValidationError("No account \(typed).")
        }
        return account
    }
}
