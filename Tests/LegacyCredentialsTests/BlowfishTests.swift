import Foundation
import Testing
@testable import LegacyCredentials

@Suite struct BlowfishTests {
    /// Eric Young's published Blowfish test vectors (key, plaintext, ciphertext).
    @Test(arguments: [
        ("0000000000000000", "0000000000000000", "4EF997456198DD78"),
        ("FFFFFFFFFFFFFFFF", "FFFFFFFFFFFFFFFF", "51866FD5B85ECB8A"),
        ("0123456789ABCDEF", "1111111111111111", "61F9C3802281B096"),
        ("FEDCBA9876543210", "0123456789ABCDEF", "0ACEAB0FC6A0A28D"),
    ])
    func knownAnswers(key: String, plain: String, cipher: String) {
        let cipherState = Blowfish(key: hexBytes(key))
        let block = hexBytes(plain)
        let (l, r) = cipherState.encrypt(word(block, 0), word(block, 4))
        #expect(String(format: "%08X%08X", l, r) == cipher)
    }

    @Test func tablesMatchTheGeneratorScript() throws {
        // Regenerate from pi and compare byte for byte with the committed file.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("scripts/generate_blowfish_constants.py").path
        let generated = try ExternalTools.run(ExternalTools.python, [script], stdin: Data())
        let committed = try Data(contentsOf: root.appendingPathComponent("Sources/LegacyCredentials/Hashing/BlowfishConstants.swift"))
        #expect(generated == committed)
        #expect(blowfishInitialP.count == 18 && blowfishInitialS.count == 1024)
    }

    private func hexBytes(_ hex: String) -> [UInt8] {
        stride(from: 0, to: hex.count, by: 2).map {
            let start = hex.index(hex.startIndex, offsetBy: $0)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
    }

    private func word(_ bytes: [UInt8], _ offset: Int) -> UInt32 {
        bytes[offset..<offset + 4].reduce(0) { $0 << 8 | UInt32($1) }
    }
}
