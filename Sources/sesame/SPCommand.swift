import ArgumentParser
import Bridge
import Foundation
import SAML
import Primitives

struct SPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sp", abstract: "Register the SAML service providers (metadata/*.xml and metadata/saml.yml).",
        subcommands: [Add.self, List.self, Remove.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Register a service provider from its metadata file.")
        @OptionGroup var options: ServerOptions
        @Argument(help: "The SP's SAML metadata (XML).") var file: String
        @Option(help: "Attribute profile: educonnect, aten, cas-ent or one of metadata/profiles.yml.") var profile = "educonnect"
        @Flag(help: "Send transient NameIDs instead of pairwise persistent ones.") var transient = false
        @Flag(name: .customLong("sign-response"), help: "Also sign the Response.") var signResponse = false
        @Flag(help: "Encrypt the assertion for the SP's encryption certificate.") var encrypt = false
        @Option(name: .customLong("establishment"), help: "UAI served (repeat for several).") var establishments: [String] = []

        func run() throws {
            guard let data = FileManager.default.contents(atPath: file) else { throw ValidationError("Cannot read \(file).") }
            let parsed: [SPMetadata]
            do { parsed = try SPMetadata.parseAll(Array(data)) } catch { throw ValidationError("Métadonnées illisibles : \(error.userMessage)") }
            guard parsed.count == 1, let sp = parsed.first else { throw ValidationError("The file must describe exactly one service provider.") }
            let choices = ServiceProviderOptions(profile: profile, nameIDFormat: transient ? "transient" : "persistent",
                                                 signResponse: signResponse, encryptAssertion: encrypt, establishments: establishments)
            let problems = choices.problems(knownProfiles: try options.profileCatalog().names)
            guard problems.isEmpty else { throw ValidationError(problems.joined(separator: "\n")) }
            if encrypt && sp.encryptionCertificates.isEmpty { throw ValidationError("--encrypt: the metadata has no encryption certificate.") }
            var all = try options.serviceProviderOptions()
            all[sp.entityID] = choices
            try FileManager.default.createDirectory(atPath: options.metadataDir, withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: options.metadataDir).appendingPathComponent(Self.fileName(for: sp.entityID)), options: .atomic)
            try options.saveServiceProviderOptions(all)
            print("Fournisseur de service \(sp.entityID) enregistré.")
        }

        /// A readable, safe file name for an entity ID.
        static func fileName(for entityID: String) -> String {
            let slug = entityID.replacingOccurrences(of: "https://", with: "").replacingOccurrences(of: "http://", with: "")
                .map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" }
            return "sp-" + String(String(slug).prefix(80)) + ".xml"
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List registered service providers.")
        @OptionGroup var options: ServerOptions

        func run() throws {
            let settings = try options.samlSettings()
            for (entityID, sp) in settings.serviceProviders.sorted(by: { $0.key < $1.key }) {
                let o = settings.options[entityID] ?? ServiceProviderOptions()
                print([entityID, sp.postAssertionConsumerServices.first?.location ?? "-", o.profile, o.nameIDFormat,
                       o.encryptAssertion ? "chiffré" : "-", o.establishments.joined(separator: ",")].joined(separator: "\t"))
            }
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a registered service provider.")
        @OptionGroup var options: ServerOptions
        @Argument var entityID: String

        func run() throws {
            let path = URL(fileURLWithPath: options.metadataDir).appendingPathComponent(Add.fileName(for: entityID))
            guard FileManager.default.fileExists(atPath: path.path) else {
                throw ValidationError("No metadata file \(path.lastPathComponent) for \(entityID) (files added by hand must be removed by hand).")
            }
            try FileManager.default.removeItem(at: path)
            var all = try options.serviceProviderOptions()
            all[entityID] = nil
            try options.saveServiceProviderOptions(all)
            print("Fournisseur de service \(entityID) retiré.")
        }
    }
}
