import ArgumentParser
import Bridge
import Foundation
import SAML
import XMLDSig
import Yams

/// The identity provider's signing key lives in the data directory, never
/// in the repository: it is made on first start (or by `sesame keys
/// generate`) and kept private to the service's user.
enum SigningKeys {
    static func directory(_ options: ServerOptions) -> URL { URL(fileURLWithPath: options.dataDir).appendingPathComponent("keys") }
    static let keyFile = "saml-signing-key.pem", certificateFile = "saml-signing-cert.pem"
    /// Published in metadata ahead of a rollover.
    static let nextCertificateFile = "saml-signing-next-cert.pem"

    /// Loads the key pair, creating it first if there is none.
    static func load(_ options: ServerOptions) throws -> (PrivateKey, Certificate, Certificate?) {
        let dir = directory(options)
        let keyURL = dir.appendingPathComponent(keyFile), certURL = dir.appendingPathComponent(certificateFile)
        if !FileManager.default.fileExists(atPath: keyURL.path) {
            try generate(into: dir, key: keyFile, certificate: certificateFile, commonName: options.publicURL)
        }
        let key = try PrivateKey(pem: try String(contentsOf: keyURL, encoding: .utf8))
        let certificate = try Certificate(pem: try String(contentsOf: certURL, encoding: .utf8))
        let nextURL = dir.appendingPathComponent(nextCertificateFile)
        let next = FileManager.default.fileExists(atPath: nextURL.path) ? try Certificate(pem: try String(contentsOf: nextURL, encoding: .utf8)) : nil
        return (key, certificate, next)
    }

    static func generate(into dir: URL, key: String, certificate: String, commonName: String) throws {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let made = try CertificateGenerator.generate(commonName: String(commonName.prefix(64)), validityYears: 10)
        let keyURL = dir.appendingPathComponent(key)
        try Data(made.privateKeyPEM.utf8).write(to: keyURL, options: .atomic)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: keyURL.path)
        try Data(made.certificatePEM.utf8).write(to: dir.appendingPathComponent(certificate), options: .atomic)
    }
}

extension ServerOptions {
    /// The IdP and every service provider whose metadata is in the metadata directory.
    func samlSettings() throws -> SAMLSettings {
        let (key, certificate, next) = try SigningKeys.load(self)
        let idp = try IdentityProvider(configuration: IdPConfiguration(
            baseURL: publicURL, signingKey: key, signingCertificate: certificate, nextSigningCertificate: next))
        var providers: [String: SPMetadata] = [:]
        let files = (try? FileManager.default.contentsOfDirectory(atPath: metadataDir)) ?? []
        for file in files.sorted() where file.hasSuffix(".xml") {
            let path = URL(fileURLWithPath: metadataDir).appendingPathComponent(file).path
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            do {
                for sp in try SPMetadata.parseAll(Array(data)) { providers[sp.entityID] = sp }
            } catch {
                throw ValidationError("\(path) : métadonnées SAML illisibles (\(error.userMessage))")
            }
        }
        return SAMLSettings(identityProvider: idp, serviceProviders: providers, options: try serviceProviderOptions())
    }

    var samlOptionsFile: URL { URL(fileURLWithPath: metadataDir).appendingPathComponent("saml.yml") }

    /// metadata/saml.yml: `serviceProviders: { ENTITYID: { profile: …, … } }`.
    func serviceProviderOptions() throws -> [String: ServiceProviderOptions] {
        guard let data = FileManager.default.contents(atPath: samlOptionsFile.path) else { return [:] }
        let file: SAMLOptionsFile
        do { file = try YAMLDecoder().decode(SAMLOptionsFile.self, from: data) } catch {
            throw ValidationError("\(samlOptionsFile.path) : fichier illisible (\(error))")
        }
        let known = try profileCatalog().names
        for (entityID, options) in file.serviceProviders where !options.problems(knownProfiles: known).isEmpty {
            throw ValidationError("\(samlOptionsFile.path), \(entityID) : " + options.problems(knownProfiles: known).joined(separator: " ; "))
        }
        return file.serviceProviders
    }

    func saveServiceProviderOptions(_ options: [String: ServiceProviderOptions]) throws {
        try FileManager.default.createDirectory(atPath: metadataDir, withIntermediateDirectories: true)
        let text = "# Per-SP choices for the SAML identity provider (see README).\n" + (try YAMLEncoder().encode(SAMLOptionsFile(serviceProviders: options)))
        try text.write(to: samlOptionsFile, atomically: true, encoding: .utf8)
    }
}

struct SAMLOptionsFile: Codable {
    var serviceProviders: [String: ServiceProviderOptions]
}

struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "keys", abstract: "Manage the SAML signing keys kept in the data directory.",
                                                    subcommands: [Generate.self, Promote.self])

    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the signing key and certificate, or with --next the next ones to publish before a rollover.")
        @OptionGroup var options: ServerOptions
        @Flag(help: "Create the next key pair (published in metadata as the next signing certificate).") var next = false
        @Flag(help: "Replace an existing key pair.") var force = false

        func run() throws {
            let dir = SigningKeys.directory(options)
            let key = next ? "saml-signing-next-key.pem" : SigningKeys.keyFile
            let certificate = next ? SigningKeys.nextCertificateFile : SigningKeys.certificateFile
            if FileManager.default.fileExists(atPath: dir.appendingPathComponent(key).path) && !force {
                throw ValidationError("\(dir.appendingPathComponent(key).path) existe déjà (--force pour la remplacer).")
            }
            try SigningKeys.generate(into: dir, key: key, certificate: certificate, commonName: options.publicURL)
            print("Clé et certificat écrits dans \(dir.path) : \(key), \(certificate).")
        }
    }

    /// The second half of a rollover: the next pair, published long enough,
    /// becomes the signing pair; the old one is kept aside, never deleted.
    struct Promote: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the next key pair (from `keys generate --next`) the signing one; the old pair is kept as saml-signing-previous-*.pem.")
        @OptionGroup var options: ServerOptions

        func run() throws {
            let dir = SigningKeys.directory(options), fm = FileManager.default
            func path(_ name: String) -> String { dir.appendingPathComponent(name).path }
            let nextKey = "saml-signing-next-key.pem"
            guard fm.fileExists(atPath: path(nextKey)), fm.fileExists(atPath: path(SigningKeys.nextCertificateFile)) else {
                throw ValidationError("Aucune clé suivante dans \(dir.path) : lancez d'abord `sesame keys generate --next`, publiez-la, puis recommencez.")
            }
            for (current, previous) in [(SigningKeys.keyFile, "saml-signing-previous-key.pem"), (SigningKeys.certificateFile, "saml-signing-previous-cert.pem")]
            where fm.fileExists(atPath: path(current)) {
                try? fm.removeItem(atPath: path(previous))
                try fm.moveItem(atPath: path(current), toPath: path(previous))
            }
            try fm.moveItem(atPath: path(nextKey), toPath: path(SigningKeys.keyFile))
            try fm.moveItem(atPath: path(SigningKeys.nextCertificateFile), toPath: path(SigningKeys.certificateFile))
            print("La clé suivante signe désormais (l'ancienne est gardée en saml-signing-previous-*.pem). Copiez \(dir.path) sur chaque instance et redémarrez-les.")
        }
    }
}
