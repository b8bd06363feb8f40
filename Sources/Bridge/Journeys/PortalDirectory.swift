import Foundation
import Primitives

/// Where the discovery portal sends people from one establishment: its ENT
/// for pupils and guardians, and optionally another entry for staff.
public struct PortalEntry: Sendable, Codable, Equatable {
    public var uai: String
    public var url: String
    public var staffURL: String?
    /// The ENT's name as people know it ("ENT Mon collège connecté").
    public var name: String?

    public init(uai: String, url: String, staffURL: String? = nil, name: String? = nil) {
        self.uai = uai; self.url = url; self.staffURL = staffURL; self.name = name
    }

    /// Problems an administrator must fix, in French. Only these URLs are
    /// ever redirected to: absolute http(s) addresses or local paths.
    public var problems: [String] {
        var list: [String] = []
        for (label, value) in [("url", url), ("staffURL", staffURL)] {
            guard let value else { continue }
            if !Self.isAcceptable(value) { list.append("\(label) doit être une adresse http(s) complète ou un chemin local (« \(value) »)") }
        }
        return list
    }

    static func isAcceptable(_ url: String) -> Bool {
        guard url.utf8.count <= 1024, !url.unicodeScalars.contains(where: { $0.value < 0x21 || $0 == "\\" }) else { return false }
        if url.hasPrefix("/") { return !url.hasPrefix("//") }
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme),
              let host = parsed.host, !host.isEmpty else { return false }
        return true
    }
}

/// The establishments the portal knows, by UAI (metadata/portals.yml).
public struct PortalDirectory: Sendable {
    public private(set) var entries: [String: PortalEntry]

    public init(_ entries: [PortalEntry] = []) {
        self.entries = Dictionary(entries.map { ($0.uai, $0) }, uniquingKeysWith: { _, last in last })
    }

    public subscript(uai: String) -> PortalEntry? { entries[uai] }

    /// Configured entries win over the built-in demo ones.
    public func adding(missing more: [PortalEntry]) -> PortalDirectory {
        var copy = self
        for entry in more where copy.entries[entry.uai] == nil { copy.entries[entry.uai] = entry }
        return copy
    }
}
