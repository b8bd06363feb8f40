import Accounts
import Foundation
import Primitives

/// HMAC keys as files `<dir>/<name>.key`, readable by the service only
/// (0600 in a 0700 folder), beside the SAML signing key. A key found in the
/// database (before this version) moves to its file and leaves the table,
/// so a database dump carries no key. Several processes may start at once:
/// the file is created exclusively and whoever loses the race reads it.
public struct KeyDirectory: SecretKeys {
    public let directory: URL
    let settings: any SettingsStore

    public init(directory: URL, settings: any SettingsStore) {
        self.directory = directory; self.settings = settings
    }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String), empty(String)
        public var description: String {
            switch self {
            case .unreadable(let path): "cannot read or create the key file \(path)"
            case .empty(let path): "the key file \(path) is empty"
            }
        }
    }

    public func key(named name: String) async throws -> String {
        let file = directory.appendingPathComponent(name + ".key")
        if let existing = try Self.read(file) { return existing }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        // The database's key, when an older version put one there, else a new one.
        let value = try await settings.existingSetting(name) ?? SecureRandom.token(bytes: 32)
        let kept = try Self.createExclusively(file, value) ?? Self.read(file)
        guard let kept else { throw Failure.unreadable(file.path) }
        if kept == value { try await settings.removeSetting(name) }
        return kept
    }

    static func read(_ file: URL) throws -> String? {
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        let text = try String(contentsOf: file, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { throw Failure.empty(file.path) }
        return text
    }

    /// Writes `value` to a file that must not exist yet; nil when it did.
    /// The key is written and synced under a private name first, then linked
    /// into place: a process starting at the same moment sees either no file
    /// or the whole key, never an empty file.
    static func createExclusively(_ file: URL, _ value: String) throws -> String? {
        let draft = file.path + ".draft-" + SecureRandom.token(bytes: 9)
        let fd = open(draft, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { throw Failure.unreadable(draft) }
        defer { unlink(draft) }
        let bytes = Array((value + "\n").utf8)
        let written = bytes.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) == bytes.count && fsync(fd) == 0
        close(fd)
        guard written else { throw Failure.unreadable(draft) }
        if link(draft, file.path) == 0 { return value }
        if errno == EEXIST { return nil }
        throw Failure.unreadable(file.path)
    }
}
