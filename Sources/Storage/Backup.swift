import Foundation

/// Copies of what a deployment cannot lose: the embedded database, taken
/// while it serves, and the key folder beside it.
public enum Backup {
    public enum Failure: Error, CustomStringConvertible {
        case notEmpty(String), noDatabase(String), notEmbedded
        public var description: String {
            switch self {
            case .notEmpty(let path): "Le dossier « \(path) » n'est pas vide : choisissez un dossier nouveau ou vide."
            case .noDatabase(let path): "Aucune sauvegarde Sesame dans « \(path) » (sesame.sqlite3 ou keys/ manquants)."
            case .notEmbedded: "La base est PostgreSQL : sauvegardez-la avec pg_dump (voir docs/DEPLOYING.md)."
            }
        }
    }

    /// The embedded database's file in a data directory.
    public static let databaseFile = "sesame.sqlite3"

    /// `into` must be new or empty; it ends as a data directory a server can start on.
    public static func write(store: SQLStore, keys: URL, into target: URL) async throws {
        try prepareEmpty(target)
        if store.database.engine == .sqlite {
            // VACUUM INTO: one consistent snapshot, readers and writers carry on.
            let path = target.appendingPathComponent(databaseFile).path
            try await store.execute("VACUUM INTO \(unsafeRaw: "'" + path.replacingOccurrences(of: "'", with: "''") + "'")")
            chmod(path, 0o600)
        }
        try copyKeys(from: keys, to: target.appendingPathComponent("keys"))
    }

    /// Puts a backup in a new data directory, before any server starts on it.
    public static func restore(from source: URL, into dataDir: URL, embedded: Bool) throws {
        let fm = FileManager.default
        guard fm.fileExists(atPath: source.appendingPathComponent("keys").path),
              !embedded || fm.fileExists(atPath: source.appendingPathComponent(databaseFile).path) else {
            throw Failure.noDatabase(source.path)
        }
        try prepareEmpty(dataDir)
        if embedded {
            let copy = dataDir.appendingPathComponent(databaseFile).path
            try fm.copyItem(atPath: source.appendingPathComponent(databaseFile).path, toPath: copy)
            chmod(copy, 0o600)
        }
        try copyKeys(from: source.appendingPathComponent("keys"), to: dataDir.appendingPathComponent("keys"))
    }

    static func prepareEmpty(_ folder: URL) throws {
        let fm = FileManager.default
        if let present = try? fm.contentsOfDirectory(atPath: folder.path), !present.isEmpty { throw Failure.notEmpty(folder.path) }
        try fm.createDirectory(at: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder.path)
    }

    static func copyKeys(from keys: URL, to target: URL) throws {
        let fm = FileManager.default
        try fm.createDirectory(at: target, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        for name in (try? fm.contentsOfDirectory(atPath: keys.path)) ?? [] {
            let copy = target.appendingPathComponent(name).path
            try fm.copyItem(atPath: keys.appendingPathComponent(name).path, toPath: copy)
            chmod(copy, 0o600)
        }
    }
}
