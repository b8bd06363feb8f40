import Foundation
import Testing
@testable import SAML

@Suite struct DeflateTests {
    // Produced once by Python's zlib (compressobj with wbits=-15).
    @Test func inflatesStoredBlock() throws {
        let out = try Inflate.inflate("011900e6ff48656c6c6f2c2053414d4c2073746f72656420626c6f636b21".hexBytes())
        #expect(String(decoding: out, as: UTF8.self) == "Hello, SAML stored block!")
    }

    @Test func inflatesFixedBlock() throws {
        let out = try Inflate.inflate("4b4c4a4e8421858cd49c9c7c080900".hexBytes())
        #expect(String(decoding: out, as: UTF8.self) == "abcabcabcabc hello hello")
    }

    @Test func inflatesDynamicBlock() throws {
        let hex = "edcc410a83301000c0af847d40118f8b11025e84f6d2825709123090ecda6c023ebfd267c89e0766109fd381aed59ddee1db825473e644827fb0d00a217b8982e47310ac1b7edceb89fda3c3a370e58d139879b2b09e609650243259b818c64173cd35d75c73cdef9bff00"
        let out = try Inflate.inflate(hex.hexBytes())
        let unit = "<samlp:AuthnRequest xmlns:samlp=\"urn:oasis:names:tc:SAML:2.0:protocol\" ID=\"_x\" Version=\"2.0\">"
        #expect(String(decoding: out, as: UTF8.self) == String(repeating: unit, count: 20))
    }

    @Test func refusesZlibBomb() {
        // zlib level 9 of 1 MiB of zeros: 1033 bytes.
        let bomb = "edc13101000000c2a0f54f6d085fa0".hexBytes() + [UInt8](repeating: 0, count: 1016) + [0x3e, 0x03]
        #expect(throws: InflateError.outputLimitExceeded(limit: 256 * 1024)) { try Inflate.inflate(bomb) }
        #expect(throws: Never.self) { try Inflate.inflate(bomb, outputLimit: 1 << 20) }
        #expect((try? Inflate.inflate(bomb, outputLimit: 1 << 20))?.count == 1 << 20)
    }

    @Test func refusesGarbage() {
        #expect(throws: InflateError.truncated) { try Inflate.inflate([]) }
        #expect(throws: InflateError.invalidBlockType) { try Inflate.inflate([0x07]) }
        #expect(throws: InflateError.invalidStoredLength) { try Inflate.inflate([0x01, 0x05, 0x00, 0x00, 0x00]) }
        #expect(throws: InflateError.truncated) { try Inflate.inflate("4b4c4a4e8421".hexBytes()) }
        // A fixed block whose first symbol is a distance reaching before the start.
        var w = BitWriter(); w.write(1, count: 1); w.write(1, count: 2); w.writeLength(3); w.writeDistance(1)
        #expect(throws: InflateError.distanceTooFar) { try Inflate.inflate(w.finish()) }
    }

    @Test(arguments: [0, 1, 2, 3, 100, 5000, 70000])
    func roundTrips(size: Int) throws {
        var rng = SystemRandomNumberGenerator()
        let words = ["<saml:Attribute ", "Name=\"urn:oid:2.5.4.42\" ", "x", "é", "\u{1F600}", "\n", "value"]
        var text = ""
        while text.utf8.count < size { text += words.randomElement(using: &rng)! }
        let input = Array(text.utf8.prefix(size))
        #expect(try Inflate.inflate(Deflate.deflate(input), outputLimit: 1 << 20) == input)
        let random = (0..<size).map { _ in UInt8.random(in: 0...255, using: &rng) }
        #expect(try Inflate.inflate(Deflate.deflate(random), outputLimit: 1 << 20) == random)
    }

    @Test func compressesSAMLMessages() {
        let xml = Array(Fixture.authnRequestXML().utf8)
        #expect(Deflate.deflate(xml).count < xml.count * 2 / 3)
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        #expect(Deflate.deflate(zeros).count < 8000)
    }
}
