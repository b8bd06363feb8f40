import ArgumentParser
import Attributes
import Bridge
import Foundation
import Yams

/// metadata/profiles.yml (attribute profiles defined on top of the built-in
/// ones) and metadata/portals.yml (each establishment's ENT, for the
/// discovery portal).
extension ServerOptions {
    var profilesFile: URL { URL(fileURLWithPath: metadataDir).appendingPathComponent("profiles.yml") }
    var portalsFile: URL { URL(fileURLWithPath: metadataDir).appendingPathComponent("portals.yml") }

    func profileCatalog() throws -> ProfileCatalog {
        guard let data = FileManager.default.contents(atPath: profilesFile.path) else { return .builtIn }
        do {
            let file = try YAMLDecoder().decode(ProfilesFile.self, from: data)
            return try ProfileCatalog(definitions: file.profiles)
        } catch let error as ProfileCatalogError {
            throw ValidationError("\(profilesFile.path) : " + error.problems.joined(separator: " ; "))
        } catch {
            throw ValidationError("\(profilesFile.path) : fichier illisible (\(error))")
        }
    }

    func portalDirectory() throws -> PortalDirectory {
        guard let data = FileManager.default.contents(atPath: portalsFile.path) else { return PortalDirectory() }
        let file: PortalsFile
        do { file = try YAMLDecoder().decode(PortalsFile.self, from: data) } catch {
            throw ValidationError("\(portalsFile.path) : fichier illisible (\(error))")
        }
        for entry in file.establishments where !entry.problems.isEmpty {
            throw ValidationError("\(portalsFile.path), \(entry.uai) : " + entry.problems.joined(separator: " ; "))
        }
        return PortalDirectory(file.establishments)
    }
}

struct ProfilesFile: Codable { var profiles: [String: ProfileDefinition] }
struct PortalsFile: Codable { var establishments: [PortalEntry] }
