import Foundation
import ArgumentParser

@main
struct Sesame: AsyncParsableCommand {
    /// Every file the service makes (database, keys, outbox, uploads) is its own.
    static func main() async {
        umask(0o077)
        do {
            // `--config FILE`, then SESAME_* variables, then the flags: the last word wins.
            var command = try parseAsRoot(try ConfigLoading.expand(Array(CommandLine.arguments.dropFirst())))
            if var asyncCommand = command as? AsyncParsableCommand { try await asyncCommand.run() } else { try command.run() }
        } catch {
            exit(withError: error)
        }
    }

    static let configuration = CommandConfiguration(
        commandName: "sesame",
        abstract: "Sesame: identity bridge for schools (pupils and legal guardians, SAML, CAS).",
        discussion: """
            Every command with options also reads them from a YAML file given as --config FILE (a key per long option, \
            ${VAR} from the environment), then from SESAME_<OPTION> variables, then from the flags: the last word wins. \
            `sesame config check FILE` says what is wrong in a file, by line.
            """,
        subcommands: [Serve.self, Migrate.self, AccountsCommand.self, StaffCommand.self, CASServiceCommand.self, KeysCommand.self, SPCommand.self,
                      ImportLegacyCommand.self, LegacyCommand.self, ImportSIECLECommand.self, BackupCommand.self, RestoreCommand.self,
                      ConfigCommand.self])
}
