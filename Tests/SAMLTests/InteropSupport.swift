import Foundation
import Testing
@testable import SAML
import XMLDSig

/// Runs the Python peers in `$SESAME_TEST_VENV/bin/python`. Without it, or
/// without pysaml2 / python3-saml in it, the interop tests FAIL (never skip).
enum Python {
    struct Failure: Error, CustomStringConvertible { let description: String }

    static let interopDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Interop")

    static func executable() throws -> String {
        guard let venv = ProcessInfo.processInfo.environment["SESAME_TEST_VENV"], !venv.isEmpty else {
            throw Failure(description: "SESAME_TEST_VENV is not set: create a venv with `pip install -r Tests/requirements.txt` "
                + "(pysaml2, python3-saml) and export SESAME_TEST_VENV=<venv dir>")
        }
        let python = venv + "/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw Failure(description: "\(python) does not exist: SESAME_TEST_VENV must point at a Python virtual environment")
        }
        return python
    }

    /// Fails unless `module` imports in the venv.
    static func require(_ module: String) throws {
        let (status, _, err) = try run([try executable(), "-c", "import \(module)"])
        guard status == 0 else {
            throw Failure(description: "Python module \(module) is missing from SESAME_TEST_VENV: \(err)")
        }
    }

    static func run(_ arguments: [String]) throws -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain stderr on another thread while reading stdout, so a chatty
        // child cannot block on a full pipe.
        nonisolated(unsafe) var errOutput = Data()
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) { errOutput = err.fileHandleForReading.readDataToEndOfFile() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errOutput, as: UTF8.self))
    }

    /// Runs an Interop/ script and decodes its JSON output.
    static func script(_ name: String, _ arguments: [String]) throws -> [String: Any] {
        let path = interopDirectory.appendingPathComponent(name).path
        let (status, out, err) = try run([try executable(), path] + arguments)
        guard status == 0 else { throw Failure(description: "\(name) \(arguments.dropFirst().joined(separator: " ")) failed (\(status)):\n\(err)") }
        guard let object = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any] else {
            throw Failure(description: "\(name) printed no JSON object: \(out)")
        }
        return object
    }
}

/// A temporary directory with the SP's key and our IdP metadata in it.
struct InteropWorkspace {
    let directory: URL
    let idp: IdentityProvider

    init(idp: IdentityProvider = InteropWorkspace.liveIdP()) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("saml-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        self.idp = idp
        try write("sp.key", Keys.sp.keyPEM)
        try write("sp.crt", Keys.sp.certificatePEM)
        try write("idp.xml", try idp.metadataXML())
        let json: [String: String] = ["entityID": idp.entityID, "sso": idp.configuration.singleSignOnURL,
                                      "cert": idp.configuration.signingCertificate.base64DER]
        try write("idp.json", String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self))
    }

    /// Real clock: pysaml2 and python3-saml check times against theirs.
    static func liveIdP() -> IdentityProvider { Fixture.idp() }

    func write(_ name: String, _ text: String) throws {
        try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    func pysaml2(_ command: String, _ arguments: String...) throws -> [String: Any] {
        try Python.script("pysaml2_sp.py", [directory.path, command] + arguments)
    }

    /// The SP as pysaml2 describes it in its own metadata, parsed by us.
    func spMetadata(signed: Bool = false, encrypted: Bool = false) throws -> SPMetadata {
        var args = ["metadata"]
        if signed { args.append("signed") }
        if encrypted { args.append("encrypted") }
        let out = try Python.script("pysaml2_sp.py", [directory.path] + args)
        return try SPMetadata.parse(out["xml"] as! String)
    }

    func cleanUp() { try? FileManager.default.removeItem(at: directory) }
}

/// Eight attributes, one value with every XML special character.
let interopAttributes: [SAMLAttribute] = [
    SAMLAttribute(name: "urn:oid:0.9.2342.19200300.100.1.1", friendlyName: "uid", values: ["jdupont"]),
    SAMLAttribute(name: "urn:oid:2.5.4.42", friendlyName: "givenName", values: ["Jeanne"]),
    SAMLAttribute(name: "urn:oid:2.5.4.4", friendlyName: "sn", values: ["Dupont & <Fils> \"l'aîné\""]),
    SAMLAttribute(name: "urn:oid:0.9.2342.19200300.100.1.3", friendlyName: "mail", values: ["jeanne.dupont@ac-exemple.fr"]),
    SAMLAttribute(name: "urn:oid:1.3.6.1.4.1.5923.1.1.1.1", friendlyName: "eduPersonAffiliation", values: ["member", "staff"]),
    SAMLAttribute(name: "urn:oid:2.16.840.1.113730.3.1.241", friendlyName: "displayName", values: ["Jeanne Dupont"]),
    SAMLAttribute(name: "FrEduRne", nameFormat: AttributeNameFormat.basic, values: ["0751234A$UAJ$PU$N$T3$LYC$340"]),
    SAMLAttribute(name: "ENTPersonProfils", nameFormat: AttributeNameFormat.basic, values: ["National_ENS"]),
]
