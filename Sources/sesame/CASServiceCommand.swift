import ArgumentParser
import CAS
import Foundation
import Primitives

struct CASServiceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cas-service", abstract: "Register the CAS clients allowed to ask for tickets (metadata/services.yml).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a CAS service.")
        @OptionGroup var options: ServerOptions
        @Option(help: "Stable identifier, e.g. ent-college.") var id: String
        @Option(help: "Name shown to people and staff.") var name: String
        @Option(help: "Exact service URL.") var exact: String?
        @Option(help: "URL prefix, ending at a path boundary.") var prefix: String?
        @Option(help: "Anchored regular expression (^…$).") var pattern: String?
        @Option(help: "Attribute profile: cas-ent, educonnect or aten.") var profile = "cas-ent"
        @Option(name: .customLong("establishment"), help: "UAI served (repeat for several).") var establishments: [String] = []
        @Option(name: .customLong("proxy-callback"), help: "Allowed pgtUrl prefix (repeat for several).") var proxyCallbacks: [String] = []
        @Option(name: .customLong("logout-url"), help: "Where back-channel logout requests are sent.") var logoutURL: String?
        @Flag(name: .customLong("single-logout"), help: "Send back-channel logout requests to this service.") var singleLogout = false

        func run() throws {
            let rules = [exact.map(MatchRule.exact), prefix.map(MatchRule.prefix)].compactMap { $0 }
            var match: MatchRule
            if let pattern {
                guard rules.isEmpty else { throw ValidationError("Give one of --exact, --prefix or --pattern.") }
                do { match = .pattern(try ServicePattern(pattern)) } catch { throw ValidationError("Invalid --pattern: \(error)") }
            } else {
                guard rules.count == 1 else { throw ValidationError("Give one of --exact, --prefix or --pattern.") }
                match = rules[0]
            }
            let service = RegisteredService(id: id, name: name, match: match, profile: profile, establishments: establishments,
                                            proxyCallbacks: proxyCallbacks.map(MatchRule.prefix), logoutURL: logoutURL,
                                            singleLogout: singleLogout)
            do { try save(try current(options).adding(service), options) } catch let error as ServiceRegistryError { throw error.asValidation }
            print("Service CAS « \(name) » (\(id)) enregistré dans \(options.servicesFile.path).")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered CAS services.")
        @OptionGroup var options: ServerOptions

        func run() throws {
            for s in try current(options).services {
                print([s.id, s.match.kindName, s.match.text, s.profile, s.establishments.joined(separator: ","), s.name].joined(separator: "\t"))
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a registered CAS service.")
        @OptionGroup var options: ServerOptions
        @Argument var id: String

        func run() throws {
            let registry = try current(options)
            guard registry.service(withID: id) != nil else { throw ValidationError("No CAS service \(id).") }
            do { try save(try registry.removing(id: id), options) } catch let error as ServiceRegistryError { throw error.asValidation }
            print("Service CAS \(id) retiré.")
        }
    }
}

private func current(_ options: ServerOptions) throws -> ServiceRegistry {
    guard let data = FileManager.default.contents(atPath: options.servicesFile.path) else { return .empty }
    do { return try ServiceRegistry.load(yaml: String(decoding: data, as: UTF8.self)) } catch { throw error.asValidation }
}

/// Written to a temporary file then renamed: a crash never leaves half a file.
private func save(_ registry: ServiceRegistry, _ options: ServerOptions) throws {
    try FileManager.default.createDirectory(atPath: options.metadataDir, withIntermediateDirectories: true)
    try registry.yaml().write(to: options.servicesFile, atomically: true, encoding: .utf8)
}

extension ServiceRegistryError {
    /// Lets `try` in a ParsableCommand report registry problems in French.
    var asValidation: ValidationError { ValidationError(issues.map(\.frenchMessage).joined(separator: "\n")) }
}
