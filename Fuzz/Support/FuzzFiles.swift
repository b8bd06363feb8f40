import Foundation

/// Files the fuzzers read (the demo key of certs/) and write (uploads go
/// through a file, as the console writes them before parsing).
public enum FuzzFiles {
    /// The repository's root, from this file's place in it.
    public static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    public static func certificate(_ name: String) -> String {
        try! String(contentsOf: repository.appendingPathComponent("certs/" + name), encoding: .utf8)
    }

    /// One scratch file per process, in memory when /dev/shm exists.
    public static func scratch(named name: String) -> URL {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let folder = URL(fileURLWithPath: base).appendingPathComponent("sesame-fuzz-\(getpid())")
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name)
    }
}
