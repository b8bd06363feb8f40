import ArgumentParser
import Foundation
import Storage

/// `sesame backup --to DIR`: the embedded database (a consistent copy taken
/// while the server runs) and the keys, as a data directory to start on.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "backup",
        abstract: "Copy the SQLite database (while the server runs) and the keys into a new folder; PostgreSQL: keys only, pg_dump for the data.")
    @OptionGroup var options: ServerOptions
    @Option(help: "New or empty folder to write the backup into.") var to: String

    func run() async throws {
        try await withStore(options) { store in
            do {
                try await Backup.write(store: store, keys: SigningKeys.directory(options), into: URL(fileURLWithPath: to))
            } catch let failure as Backup.Failure { throw ValidationError(failure.description) }
            if store.database.engine == .postgres { print(Backup.Failure.notEmbedded.description + " Les clés ont été copiées dans \(to)/keys.") }
            print("Sauvegarde écrite dans \(to).")
        }
    }
}

/// `sesame restore --from DIR`: a backup into a new data directory, before
/// any server starts on it.
struct RestoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "restore",
        abstract: "Put a backup made by `sesame backup` into an empty data directory (--data-dir).")
    @OptionGroup var options: ServerOptions
    @Option(help: "Folder written by `sesame backup`.") var from: String

    func run() throws {
        do {
            try Backup.restore(from: URL(fileURLWithPath: from), into: URL(fileURLWithPath: options.dataDir), embedded: options.database == nil)
        } catch let failure as Backup.Failure { throw ValidationError(failure.description) }
        print("Sauvegarde restaurée dans \(options.dataDir) : démarrez `sesame serve --data-dir \(options.dataDir)`.")
    }
}
