import Foundation
import Testing
@testable import SIECLE

@Suite struct PrologSnifferTests {
    func verdicts(_ bytes: [UInt8], chunk: Int) -> [PrologSniffer.Verdict] {
        var sniffer = PrologSniffer()
        var result: [PrologSniffer.Verdict] = []
        var i = 0
        while i < bytes.count, !sniffer.done {
            let end = min(bytes.count, i + chunk)
            result.append(bytes[i..<end].withUnsafeBytes { sniffer.feed($0) })
            i = end
        }
        return result
    }

    @Test func doctypeSplitAcrossChunks() {
        let text = Array("<?xml version=\"1.0\"?>\n<!-- <!DOCTYPE in a comment -->\n<!DOCTYPE x [<!ENTITY a \"b\">]><x/>".utf8)
        for chunk in [1, 2, 3, 7, 4000] {
            let result = verdicts(text, chunk: chunk)
            #expect(result.last == .doctype)
            #expect(result.dropLast().allSatisfy { $0 == .needMore })
        }
    }

    @Test func rootWithoutDoctype() {
        let text = Array("\u{FEFF}<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>\n<!-- c -->\n<BEE_ELEVES>".utf8)
        for chunk in [1, 5, 4000] { #expect(verdicts(text, chunk: chunk).last == .rootReached) }
    }

    @Test func utf16Doctype() {
        let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n<!DOCTYPE x><x/>"
        for bytes in [Array(text.data(using: .utf16LittleEndian)!), Array(text.data(using: .utf16BigEndian)!),
                      Array(text.data(using: .utf16)!)] {
            #expect(verdicts(bytes, chunk: 3).last == .doctype)
        }
    }
}
