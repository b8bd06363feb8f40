import ArgumentParser

@main
struct Sesame: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sesame",
        abstract: "Sesame: identity bridge for schools (pupils and legal guardians, SAML, CAS).",
        subcommands: [Serve.self, Migrate.self, AccountsCommand.self, StaffCommand.self, CASServiceCommand.self, KeysCommand.self, SPCommand.self,
                      ImportLegacyCommand.self, LegacyCommand.self, ImportSIECLECommand.self])
}
