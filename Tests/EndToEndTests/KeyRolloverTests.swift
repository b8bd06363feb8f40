import Foundation
import SesameTestSupport
import Testing

/// A rollover with no service broken: the next certificate is published
/// beside the current one, then `keys promote` makes it the signing one.
@Suite struct KeyRolloverTests {
    func certificates(_ server: SesameProcess) async throws -> [String] {
        let metadata = try await Browser().get(server.baseURL + "/saml/metadata").body
        return metadata.components(separatedBy: "<ds:X509Certificate>").dropFirst().compactMap { $0.components(separatedBy: "<").first }
    }

    @Test func theNextKeyIsPublishedThenPromoted() async throws {
        let directory = try SesameProcess.temporaryDirectory()
        #expect(try SesameProcess.run(["keys", "promote"], in: directory).output.contains("Aucune clé suivante"), "nothing to promote yet")
        #expect(try SesameProcess.run(["keys", "generate"], in: directory).status == 0)
        let before = try await SesameProcess.serve([], in: directory)
        let current = try await certificates(before)
        before.stop()
        #expect(try SesameProcess.run(["keys", "generate", "--next"], in: directory).status == 0)
        let publishing = try await SesameProcess.serve([], in: directory)
        let both = Set(try await certificates(publishing))
        publishing.stop()
        #expect(both.count == 2 && both.isSuperset(of: Set(current)), "the next certificate is published beside the current one")
        let promoted = try SesameProcess.run(["keys", "promote"], in: directory)
        #expect(promoted.status == 0, "\(promoted.output)")
        let after = try await SesameProcess.serve([], in: directory)
        defer { after.stop() }
        let signing = Set(try await certificates(after))
        #expect(signing.count == 1 && signing.isSubset(of: both) && !signing.isSubset(of: Set(current)), "the next key signs now")
        #expect(FileManager.default.fileExists(atPath: directory.appendingPathComponent("data/keys/saml-signing-previous-key.pem").path))
    }
}
