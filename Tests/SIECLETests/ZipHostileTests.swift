import Foundation
import Testing
@testable import SIECLE

/// Archives built to make the zip reader misbehave. Each is refused with a
/// typed error, at once, and names the archive.
@Suite struct ZipHostileTests {
    /// Threat (found by the SIECLEZip fuzzer): an entry whose DEFLATE stream
    /// does not end before its compressed bytes do. The former inflater read
    /// on past them and spun forever at end of file, holding an import.
    @Test func aDeflateStreamRunningPastTheArchiveIsRefused() {
        let error = siecleError { _ = try SIECLEParser.parseFiles([Fixtures.url("truncated_deflate.zip")]) }
        guard case .corruptZip(file: "truncated_deflate.zip", _) = error else {
            Issue.record("got \(String(describing: error))")
            return
        }
    }

    /// Threat: a password-protected archive is read as garbage, or hangs; the
    /// secretary is told to drop the password instead.
    @Test func aPasswordProtectedArchiveIsRefusedWithItsOwnMessage() throws {
        let zip = try InfoZip.archive(["-P", "secret"], named: "protege.zip")
        let error = siecleError { _ = try SIECLEFile.detect(zip) }
        #expect(error == .encryptedZip(file: "protege.zip", entry: "ElevesSansAdresses.xml"))
        #expect(error?.frenchMessage.contains("mot de passe") == true)
    }

    /// Threat: a compression Sesame does not read (bzip2 here) must not be fed to the inflater.
    @Test func anUnsupportedCompressionIsRefusedBeforeInflating() throws {
        let zip = try InfoZip.archive(["-Z", "bzip2"], named: "bzip2.zip")
        #expect(siecleError { _ = try SIECLEFile.detect(zip) }
            == .unsupportedZip(file: "bzip2.zip", entry: "ElevesSansAdresses.xml", method: 12))
    }

    /// Zip64 records (Info-ZIP's -fz) are read like classic ones.
    @Test func aZip64ArchiveReadsLikeAClassicOne() throws {
        let zip = try InfoZip.archive(["-fz"], named: "zip64.zip")
        let zipped = try SIECLEParser.parseFiles([zip])
        #expect(zipped.pupils == (try SIECLEParser.readPupils(at: Fixtures.url("ElevesSansAdresses.xml"))))
    }

    /// Threat: a directory entry whose size reaches into the central directory
    /// would make the reader take directory bytes as data.
    @Test func anEntryRunningIntoTheDirectoryIsRefused() throws {
        var bytes = try [UInt8](Data(contentsOf: Fixtures.url("export.zip")))
        let directory = try #require(Self.find([0x50, 0x4B, 0x01, 0x02], in: bytes))
        bytes.replaceSubrange(directory + 20..<directory + 24, with: [0x00, 0x00, 0x10, 0x00])  // 1 MiB compressed
        let url = try InfoZip.write(bytes, named: "overlap.zip")
        guard case .corruptZip(file: "overlap.zip", detail: let detail) = siecleError({ _ = try SIECLEFile.detect(url) }) else {
            Issue.record("not refused as corrupt")
            return
        }
        #expect(detail.contains("central directory"))
    }

    /// Threat: an end record claiming a directory larger than the file makes the reader allocate it.
    @Test func aDirectoryLargerThanTheArchiveIsRefused() throws {
        var bytes = try [UInt8](Data(contentsOf: Fixtures.url("export.zip")))
        let end = try #require(Self.find([0x50, 0x4B, 0x05, 0x06], in: bytes))
        bytes.replaceSubrange(end + 12..<end + 16, with: [0xFF, 0xFF, 0xFF, 0x7F])
        let url = try InfoZip.write(bytes, named: "huge-directory.zip")
        #expect(siecleError { _ = try SIECLEFile.detect(url) }
            == .corruptZip(file: "huge-directory.zip", detail: "central directory outside the archive"))
    }

    /// Windows' built-in zip writes names in code page 437, without the UTF-8 flag.
    @Test func namesWithoutTheUTF8FlagAreReadAsCodePage437() {
        #expect(ZipName.decode([0x82, 0x6C, 0x8A, 0x76, 0x65, 0x73, 0x2E, 0x78, 0x6D, 0x6C][...], utf8Flag: false) == "élèves.xml")
        #expect(ZipName.decode(Array("élèves.xml".utf8)[...], utf8Flag: true) == "élèves.xml")
        #expect(ZipName.decode(Array("élèves.xml".utf8)[...], utf8Flag: false) == "élèves.xml")
    }

    private static func find(_ signature: [UInt8], in bytes: [UInt8]) -> Int? {
        guard bytes.count >= signature.count else { return nil }
        return (0...(bytes.count - signature.count)).first { bytes[$0..<$0 + signature.count].elementsEqual(signature) }
    }
}

/// Archives written by Info-ZIP's `zip`, an implementation nobody here wrote.
enum InfoZip {
    static func archive(_ options: [String], named name: String) throws -> URL {
        let folder = try folder()
        try FileManager.default.copyItem(at: Fixtures.url("ElevesSansAdresses.xml"),
                                         to: folder.appendingPathComponent("ElevesSansAdresses.xml"))
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.currentDirectoryURL = folder
        zip.arguments = ["zip", "-q"] + options + [name, "ElevesSansAdresses.xml"]
        try zip.run()
        zip.waitUntilExit()
        #expect(zip.terminationStatus == 0)
        return folder.appendingPathComponent(name)
    }

    static func write(_ bytes: [UInt8], named name: String) throws -> URL {
        let url = try folder().appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url
    }

    private static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("siecle-zip-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}
